import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath } from 'url';
import Ajv from 'ajv-draft-04';
import type { ValidateFunction } from 'ajv';
import type * as Sarif from 'sarif';
import { describeRun, runCli, runCliAll, type CliResult } from '../helpers/cli';
import { FIXTURES_DIR, REPO_ROOT } from '../helpers/repo';
import { copyFixture, git, gitInitAndCommit, makeTempDir, removeDir } from '../helpers/workspace';

const CLI_FIXTURES = path.join(FIXTURES_DIR, 'cli');

/** The shape `--format json` promises. */
interface JsonReport {
  tool: string;
  version: string;
  root: string;
  summary: { files: number; errors: number; warnings: number; infos: number; fixesApplied: number };
  files: {
    path: string;
    fixesApplied: number;
    findings: {
      ruleId: string;
      severity: string;
      message: string;
      line: number;
      column: number;
      endLine: number;
      endColumn: number;
      dataTypes: { id: string; label: string }[];
      flow: { line: number; column: number; message: string }[];
      references: { id: string }[];
      fixes: { title: string; safe: boolean }[];
    }[];
  }[];
}

function parseJson<T>(text: string, result: CliResult): T {
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    assert.fail(`not JSON (${(error as Error).message}):\n${describeRun(result)}`);
  }
}

/** `[path, ruleId, line]` for every finding of a JSON report, for compact comparisons. */
function findingList(report: JsonReport): [string, string, number][] {
  return report.files.flatMap((file) => file.findings.map((finding): [string, string, number] => [file.path, finding.ruleId, finding.line]));
}

function assertExit(result: CliResult, code: number): void {
  assert.strictEqual(result.code, code, describeRun(result));
}

/**
 * Exit 2 comes with a one-line reason on stderr: `phi-lint: <reason>`, optionally followed by the
 * pointer to --help, and never a stack trace.
 */
function assertUsageError(result: CliResult, reason: RegExp): void {
  assertExit(result, 2);
  const lines = result.stderr.trimEnd().split('\n');
  assert.match(lines[0], /^phi-lint: /, describeRun(result));
  assert.match(lines[0], reason, describeRun(result));
  assert.ok(
    lines.slice(1).every((line) => /^Run phi-lint --help for usage\.$/.test(line)),
    `only the reason (and the --help pointer) on stderr:\n${describeRun(result)}`,
  );
  assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
  assert.strictEqual(result.stdout, '', 'nothing on stdout');
}

function compileSarifSchema(): ValidateFunction {
  const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'test', 'schemas', 'sarif-2.1.0.json'), 'utf8')) as object;
  // The official schema has a language-tag pattern that is not valid as a unicode regex, and
  // formats ajv does not know without ajv-formats: both are schema quirks, not SARIF rules.
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false, logger: false });
  return ajv.compile(schema);
}

