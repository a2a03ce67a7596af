import { applyEdits } from '../core/lineIndex';
import type { Finding, Fix, TextEdit } from '../core/types';
import type { Linter } from './linter';

export interface FixAllResult {
  text: string;
  /** How many fixes were applied over all passes. */
  applied: number;
  /** What is left after fixing, as the linter sees the final text. */
  remaining: Finding[];
}

/**
 * Applies every safe fix, re-linting between passes (as ESLint does) so that fixes which overlap
 * in one pass are applied in the next, against text that reflects the earlier ones. All edits
 * of a pass come from one version of the text. `ruleId` limits it to one rule's findings (the
 * editor's "fix all of this rule in the file").
 */
export function fixAll(linter: Linter, filePath: string, text: string, options: { maxPasses?: number; ruleId?: string } = {}): FixAllResult {
  const { maxPasses = 10, ruleId } = options;
  let current = text;
  let applied = 0;
  let findings = linter.lint(filePath, current).findings;
  const fixable = (finding: Finding) => ruleId === undefined || finding.ruleId === ruleId;
  for (let pass = 0; pass < maxPasses; pass++) {
    const chosen = chooseNonOverlapping(findings.filter(fixable).flatMap((finding) => finding.fixes.filter((fix) => fix.safe)));
    if (chosen.fixes === 0) break;
    current = applyEdits(current, chosen.edits).text;
    applied += chosen.fixes;
    findings = linter.lint(filePath, current).findings;
  }
  return { text: current, applied, remaining: findings };
}

/**
 * Picks whole fixes whose edits touch no edit already picked. Identical edits (two fixes adding
 * the same import) are shared rather than applied twice.
 */
function chooseNonOverlapping(fixes: Fix[]): { edits: TextEdit[]; fixes: number } {
  const edits: TextEdit[] = [];
  const keys = new Set<string>();
  let count = 0;
  const key = (edit: TextEdit) => `${edit.range.start.line}:${edit.range.start.character}-${edit.range.end.line}:${edit.range.end.character}=${edit.newText}`;
  for (const fix of fixes) {
    const fresh = fix.edits.filter((edit) => !keys.has(key(edit)));
    if (fresh.some((edit) => edits.some((taken) => overlaps(edit, taken)))) continue;
    for (const edit of fresh) {
      edits.push(edit);
      keys.add(key(edit));
    }
    count++;
  }
  return { edits, fixes: count };
}

function before(a: TextEdit['range']['start'], b: TextEdit['range']['start']): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** Two edits overlap when their ranges share text, or both insert at the same point. */
function overlaps(a: TextEdit, b: TextEdit): boolean {
  const aEmpty = !before(a.range.start, a.range.end);
  const bEmpty = !before(b.range.start, b.range.end);
  if (aEmpty && bEmpty) return a.range.start.line === b.range.start.line && a.range.start.character === b.range.start.character;
  return before(a.range.start, b.range.end) && before(b.range.start, a.range.end);
}

/** The smallest single edit that turns `from` into `to`: editors keep cursors and folds. */
export function minimalEdit(from: string, to: string): { start: number; end: number; newText: string } | undefined {
  if (from === to) return undefined;
  let start = 0;
  while (start < from.length && start < to.length && from[start] === to[start]) start++;
  let endFrom = from.length;
  let endTo = to.length;
  while (endFrom > start && endTo > start && from[endFrom - 1] === to[endTo - 1]) {
    endFrom--;
    endTo--;
  }
  return { start, end: endFrom, newText: to.slice(start, endTo) };
}
