import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { applyEdits } from '../../server/src/core/lineIndex';
import type { Fix } from '../../server/src/core/types';
import type { Linter } from '../../server/src/engine/linter';

/**
 * Applies one quick fix alone, the way an editor does: the fix of `ruleId` whose title matches,
 * on `text` written as `fileName` in a fresh folder under `dir` (IaC readers look at a file's
 * folder). Asserts that the text parses before and after, that the edits do not overlap and
 * that the fix removes its finding; `check` sees the fix chosen. Returns the fixed text.
 */
export function applyFixAlone(linter: Linter, dir: string, fileName: string, text: string, ruleId: string, title: RegExp, check?: (fix: Fix) => void): string {
  const folder = fs.mkdtempSync(path.join(dir, 'case-'));
  const file = path.join(folder, fileName);
  fs.writeFileSync(file, text);
  const before = linter.lint(file, text);
  assert.ok(before.parsed, `${fileName} does not parse`);
  const findings = before.findings.filter((finding) => finding.ruleId === ruleId);
  const fix = findings.flatMap((finding) => finding.fixes).find((candidate) => title.test(candidate.title));
  assert.ok(fix, `no ${ruleId} fix matching ${title} among: ${findings.flatMap((finding) => finding.fixes.map((candidate) => candidate.title)).join(' | ')}`);
  check?.(fix);
  const result = applyEdits(text, fix.edits);
  assert.strictEqual(result.skipped, 0, 'overlapping edits');
  const after = linter.lint(file, result.text);
  assert.ok(after.parsed, `the fixed text does not parse:\n${result.text}`);
  const left = after.findings.filter((finding) => finding.ruleId === ruleId).length;
  assert.ok(left < findings.length, `the fix does not remove its finding (${findings.length} before, ${left} after):\n${result.text}`);
  return result.text;
}
