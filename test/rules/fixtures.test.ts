import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { applyEdits } from '../../server/src/core/lineIndex';
import type { Finding } from '../../server/src/core/types';
import { fixAll } from '../../server/src/engine/fixAll';
import { Project } from '../../server/src/engine/project';
import { languageOf } from '../../server/src/parse/languages';
import { ALL_RULES, RULE_IDS } from '../../server/src/rules';
import { blankMarkers, compareFindings, formatComparison, isClean, parseExpectations, type Expectations } from '../helpers/expectations';
import { FIXTURES_DIR } from '../helpers/repo';

/**
 * One harness for every rule: test/fixtures/<rule-id>/** holds files whose comments say where
 * findings must start (`expect: <rule-id>`) and where they must not (`ok: <rule-id>`). Each file
 * is linted as the editor and the CLI would lint it, through a Project rooted at its rule's
 * folder, so that a subfolder can carry its own .phi-lint.yaml. `name.fixed.ext` next to
 * `name.ext` holds the text fix-all must produce.
 */

/** Rules that must never report unless a fixture asks for them. */
const ALWAYS_COMPARED = ['parse-error', 'internal-error'];
/** Rules that cannot be provoked from a fixture. */
const NO_FIXTURE_NEEDED = new Set(['internal-error']);
/** Folders under test/fixtures that belong to other suites (CLI and protocol fixture trees). */
const OTHER_SUITES = new Set(['cli', 'lsp', 'editor', 'bench']);
/** Files in a fixture folder that are not fixtures. */
const NOT_FIXTURES = new Set(['.phi-lint.yaml', '.gitignore', 'README.md']);

interface FixtureFile {
  /** Absolute path. */
  file: string;
  /** Path relative to test/fixtures, for messages. */
  display: string;
  text: string;
  expectations: Expectations;
  /** `name.fixed.ext` next to it, when there is one. */
  fixedFile?: string;
}

interface FixtureFolder {
  ruleId: string;
  root: string;
  fixtures: FixtureFile[];
  /** `*.fixed.*` files with no fixture beside them. */
  orphanFixed: string[];
  /** Files the linter does not read and that are not config files. */
  unreadable: string[];
  /** Rules whose findings this folder's fixtures are compared on. */
  comparedRules: Set<string>;
}

const FIXED_PATTERN = /^(.*)\.fixed(\.[^.]+)$/;

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(full));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

function readFolder(ruleId: string): FixtureFolder {
  const root = path.join(FIXTURES_DIR, ruleId);
  const all = filesUnder(root);
  const fixedFiles = new Set(all.filter((file) => FIXED_PATTERN.test(path.basename(file))));
  const folder: FixtureFolder = { ruleId, root, fixtures: [], orphanFixed: [], unreadable: [], comparedRules: new Set([ruleId, ...ALWAYS_COMPARED]) };
  for (const file of all) {
    const base = path.basename(file);
    if (fixedFiles.has(file) || NOT_FIXTURES.has(base)) continue;
    if (!languageOf(file)) {
      folder.unreadable.push(file);
      continue;
    }
    const text = fs.readFileSync(file, 'utf8');
    const display = path.relative(FIXTURES_DIR, file).split(path.sep).join('/');
    const extension = path.extname(base);
    const fixedFile = path.join(path.dirname(file), `${base.slice(0, -extension.length)}.fixed${extension}`);
    folder.fixtures.push({ file, display, text, expectations: parseExpectations(text, display, RULE_IDS), fixedFile: fixedFiles.has(fixedFile) ? fixedFile : undefined });
  }
  for (const fixed of fixedFiles) {
    const [, stem, extension] = FIXED_PATTERN.exec(path.basename(fixed))!;
    if (!folder.fixtures.some((fixture) => fixture.file === path.join(path.dirname(fixed), `${stem}${extension}`))) folder.orphanFixed.push(fixed);
  }
  for (const fixture of folder.fixtures) {
    for (const marker of [...fixture.expectations.expected, ...fixture.expectations.ok]) folder.comparedRules.add(marker.ruleId);
  }
  return folder;
}

