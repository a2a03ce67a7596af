import * as fs from 'fs';
import * as path from 'path';
import { Project } from '../../server/src/engine/project';
import { languageOf } from '../../server/src/parse/languages';
import { RULES, RULE_IDS } from '../../server/src/rules';
import { blankMarkers, compareFindings, parseExpectations, type Marker } from './expectations';
import { REPO_ROOT } from './repo';

/**
 * The accuracy benchmark (`npm run bench:accuracy`, test/bench/accuracy.test.ts): a labelled
 * corpus of realistic mini-projects under bench/accuracy/corpus/<project>/, linted with the real
 * engine, compared with its inline markers, and summed up as precision and recall per rule.
 *
 * Markers are the fixture harness's (test/helpers/expectations.ts): `// expect: <rule>` on a line
 * is one positive case (a finding of that rule must start there; `xN` makes N), `// ok: <rule>`
 * one negative case (a finding of that rule there is wrong). Every line without a marker is a
 * negative too: a finding of a benchmarked rule on it is a false positive.
 *
 * The engine sees each file with its markers blanked out (same length, same positions), so the
 * comments cannot steer it. Each top-level corpus folder is one Project, as the CLI would build
 * for it, so a mini-project's own .phi-lint.yaml applies to its files.
 */

export const CORPUS_DIR = path.join(REPO_ROOT, 'bench', 'accuracy', 'corpus');

/**
 * The application-code rules the benchmark is about (the catalog's sink families). A rule is
 * measured once it is in the engine's registry; markers for one that is not yet registered are
 * counted and listed as not measured, so the corpus can be written ahead of the rule.
 */
export const APPLICATION_RULE_IDS: readonly string[] = [
  'no-phi-in-logs',
  'no-phi-in-error-tracking',
  'no-phi-in-analytics',
  'no-phi-in-client-storage',
  'no-phi-in-urls',
  'no-unencrypted-phi-writes',
  'no-weak-pseudonymization',
  'no-hardcoded-credentials',
];

/** Rules that must never report on the corpus: a corpus problem, not a measurement. */
const CORPUS_PROBLEM_RULES = new Set(['parse-error', 'internal-error']);

/** Files in a corpus folder that are not linted sources. */
const NOT_SOURCES = new Set(['.phi-lint.yaml', '.gitignore', 'README.md', 'package.json', 'tsconfig.json']);

export type Outcome = 'TP' | 'FN' | 'TN' | 'FP';

/** One labelled case (one marker; `xN` gives N) and how the engine did on it. */
export interface CaseResult {
  /** Path relative to the corpus folder, with forward slashes. */
  file: string;
  /** 1-based line the marker is about. */
  line: number;
  ruleId: string;
  kind: 'expect' | 'ok';
  outcome: Outcome;
  /** The source line, trimmed. */
  code: string;
  /** Messages of the findings that made a negative case a false positive. */
  messages: string[];
}

/** A finding that no expect: marker asked for: on a line marked ok:, on an unmarked line, or one too many on a marked line. */
export interface ExtraFinding {
  file: string;
  line: number;
  ruleId: string;
  where: 'ok-line' | 'unmarked' | 'expect-line';
  message: string;
  code: string;
}

export interface RuleStats {
  ruleId: string;
  positives: number;
  negatives: number;
  tp: number;
  fn: number;
  /** Every finding that no expect: marker accounts for. */
  fp: number;
  /** Negative cases (ok: markers) with no finding. */
  tn: number;
  /** Of fp: findings on lines marked ok:. */
  fpOnOk: number;
  /** Of fp: findings on lines without any marker for the rule. */
  fpUnmarked: number;
  /** TP / (TP + FP); null when the rule reported nothing. */
  precision: number | null;
  /** TP / (TP + FN); null when the rule has no positive case. */
  recall: number | null;
}

export interface AccuracyReport {
  corpusDir: string;
  projects: string[];
  files: number;
  /** The rules measured, in registry order. */
  rules: RuleStats[];
  /** Sums over the measured rules (micro-average). */
  overall: RuleStats;
  cases: CaseResult[];
  extra: ExtraFinding[];
  /** Markers for application rules that are not in the registry yet: counted, not measured. */
  unregistered: { ruleId: string; positives: number; negatives: number }[];
  /** Findings of rules the benchmark does not measure (suppression hygiene, schema rules), for the record. */
  otherFindings: { file: string; line: number; ruleId: string; message: string }[];
  /** Unreadable markers, invalid configs, files that do not parse: the corpus must be fixed. */
  problems: string[];
}

/** The registered rules the benchmark measures: the application-code rules that read JS/TS. */
export function measuredRuleIds(): string[] {
  const registered = new Set(RULES.filter((rule) => rule.meta.languages.includes('javascript')).map((rule) => rule.meta.id));
  return APPLICATION_RULE_IDS.filter((id) => registered.has(id));
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') out.push(...filesUnder(full));
    } else if (entry.isFile()) out.push(full);
  }
  return out;
}

const ratio = (numerator: number, denominator: number) => (denominator === 0 ? null : numerator / denominator);