describe('CLI (bin/phi-lint.js)', function () {
  this.timeout(120000);

  describe('reports', () => {
    let clean: string;
    let findings: string;
    let warnings: string;
    let invalidConfig: string;
    let outDir: string;
    let runs: Record<'clean' | 'text' | 'json' | 'sarif' | 'paths' | 'warningsAllowed' | 'warningsExceeded' | 'invalidConfig' | 'missingPath', CliResult>;

    before(async () => {
      clean = copyFixture(path.join(CLI_FIXTURES, 'clean'), 'cli-clean');
      findings = copyFixture(path.join(CLI_FIXTURES, 'findings'), 'cli-findings');
      warnings = copyFixture(path.join(CLI_FIXTURES, 'warnings'), 'cli-warnings');
      invalidConfig = copyFixture(path.join(CLI_FIXTURES, 'invalid-config'), 'cli-invalid-config');
      outDir = makeTempDir('cli-out');
      runs = await runCliAll({
        clean: { args: [], cwd: clean },
        text: { args: ['--no-color'], cwd: findings },
        json: { args: ['--format', 'json', '--output', path.join(outDir, 'nested', 'report.json')], cwd: findings },
        sarif: { args: ['--format', 'sarif'], cwd: findings },
        paths: { args: ['--config', 'ci/phi-lint.yaml', '--format=json', 'src/admit.ts', 'vendor/lib.ts', 'generated/bundle.ts'], cwd: findings },
        warningsAllowed: { args: ['--max-warnings', '2', '--format', 'json'], cwd: warnings },
        warningsExceeded: { args: ['--max-warnings=1'], cwd: warnings },
        invalidConfig: { args: [], cwd: invalidConfig },
        missingPath: { args: ['src', 'nope'], cwd: clean },
      });
    });

    after(() => {
      for (const dir of [clean, findings, warnings, invalidConfig, outDir]) removeDir(dir);
    });

    it('exits 0 on a clean tree and says there are no findings', () => {
      const run = runs.clean;
      assertExit(run, 0);
      assert.match(run.stdout, /no findings/, describeRun(run));
      assert.match(run.stdout, /2 files checked/);
      assert.strictEqual(run.stderr, '');
    });

    it('exits 1 with findings; the text report gives file, line:column, severity, message and rule id', () => {
      const run = runs.text;
      assertExit(run, 1);
      assert.doesNotMatch(run.stdout, /\x1b\[/, 'no colour codes with --no-color');
      const lines = run.stdout.split('\n');
      const blockOf = (file: string) => {
        const start = lines.indexOf(file);
        assert.ok(start >= 0, `a block for ${file}:\n${run.stdout}`);
        const end = lines.indexOf('', start);
        return lines.slice(start + 1, end);
      };
      const admit = blockOf('src/admit.ts');
      assert.strictEqual(admit.length, 1, admit.join('\n'));
      assert.match(admit[0], /^\s+4:35\s+error\s+`patient\.ssn` \(Social Security number[^)]*\) reaches a log through `logger\.info`.*\s+no-phi-in-logs$/);
      const discharge = blockOf('src/discharge.ts');
      assert.deepStrictEqual(
        discharge.map((line) => /^\s+(\d+:\d+)\s+(\w+)\s+.*\s(\S+)$/.exec(line)?.slice(1)),
        [
          ['5:43', 'error', 'no-phi-in-logs'],
          ['6:42', 'error', 'no-phi-in-logs'],
        ],
      );
      assert.match(discharge[0], /date of birth/);
      assert.match(discharge[1], /diagnosis/);
      assert.match(run.stdout, /5 findings \(5 errors, 0 warnings\) in 4 files, 6 files checked/);
      const lab = blockOf('src/lab results.ts');
      assert.match(lab[0], /^\s+5:48\s+error\s+`labResult`.*\s+no-phi-in-logs$/);
      assert.match(lab[1] ?? '', /^\s+from 4:25: `labResult` is destructured from `order` here$/, 'the value\'s origin is shown beneath');
    });

    it('does not report .gitignored files or files matched by the config ignore globs', () => {
      for (const run of [runs.text, runs.sarif]) {
        assert.doesNotMatch(run.stdout, /generated\/|vendor\/|report\.generated/, describeRun(run));
      }
      const report = parseJson<JsonReport>(fs.readFileSync(path.join(outDir, 'nested', 'report.json'), 'utf8'), runs.json);
      assert.deepStrictEqual(
        report.files.map((file) => file.path),
        ['src/admit.ts', 'src/broken.ts', 'src/census.ts', 'src/discharge.ts', 'src/lab results.ts', 'src/logger.ts'],
      );
    });

    it('reports a file that does not parse as parse-error, says so on stderr, and still reports the other files', () => {
      const run = runs.text;
      const broken = run.stdout.split('\n').slice(run.stdout.split('\n').indexOf('src/broken.ts') + 1)[0];
      assert.match(broken ?? '', /^\s+3:\d+\s+error\s+.*parse.*\s+parse-error$/, describeRun(run));
      assert.match(run.stderr, /could not parse src\/broken\.ts:3:\d+/, describeRun(run));
      assert.strictEqual(run.stderr.trim().split('\n').length, 1, `one stderr line for the one broken file:\n${run.stderr}`);
      // The same for machine-readable output, where stdout alone would not say it.
      assert.match(runs.sarif.stderr, /could not parse src\/broken\.ts/);
      assert.match(runs.text.stdout, /src\/admit\.ts/);
      assert.match(runs.text.stdout, /src\/discharge\.ts/);
    });

    it('--format json --output FILE writes a complete JSON report (creating folders) and nothing to stdout', () => {
      const run = runs.json;
      assertExit(run, 1);
      assert.strictEqual(run.stdout, '');
      const file = path.join(outDir, 'nested', 'report.json');
      assert.ok(fs.existsSync(file), describeRun(run));
      const report = parseJson<JsonReport>(fs.readFileSync(file, 'utf8'), run);
      assert.strictEqual(report.tool, 'phi-lint');
      assert.match(report.version, /^\d+\.\d+\.\d+/);
      assert.strictEqual(fs.realpathSync(report.root), findings);
      assert.deepStrictEqual(report.summary, { files: 6, errors: 5, warnings: 0, infos: 0, fixesApplied: 0 });
      assert.deepStrictEqual(findingList(report), [
        ['src/admit.ts', 'no-phi-in-logs', 4],
        ['src/broken.ts', 'parse-error', 3],
        ['src/discharge.ts', 'no-phi-in-logs', 5],
        ['src/discharge.ts', 'no-phi-in-logs', 6],
        ['src/lab results.ts', 'no-phi-in-logs', 5],
      ]);
      const lab = report.files.find((file) => file.path === 'src/lab results.ts')!.findings[0];
      assert.deepStrictEqual(lab.flow, [{ line: 4, column: 25, message: '`labResult` is destructured from `order` here' }]);
      const [admit] = report.files[0].findings;
      assert.deepStrictEqual(
        { severity: admit.severity, line: admit.line, column: admit.column, endLine: admit.endLine, endColumn: admit.endColumn },
        { severity: 'error', line: 4, column: 35, endLine: 4, endColumn: 46 },
      );
      assert.match(admit.message, /Social Security number/);
      assert.deepStrictEqual(
        admit.dataTypes.map((type) => type.id),
        ['ssn'],
      );
      assert.ok(admit.references.some((reference) => reference.id === 'CWE-532'), JSON.stringify(admit.references));
      assert.ok(admit.fixes.some((fix) => /redact\(\)/.test(fix.title)), JSON.stringify(admit.fixes));
      for (const entry of report.files) assert.strictEqual(entry.fixesApplied, 0);
    });

    it('--format sarif is valid SARIF 2.1.0 with rule metadata and portable locations', () => {
      const run = runs.sarif;
      assertExit(run, 1);
      const log = parseJson<Sarif.Log>(run.stdout, run);
      const validate = compileSarifSchema();
      assert.ok(validate(log), `schema errors: ${JSON.stringify(validate.errors, null, 2)}`);
      // The validator does reject what is not SARIF, so the check above means something.
      assert.strictEqual(validate({ ...log, version: '2.0.0' }), false);
      assert.strictEqual(validate({ ...log, runs: [{ ...log.runs[0], results: [{ message: {} }] }] }), false);

      assert.strictEqual(log.version, '2.1.0');
      assert.strictEqual(log.runs.length, 1);
      const [sarifRun] = log.runs;
      const rules = sarifRun.tool.driver.rules ?? [];
      assert.strictEqual(sarifRun.tool.driver.name, 'phi-lint');
      assert.ok(rules.length > 0);
      for (const rule of rules) {
        assert.match(rule.helpUri ?? '', /^https?:\/\//, `helpUri of ${rule.id}`);
        assert.ok(rule.shortDescription?.text, `shortDescription of ${rule.id}`);
      }
      const base = sarifRun.originalUriBaseIds?.PROJECTROOT?.uri ?? '';
      assert.match(base, /^file:\/\/.*\/$/, `PROJECTROOT is a file:// URI ending in '/': ${base}`);
      assert.strictEqual(path.resolve(fileURLToPath(base)), findings);

      const results = sarifRun.results ?? [];
      assert.strictEqual(results.length, 5);
      for (const result of results) {
        assert.ok(result.ruleId, 'ruleId');
        assert.strictEqual(typeof result.ruleIndex, 'number', `ruleIndex of ${result.ruleId}`);
        assert.strictEqual(rules[result.ruleIndex!].id, result.ruleId, 'ruleIndex points at the rule');
        const location = result.locations?.[0]?.physicalLocation;
        const uri = location?.artifactLocation?.uri ?? '';
        assert.strictEqual(location?.artifactLocation?.uriBaseId, 'PROJECTROOT');
        assert.ok(!uri.startsWith('/') && !/^[a-z]+:/i.test(uri) && !uri.includes('\\'), `relative URI: ${uri}`);
        assert.ok(fs.existsSync(path.join(findings, decodeURIComponent(uri))), `${uri} resolves against PROJECTROOT`);
        assert.ok((location?.region?.startLine ?? 0) >= 1 && (location?.region?.startColumn ?? 0) >= 1, 'regions are 1-based');
      }
      assert.deepStrictEqual(
        results.map((result) => [decodeURIComponent(result.locations![0].physicalLocation!.artifactLocation!.uri!), result.ruleId, result.level, result.locations![0].physicalLocation!.region!.startLine]),
        [
          ['src/admit.ts', 'no-phi-in-logs', 'error', 4],
          ['src/broken.ts', 'parse-error', 'error', 3],
          ['src/discharge.ts', 'no-phi-in-logs', 'error', 5],
          ['src/discharge.ts', 'no-phi-in-logs', 'error', 6],
          ['src/lab results.ts', 'no-phi-in-logs', 'error', 5],
        ],
      );
      const admit = results[0];
      assert.deepStrictEqual(admit.locations![0].physicalLocation!.region, { startLine: 4, startColumn: 35, endLine: 4, endColumn: 46 });
      const lab = results[4];
      assert.strictEqual(lab.relatedLocations?.length, 1, 'the origin is a related location');
      assert.deepStrictEqual(lab.relatedLocations![0].physicalLocation!.region, { startLine: 4, startColumn: 25, endLine: 4, endColumn: 30 });
      const steps = lab.codeFlows?.[0]?.threadFlows?.[0]?.locations ?? [];
      assert.deepStrictEqual(
        steps.map((step) => step.location?.physicalLocation?.region?.startLine),
        [4, 5],
        'the code flow goes from the origin to the sink',
      );
      const fingerprints = results.map((result) => result.partialFingerprints?.['phiLint/v1']);
      assert.strictEqual(new Set(fingerprints).size, results.length, 'distinct fingerprints');
    });

    it('SARIF artifact URIs are URI references: a space in a file name is percent-encoded', () => {
      const log = parseJson<Sarif.Log>(runs.sarif.stdout, runs.sarif);
      const uris = (log.runs[0].results ?? []).map((result) => result.locations![0].physicalLocation!.artifactLocation!.uri!);
      // RFC 3986 (SARIF §3.10.2): only unreserved, sub-delims, ':', '@', '/' and percent-escapes.
      for (const uri of uris) assert.match(uri, /^[A-Za-z0-9\-._~!$&'()*+,;=:@/%]+$/, `"${uri}" is not a valid URI reference`);
      assert.ok(uris.includes('src/lab%20results.ts'), uris.join(', '));
    });

    it('--config replaces .phi-lint.yaml; only the given paths are linted, and a given ignored file is skipped with a notice', () => {
      const run = runs.paths;
      // ci/phi-lint.yaml makes the rule informational, so the findings do not fail the run.
      assertExit(run, 0);
      const report = parseJson<JsonReport>(run.stdout, run);
      assert.deepStrictEqual(
        report.files.map((file) => file.path),
        ['src/admit.ts', 'vendor/lib.ts'],
        'vendor/ is ignored only by .phi-lint.yaml, which --config replaces; generated/ stays .gitignored',
      );
      assert.deepStrictEqual(findingList(report), [
        ['src/admit.ts', 'no-phi-in-logs', 4],
        ['vendor/lib.ts', 'no-phi-in-logs', 2],
      ]);
      assert.ok(report.files.flatMap((file) => file.findings).every((finding) => finding.severity === 'info'));
      assert.deepStrictEqual({ errors: report.summary.errors, warnings: report.summary.warnings, infos: report.summary.infos }, { errors: 0, warnings: 0, infos: 2 });
      assert.match(run.stderr, /skipped 1 file \(ignored\)/, describeRun(run));
    });

    it('--max-warnings N: warnings up to N exit 0, more than N exit 1', () => {
      const allowed = runs.warningsAllowed;
      assertExit(allowed, 0);
      const report = parseJson<JsonReport>(allowed.stdout, allowed);
      assert.deepStrictEqual(report.summary, { files: 2, errors: 0, warnings: 2, infos: 0, fixesApplied: 0 });
      assert.ok(report.files.flatMap((file) => file.findings).every((finding) => finding.severity === 'warning'));
      const exceeded = runs.warningsExceeded;
      assertExit(exceeded, 1);
      assert.match(exceeded.stdout, /2 findings \(0 errors, 2 warnings\)/, describeRun(exceeded));
      assert.match(exceeded.stdout, /\s5:43\s+warning\s/);
    });

    it('exits 2 on an invalid config, naming the file, the key, the line and the bad value', () => {
      const run = runs.invalidConfig;
      assertExit(run, 2);
      assert.strictEqual(run.stdout, '', 'no report when the config is invalid');
      const lines = run.stderr.trimEnd().split('\n');
      assert.strictEqual(lines.length, 1, describeRun(run));
      assert.match(lines[0], /^phi-lint: \.phi-lint\.yaml:3:\d+: rules\.no-phi-in-logs: /, describeRun(run));
      assert.match(lines[0], /error, warning, info, hint, off/);
      assert.match(lines[0], /"loud"/, `the message quotes the value that is wrong: ${lines[0]}`);
    });

    it('exits 2 when a path does not exist', () => {
      assertUsageError(runs.missingPath, /no such file or folder: nope$/);
    });
  });

  describe('usage', () => {
    let dir: string;

    before(() => {
      dir = copyFixture(path.join(CLI_FIXTURES, 'clean'), 'cli-usage');
    });

    after(() => removeDir(dir));

    it('exits 2 on an unknown option', async () => {
      assertUsageError(await runCli(['--frobnicate'], dir), /unknown option --frobnicate/);
    });

    it('exits 2 on a bad --format value', async () => {
      assertUsageError(await runCli(['--format', 'xml'], dir), /--format .*xml/);
    });

    it('exits 2 on an option missing its value, or a bad --max-warnings', async () => {
      const [missing, negative] = await Promise.all([runCli(['--output'], dir), runCli(['--max-warnings', 'many'], dir)]);
      assertUsageError(missing, /--output/);
      assertUsageError(negative, /--max-warnings/);
    });

    it('exits 2 on --fix with --staged', async () => {
      assertUsageError(await runCli(['--fix', '--staged'], dir), /--fix.*--staged/);
    });

    it('exits 2 when --config names a missing file', async () => {
      assertUsageError(await runCli(['--config', 'elsewhere.yaml'], dir), /elsewhere\.yaml/);
    });

    it('--version prints the package version', async () => {
      const run = await runCli(['--version'], dir);
      assertExit(run, 0);
      const version = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
      assert.strictEqual(run.stdout.trim(), version);
    });

    it('--help prints usage with every option and the exit codes', async () => {
      const run = await runCli(['--help'], dir);
      assertExit(run, 0);
      assert.match(run.stdout, /^Usage: phi-lint/);
      for (const option of ['--format', '--output', '--config', '--changed-since', '--staged', '--fix', '--max-warnings', '--quiet', '--no-color', '--version', '--help']) {
        assert.ok(run.stdout.includes(option), `--help mentions ${option}`);
      }
      assert.match(run.stdout, /Exit codes/);
    });
  });

  describe('--fix', () => {
    let dir: string;
    let original: string;
    let first: CliResult;
    let afterFirst: string;
    let second: CliResult;
    let afterSecond: string;

    before(async () => {
      dir = copyFixture(path.join(CLI_FIXTURES, 'fix'), 'cli-fix');
      const file = path.join(dir, 'src', 'intake.ts');
      original = fs.readFileSync(file, 'utf8');
      first = await runCli(['--fix', '--format', 'json'], dir);
      afterFirst = fs.readFileSync(file, 'utf8');
      second = await runCli(['--fix', '--format', 'json', '--max-warnings', '1'], dir);
      afterSecond = fs.readFileSync(file, 'utf8');
    });

    after(() => removeDir(dir));

    it('wraps the leaked values in redact() and imports it from the configured module', () => {
      assert.notStrictEqual(afterFirst, original, describeRun(first));
      const expected = original
        .replace("import { logger } from './logger';", "import { logger } from './logger';\nimport { redact } from './redact';")
        .replace('${intake.ssn}', '${redact(intake.ssn)}')
        .replace('diagnosis: intake.diagnosis', 'diagnosis: redact(intake.diagnosis)')
        .replace("'confirmation sent to', intake.email", "'confirmation sent to', redact(intake.email)");
      assert.strictEqual(afterFirst, expected);
      // The suppressed line is left alone: a suppression is a decision, not a leak to fix.
      assert.ok(afterFirst.includes("console.log('legacy audit line', intake.ssn);"));
      // Only the file with fixes is touched, and no temporary files are left behind.
      assert.strictEqual(fs.readFileSync(path.join(dir, 'src', 'logger.ts'), 'utf8'), fs.readFileSync(path.join(CLI_FIXTURES, 'fix', 'src', 'logger.ts'), 'utf8'));
      assert.deepStrictEqual(fs.readdirSync(path.join(dir, 'src')).sort(), ['intake.ts', 'logger.ts', 'redact.ts']);
    });

    it('reports what remains after fixing, and the exit code follows it', () => {
      assertExit(first, 1);
      const report = parseJson<JsonReport>(first.stdout, first);
      assert.strictEqual(report.summary.fixesApplied, 3);
      assert.strictEqual(report.files.find((file) => file.path === 'src/intake.ts')?.fixesApplied, 3);
      assert.deepStrictEqual(findingList(report), [['src/intake.ts', 'suppression-reason-required', 15]]);
      assert.deepStrictEqual({ errors: report.summary.errors, warnings: report.summary.warnings }, { errors: 0, warnings: 1 });
    });

    it('a second run finds nothing left to fix and changes nothing', () => {
      assertExit(second, 0);
      const report = parseJson<JsonReport>(second.stdout, second);
      assert.strictEqual(report.summary.fixesApplied, 0);
      assert.deepStrictEqual(findingList(report), [['src/intake.ts', 'suppression-reason-required', 15]]);
      assert.strictEqual(afterSecond, afterFirst);
    });
  });

  describe('git integration', () => {
    let changedRepo: string;
    let stagedRepo: string;
    let runs: Record<'changedSince' | 'staged' | 'badRef', CliResult>;

    const edit = (root: string, file: string, from: string, to: string) => {
      const full = path.join(root, file);
      const text = fs.readFileSync(full, 'utf8');
      assert.ok(text.includes(from), `${file} contains ${from}`);
      fs.writeFileSync(full, text.replace(from, to));
    };

    before(async () => {
      // --changed-since: the last commit adds a leak to mixed.ts (which already had one), the
      // working tree adds one to tidy.ts, and fresh.ts is untracked.
      changedRepo = copyFixture(path.join(CLI_FIXTURES, 'git-base'), 'cli-changed');
      gitInitAndCommit(changedRepo, 'base');
      edit(changedRepo, 'src/mixed.ts', "  logger.info('visit recorded', { id: patient.id });\n", "  logger.info('visit recorded', { id: patient.id });\n  logger.info('visit diagnosis', { diagnosis: patient.diagnosis });\n");
      git(changedRepo, 'commit', '-q', '-am', 'log the diagnosis');
      edit(changedRepo, 'src/tidy.ts', "  logger.info('tidy', { id: patient.id });\n", "  logger.info('tidy', { id: patient.id });\n  logger.warn(`tidy ${patient.ssn}`);\n");
      fs.writeFileSync(
        path.join(changedRepo, 'src', 'fresh.ts'),
        "import { logger } from './logger';\n\nexport function fresh(patient: { ssn: string }): void {\n  logger.info(patient.ssn);\n}\n",
      );

      // --staged: tidy.ts has a leak staged but not in the working tree; notes.ts has a clean
      // change staged and a leak in the working tree only; old.ts has unstaged changes only.
      stagedRepo = copyFixture(path.join(CLI_FIXTURES, 'git-base'), 'cli-staged');
      gitInitAndCommit(stagedRepo, 'base');
      const tidy = fs.readFileSync(path.join(stagedRepo, 'src', 'tidy.ts'), 'utf8');
      edit(stagedRepo, 'src/tidy.ts', "  logger.info('tidy', { id: patient.id });\n", "  logger.info('tidy', { id: patient.id });\n  logger.warn(`tidy ${patient.ssn}`);\n");
      git(stagedRepo, 'add', 'src/tidy.ts');
      fs.writeFileSync(path.join(stagedRepo, 'src', 'tidy.ts'), tidy);
      edit(stagedRepo, 'src/notes.ts', "logger.info('note added',", "logger.info('note added to chart',");
      git(stagedRepo, 'add', 'src/notes.ts');
      edit(stagedRepo, 'src/notes.ts', '  logger.info(\'note added to chart\', { patientId: patient.id, author });\n', "  logger.info('note added to chart', { patientId: patient.id, author });\n  logger.info('note text', patient.notes);\n");
      edit(stagedRepo, 'src/old.ts', '  logger.info(`legacy ${patient.ssn}`);\n', '  logger.info(`legacy ${patient.ssn}`);\n  console.log(patient.ssn);\n');
      fs.writeFileSync(path.join(stagedRepo, 'src', 'untracked.ts'), 'export const dob = (patient: { dob: string }) => console.log(patient.dob);\n');

      runs = await runCliAll({
        // From a subfolder: the repository root is still the git top level.
        changedSince: { args: ['--changed-since', 'HEAD~1', '--format', 'json'], cwd: path.join(changedRepo, 'src') },
        staged: { args: ['--staged', '--format', 'json'], cwd: stagedRepo },
        badRef: { args: ['--changed-since', 'no-such-ref'], cwd: changedRepo },
      });
    });

    after(() => {
      removeDir(changedRepo);
      removeDir(stagedRepo);
    });

    it('--changed-since (run from a subfolder) reports findings on lines changed by the commit and in the working tree, and in untracked files', () => {
      const run = runs.changedSince;
      assertExit(run, 1);
      const report = parseJson<JsonReport>(run.stdout, run);
      assert.deepStrictEqual(findingList(report), [
        ['src/fresh.ts', 'no-phi-in-logs', 4],
        ['src/mixed.ts', 'no-phi-in-logs', 6],
        ['src/tidy.ts', 'no-phi-in-logs', 5],
      ]);
      // mixed.ts line 4 leaks too, but that line did not change; old.ts did not change at all.
      assert.ok(!report.files.some((file) => file.path === 'src/old.ts'), 'unchanged files are not linted');
      assert.strictEqual(report.summary.errors, 3);
      assert.strictEqual(fs.realpathSync(report.root), changedRepo, 'run from src/, the root is the git top level');
    });

    it('--changed-since with a ref that does not exist exits 2 with a one-line reason', () => {
      assertUsageError(runs.badRef, /no-such-ref/);
    });

    it('--staged lints the staged content: a staged leak is reported even when the working tree no longer has it', () => {
      const run = runs.staged;
      assertExit(run, 1);
      const report = parseJson<JsonReport>(run.stdout, run);
      assert.deepStrictEqual(findingList(report), [['src/tidy.ts', 'no-phi-in-logs', 5]]);
    });

    it('--staged does not report a leak that is only in the working tree, nor unstaged or untracked files', () => {
      const report = parseJson<JsonReport>(runs.staged.stdout, runs.staged);
      assert.deepStrictEqual(
        report.files.map((file) => file.path),
        ['src/notes.ts', 'src/tidy.ts'],
      );
      assert.deepStrictEqual(report.files.find((file) => file.path === 'src/notes.ts')?.findings, []);
    });
  });
});