const folderNames = fs.existsSync(FIXTURES_DIR)
  ? fs
      .readdirSync(FIXTURES_DIR, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort()
  : [];
const folders = folderNames.filter((name) => RULE_IDS.has(name)).map(readFolder);

/** One Project per rule folder, as the CLI would build for that folder as its root. */
const projects = new Map<string, Project>();
function lintFixture(folder: FixtureFolder, file: string, text: string) {
  let project = projects.get(folder.root);
  if (!project) {
    project = new Project(folder.root);
    projects.set(folder.root, project);
  }
  assert.deepStrictEqual(project.problems.map((problem) => `${problem.file}: ${problem.key}: ${problem.message}`), [], 'a fixture .phi-lint.yaml is invalid');
  const linter = project.linterFor(file);
  return { linter, output: linter.lint(file, text) };
}

describe('rule fixtures (test/fixtures/<rule-id>/)', () => {
  it('every folder under test/fixtures is named after a rule (or is another suite\'s)', () => {
    const strays = folderNames.filter((name) => !RULE_IDS.has(name) && !OTHER_SUITES.has(name));
    assert.deepStrictEqual(strays, [], `fixture folders that name no rule (known: ${[...RULE_IDS].join(', ')})`);
  });

  for (const rule of ALL_RULES) {
    const id = rule.meta.id;
    if (NO_FIXTURE_NEEDED.has(id)) continue;
    it(`${id} has fixtures that fire (expect: ${id}) and that stay silent (ok: ${id})`, () => {
      const folder = folders.find((candidate) => candidate.ruleId === id);
      assert.ok(folder, `no folder test/fixtures/${id}/`);
      const markers = folder.fixtures.flatMap((fixture) => [...fixture.expectations.expected, ...fixture.expectations.ok]).filter((marker) => marker.ruleId === id);
      assert.ok(markers.some((marker) => marker.kind === 'expect'), `no "expect: ${id}" marker in test/fixtures/${id}/`);
      assert.ok(markers.some((marker) => marker.kind === 'ok'), `no "ok: ${id}" marker in test/fixtures/${id}/`);
    });
  }

  for (const folder of folders) {
    describe(folder.ruleId, () => {
      it('holds fixtures with expectations, no stray or orphaned files', () => {
        const hasExpect = folder.fixtures.some((fixture) => fixture.expectations.expected.length > 0);
        const hasOk = folder.fixtures.some((fixture) => fixture.expectations.ok.length > 0);
        assert.ok(hasExpect || hasOk, `test/fixtures/${folder.ruleId}/ has no "expect:" and no "ok:" marker in any file: it would assert nothing`);
        const unmarked = folder.fixtures.filter((fixture) => fixture.expectations.expected.length === 0 && fixture.expectations.ok.length === 0).map((fixture) => fixture.display);
        assert.deepStrictEqual(unmarked, [], 'fixture files without any expect:/ok: marker');
        assert.deepStrictEqual(folder.unreadable.map((file) => path.relative(FIXTURES_DIR, file)), [], 'files phi-lint does not read (they would never be checked)');
        assert.deepStrictEqual(folder.orphanFixed.map((file) => path.relative(FIXTURES_DIR, file)), [], '*.fixed.* files with no fixture beside them');
      });

      for (const fixture of folder.fixtures) {
        it(fixture.display, () => {
          assert.deepStrictEqual(fixture.expectations.problems, [], 'unreadable markers');
          const { output } = lintFixture(folder, fixture.file, fixture.text);
          const comparison = compareFindings(
            fixture.expectations,
            output.findings.map((finding) => ({ ruleId: finding.ruleId, line: finding.range.start.line, message: finding.message })),
            folder.comparedRules,
          );
          if (!isClean(comparison)) {
            assert.fail(`findings differ from the markers in ${fixture.display} (rules compared: ${[...folder.comparedRules].sort().join(', ')})\n${formatComparison(fixture.display, comparison, fixture.text.split(/\r?\n/))}`);
          }
        });

        it(`${fixture.display}: findings do not depend on the expect:/ok: comments`, () => {
          const blanked = blankMarkers(fixture.text, fixture.display);
          assert.notStrictEqual(blanked, fixture.text, 'blanking found no marker to remove');
          const { output } = lintFixture(folder, fixture.file, fixture.text);
          const { output: withoutMarkers } = lintFixture(folder, fixture.file, blanked);
          const summarize = (findings: Finding[]) => findings.map((finding) => `${finding.range.start.line + 1}:${finding.range.start.character + 1} ${finding.ruleId}: ${finding.message}`);
          assert.deepStrictEqual(summarize(withoutMarkers.findings), summarize(output.findings), `${fixture.display} reports differently once its marker comments are blanked out`);
        });

        if (fixture.fixedFile) {
          const fixedFile = fixture.fixedFile;
          const fixedDisplay = path.relative(FIXTURES_DIR, fixedFile).split(path.sep).join('/');
          it(`${fixture.display}: fix-all gives ${path.basename(fixedFile)}`, () => {
            const { linter } = lintFixture(folder, fixture.file, fixture.text);
            const expected = fs.readFileSync(fixedFile, 'utf8');
            const result = fixAll(linter, fixture.file, fixture.text);
            assert.strictEqual(result.text, expected, `fix-all output differs from ${fixedDisplay}`);
            // Fixing again changes nothing: fix-all reaches a fixed point.
            const again = fixAll(linter, fixture.file, result.text);
            assert.strictEqual(again.applied, 0, `fix-all still finds safe fixes in ${fixedDisplay}`);
          });
        }
      }
    });
  }
});

/** What applying one fix does to the text and to the findings of its rule. */
function checkFix(linter: ReturnType<typeof lintFixture>['linter'], fixture: FixtureFile, findings: readonly Finding[], finding: Finding, fixIndex: number): string | undefined {
  const fix = finding.fixes[fixIndex];
  const where = `${fixture.display}:${finding.range.start.line + 1}:${finding.range.start.character + 1} ${finding.ruleId}, fix "${fix.title}"`;
  if (fix.edits.length === 0) return `${where}: has no edits`;
  const applied = applyEdits(fixture.text, fix.edits);
  if (applied.skipped > 0) return `${where}: its own edits overlap (${applied.skipped} dropped)`;
  if (applied.text === fixture.text) return `${where}: changes nothing`;
  const after = linter.lint(fixture.file, applied.text);
  if (!after.parsed) {
    const parseError = after.findings.find((candidate) => candidate.ruleId === 'parse-error');
    return `${where}: leaves code that does not parse: ${parseError?.message ?? '(no message)'}\n--- result ---\n${excerpt(applied.text, finding.range.start.line)}`;
  }
  const before = findings.filter((candidate) => candidate.ruleId === finding.ruleId).length;
  const remaining = after.findings.filter((candidate) => candidate.ruleId === finding.ruleId).length;
  if (remaining < before) return undefined;
  // A template fix inserts a `<placeholder>` that a person must replace (a phi-purpose, a
  // suppression reason), and the placeholder is still reported. Filled in, it must fix.
  if (fix.edits.some((edit) => PLACEHOLDER.test(edit.newText))) {
    const filled = applyEdits(fixture.text, fix.edits.map((edit) => ({ ...edit, newText: edit.newText.replace(PLACEHOLDER_ALL, 'filled in by the fixture test') }))).text;
    const afterFilling = linter.lint(fixture.file, filled);
    const left = afterFilling.findings.filter((candidate) => candidate.ruleId === finding.ruleId).length;
    if (afterFilling.parsed && left < before) return undefined;
    return `${where}: with its placeholder filled in, does not remove the finding (${before} ${finding.ruleId} findings before, ${left} after)\n--- result ---\n${excerpt(filled, finding.range.start.line)}`;
  }
  return `${where}: does not remove the finding (${before} ${finding.ruleId} findings before, ${remaining} after)\n--- result ---\n${excerpt(applied.text, finding.range.start.line)}`;
}

const PLACEHOLDER = /<[a-z][^<>\n]*>/;
const PLACEHOLDER_ALL = new RegExp(PLACEHOLDER.source, 'g');

function excerpt(text: string, line: number): string {
  const lines = text.split(/\r?\n/);
  return lines
    .slice(Math.max(0, line - 2), line + 3)
    .map((content, offset) => `${Math.max(0, line - 2) + offset + 1}| ${content}`)
    .join('\n');
}

/** Rules whose meta says they fix: each of their findings offers at least one fix. */
const FIXABLE_RULES = new Set(ALL_RULES.filter((rule) => rule.meta.fixable).map((rule) => rule.meta.id));

describe('every individual fix leaves code that parses and removes its finding', () => {
  for (const folder of folders) {
    for (const fixture of folder.fixtures) {
      it(fixture.display, () => {
        const { linter, output } = lintFixture(folder, fixture.file, fixture.text);
        if (!output.parsed) {
          // A file that does not parse offers nothing to fix; its own test checks the parse error.
          assert.deepStrictEqual(output.findings.flatMap((finding) => finding.fixes), [], 'a file that does not parse should offer no fixes');
          return;
        }
        const problems: string[] = [];
        let fixCount = 0;
        for (const finding of output.findings) {
          if (FIXABLE_RULES.has(finding.ruleId) && finding.fixes.length === 0) {
            problems.push(`${fixture.display}:${finding.range.start.line + 1} ${finding.ruleId}: a finding of a fixable rule offers no fix`);
          }
          for (let i = 0; i < finding.fixes.length; i++) {
            fixCount++;
            const problem = checkFix(linter, fixture, output.findings, finding, i);
            if (problem) problems.push(problem);
          }
        }
        assert.deepStrictEqual(problems, [], `${problems.length} of ${fixCount} fixes are broken:\n${problems.join('\n')}`);
      });
    }
  }
});