function emptyStats(ruleId: string): RuleStats {
  return { ruleId, positives: 0, negatives: 0, tp: 0, fn: 0, fp: 0, tn: 0, fpOnOk: 0, fpUnmarked: 0, precision: null, recall: null };
}

function finish(stats: RuleStats): RuleStats {
  return { ...stats, precision: ratio(stats.tp, stats.tp + stats.fp), recall: ratio(stats.tp, stats.tp + stats.fn) };
}

/**
 * Lints every source file of the corpus with the real engine and scores the findings against
 * the markers. Synchronous; call prepareAdapters() first if the corpus ever holds Terraform.
 */
export function runAccuracy(corpusDir: string = CORPUS_DIR): AccuracyReport {
  const measured = measuredRuleIds();
  const measuredSet = new Set(measured);
  const knownIds = new Set([...RULE_IDS, ...APPLICATION_RULE_IDS]);
  const stats = new Map(measured.map((id) => [id, emptyStats(id)]));
  const unregistered = new Map<string, { ruleId: string; positives: number; negatives: number }>();
  const report: AccuracyReport = {
    corpusDir,
    projects: [],
    files: 0,
    rules: [],
    overall: emptyStats('overall'),
    cases: [],
    extra: [],
    unregistered: [],
    otherFindings: [],
    problems: [],
  };
  if (!fs.existsSync(corpusDir)) {
    report.problems.push(`no corpus at ${corpusDir}`);
    return report;
  }
  report.projects = fs
    .readdirSync(corpusDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

  for (const projectName of report.projects) {
    const root = path.join(corpusDir, projectName);
    const project = new Project(root);
    for (const problem of project.problems) report.problems.push(`${projectName}/${path.relative(root, problem.file)}: ${problem.key}: ${problem.message}`);
    for (const file of filesUnder(root)) {
      const display = path.relative(corpusDir, file).split(path.sep).join('/');
      if (NOT_SOURCES.has(path.basename(file))) continue;
      if (languageOf(file) !== 'javascript') {
        report.problems.push(`${display}: not a JS/TS source; the benchmark only holds application code`);
        continue;
      }
      report.files++;
      const text = fs.readFileSync(file, 'utf8');
      const lines = text.split(/\r\n|\r|\n/);
      const codeAt = (line: number) => (lines[line] ?? '').trim();
      const expectations = parseExpectations(text, display, knownIds);
      report.problems.push(...expectations.problems);

      // Markers for application rules that the registry does not run yet.
      for (const marker of [...expectations.expected, ...expectations.ok]) {
        if (measuredSet.has(marker.ruleId) || !APPLICATION_RULE_IDS.includes(marker.ruleId)) continue;
        const entry = unregistered.get(marker.ruleId) ?? { ruleId: marker.ruleId, positives: 0, negatives: 0 };
        if (marker.kind === 'expect') entry.positives++;
        else entry.negatives++;
        unregistered.set(marker.ruleId, entry);
      }

      const output = project.linterFor(file).lint(file, blankMarkers(text, display));
      const findings = output.findings.map((finding) => ({ ruleId: finding.ruleId, line: finding.range.start.line, message: finding.message }));
      for (const finding of findings) {
        if (CORPUS_PROBLEM_RULES.has(finding.ruleId)) report.problems.push(`${display}:${finding.line + 1}: ${finding.ruleId}: ${finding.message}`);
        else if (!measuredSet.has(finding.ruleId)) report.otherFindings.push({ file: display, line: finding.line + 1, ruleId: finding.ruleId, message: finding.message });
      }

      for (const ruleId of measured) {
        const ruleStats = stats.get(ruleId)!;
        const expected = expectations.expected.filter((marker) => marker.ruleId === ruleId);
        const ok = expectations.ok.filter((marker) => marker.ruleId === ruleId);
        const comparison = compareFindings(expectations, findings, new Set([ruleId]));
        ruleStats.positives += expected.length;
        ruleStats.negatives += ok.length;

        // Positives: each expect: marker is found (TP) or missed (FN). Markers on one line are
        // interchangeable, so the missed ones are the last of that line's.
        const missing = [...comparison.missing];
        for (const marker of expected) {
          const index = missing.findIndex((candidate) => candidate.line === marker.line);
          const missed = index >= 0;
          if (missed) missing.splice(index, 1);
          report.cases.push(caseOf(display, marker, missed ? 'FN' : 'TP', codeAt(marker.line), []));
          if (missed) ruleStats.fn++;
          else ruleStats.tp++;
        }

        // Negatives: an ok: marker with a finding on its line is a false positive.
        for (const marker of ok) {
          const onLine = comparison.extra.filter((finding) => finding.line === marker.line);
          report.cases.push(caseOf(display, marker, onLine.length > 0 ? 'FP' : 'TN', codeAt(marker.line), onLine.map((finding) => finding.message)));
          if (onLine.length === 0) ruleStats.tn++;
        }

        // Every finding no expect: marker accounts for is a false positive, wherever it is.
        for (const finding of comparison.extra) {
          const where: ExtraFinding['where'] = finding.markedOk ? 'ok-line' : expected.some((marker) => marker.line === finding.line) ? 'expect-line' : 'unmarked';
          report.extra.push({ file: display, line: finding.line + 1, ruleId, where, message: finding.message, code: codeAt(finding.line) });
          ruleStats.fp++;
          if (where === 'ok-line') ruleStats.fpOnOk++;
          else if (where === 'unmarked') ruleStats.fpUnmarked++;
        }
      }
    }
  }

  report.rules = measured.map((id) => finish(stats.get(id)!));
  const overall = emptyStats('overall');
  for (const rule of report.rules) {
    for (const key of ['positives', 'negatives', 'tp', 'fn', 'fp', 'tn', 'fpOnOk', 'fpUnmarked'] as const) overall[key] += rule[key];
  }
  report.overall = finish(overall);
  report.unregistered = APPLICATION_RULE_IDS.filter((id) => unregistered.has(id)).map((id) => unregistered.get(id)!);
  return report;
}

function caseOf(file: string, marker: Marker, outcome: Outcome, code: string, messages: string[]): CaseResult {
  return { file, line: marker.line + 1, ruleId: marker.ruleId, kind: marker.kind, outcome, code, messages };
}

/** Why a rule (or the corpus) fails the threshold; empty when everything passes. */
export function failures(report: AccuracyReport, threshold: number): string[] {
  const out = [...report.problems.map((problem) => `corpus problem: ${problem}`)];
  for (const rule of [...report.rules, report.overall]) {
    if (rule.positives === 0) out.push(`${rule.ruleId}: no positive (expect:) case`);
    if (rule.negatives === 0) out.push(`${rule.ruleId}: no negative (ok:) case`);
    // No finding at all: nothing was wrongly reported, so precision does not fail; recall does.
    if (rule.precision !== null && rule.precision < threshold) out.push(`${rule.ruleId}: precision ${rule.precision.toFixed(3)} < ${threshold}`);
    if (rule.recall !== null && rule.recall < threshold) out.push(`${rule.ruleId}: recall ${rule.recall.toFixed(3)} < ${threshold}`);
  }
  return out;
}

const format = (value: number | null) => (value === null ? '-' : value.toFixed(3));

/** The per-rule table, then the overall line. */
export function formatTable(report: AccuracyReport): string {
  const header = ['rule', 'positives', 'negatives', 'TP', 'FP', 'FN', 'precision', 'recall'];
  const row = (rule: RuleStats) => [rule.ruleId, rule.positives, rule.negatives, rule.tp, rule.fp, rule.fn, format(rule.precision), format(rule.recall)].map(String);
  const rows = [...report.rules.map(row), row(report.overall)];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((cells) => cells[column].length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ').trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  const out = [
    `phi-lint accuracy: ${report.files} files in ${report.projects.length} projects (${path.relative(REPO_ROOT, report.corpusDir) || report.corpusDir}), ${report.overall.positives + report.overall.negatives} labelled cases measured`,
    '',
    line(header),
    rule,
    ...rows.slice(0, -1).map(line),
    rule,
    line(rows[rows.length - 1]),
  ];
  out.push('', `FP counts every finding no expect: marker accounts for: ${report.overall.fpOnOk} on lines marked ok:, ${report.overall.fpUnmarked} on unmarked lines, ${report.overall.fp - report.overall.fpOnOk - report.overall.fpUnmarked} beyond a marker's count.`);
  for (const pending of report.unregistered) {
    out.push(`not measured: ${pending.ruleId} is not in the rule registry yet (${pending.positives} positive, ${pending.negatives} negative cases waiting)`);
  }
  if (report.problems.length > 0) out.push('', `corpus problems (${report.problems.length}):`, ...report.problems.map((problem) => `  ${problem}`));
  return out.join('\n');
}

/** Every miss and false positive, file:line first, with the code and the engine's message. */
export function formatVerbose(report: AccuracyReport): string {
  const out: string[] = [];
  const missed = report.cases.filter((entry) => entry.outcome === 'FN');
  out.push(`False negatives (${missed.length}): expect: markers no finding matched`);
  for (const entry of missed) out.push(`  ${entry.file}:${entry.line}  ${entry.ruleId}\n      | ${entry.code}`);
  out.push('', `False positives (${report.extra.length}): findings no expect: marker accounts for`);
  const where = { 'ok-line': 'line marked ok:', unmarked: 'unmarked line', 'expect-line': 'more findings than the marker counts' };
  for (const entry of report.extra) out.push(`  ${entry.file}:${entry.line}  ${entry.ruleId} (${where[entry.where]}): ${entry.message}\n      | ${entry.code}`);
  if (report.otherFindings.length > 0) {
    out.push('', `Findings of rules not measured here (${report.otherFindings.length}):`);
    for (const entry of report.otherFindings) out.push(`  ${entry.file}:${entry.line}  ${entry.ruleId}: ${entry.message}`);
  }
  return out.join('\n');
}
