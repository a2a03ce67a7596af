import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type * as Sarif from 'sarif';
import type { AuditReport } from '../../server/src/cli/auditReport/model';
import { describeRun, runCli, runCliAll, type CliResult } from '../helpers/cli';
import { REPO_ROOT } from '../helpers/repo';
import { makeTempDir, removeDir, writeFiles } from '../helpers/workspace';

const EXAMPLE = 'examples/telehealth-app';
/** The controls the audit asks findings to be grouped by (issue #7). */
const REQUIRED_CONTROLS = [
  'HIPAA-164.312(a)(2)(iv)',
  'HIPAA-164.312(b)',
  'HIPAA-164.312(c)(1)',
  'HIPAA-164.312(e)(1)',
  'HIPAA-164.514',
  'CPRA-1798.100(c)',
  'CPRA-1798.150',
  'CPRA-1798.81.5',
];

/** The report data the HTML page embeds for tools (and these tests) to read back. */
export function embeddedReport(html: string): AuditReport {
  const match = /<script type="application\/json" id="phi-lint-report-data">([\s\S]*?)<\/script>/.exec(html);
  assert.ok(match, 'the page embeds its data as JSON');
  return JSON.parse(match[1]) as AuditReport;
}

function assertExit(result: CliResult, code: number): void {
  assert.strictEqual(result.code, code, describeRun(result));
}

describe('CLI: phi-lint report', function () {
  this.timeout(180000);

  let outDir: string;
  let runs: Record<'html' | 'md' | 'sarif', CliResult>;
  let html: string;
  let markdown: string;
  let report: AuditReport;
  let sarif: Sarif.Log;

  before(async () => {
    outDir = makeTempDir('report');
    runs = await runCliAll({
      html: { args: ['report', EXAMPLE, '--output', path.join(outDir, 'report.html')], cwd: REPO_ROOT },
      md: { args: ['report', EXAMPLE, '--format', 'md', '--output', path.join(outDir, 'report.md')], cwd: REPO_ROOT },
      sarif: { args: [EXAMPLE, '--format', 'sarif'], cwd: REPO_ROOT },
    });
    assertExit(runs.html, 0);
    assertExit(runs.md, 0);
    html = fs.readFileSync(path.join(outDir, 'report.html'), 'utf8');
    markdown = fs.readFileSync(path.join(outDir, 'report.md'), 'utf8');
    report = embeddedReport(html);
    sarif = JSON.parse(runs.sarif.stdout) as Sarif.Log;
  });

  after(() => removeDir(outDir));

  it('writes the report, says so on stderr, and exits 0 although there are findings', () => {
    assert.match(runs.html.stderr, /^phi-lint: wrote .*report\.html \(\d+ findings?, \d+ documented exceptions?\)\n$/, describeRun(runs.html));
    assert.strictEqual(runs.html.stdout, '');
    assert.ok(report.summary.findings > 0, 'the example has findings');
  });

  it('counts exactly what the SARIF run of the same files reports: one engine, one scan', () => {
    const results = sarif.runs[0].results ?? [];
    assert.strictEqual(report.summary.findings, results.length);
    assert.strictEqual(report.findings.length, results.length);
    assert.strictEqual(report.summary.errors, results.filter((result) => result.level === 'error').length);
    assert.strictEqual(report.summary.warnings, results.filter((result) => result.level === 'warning').length);
    const byRule = (ids: string[]) => ids.reduce<Record<string, number>>((counts, id) => ({ ...counts, [id]: (counts[id] ?? 0) + 1 }), {});
    assert.deepStrictEqual(byRule(report.findings.map((finding) => finding.ruleId)), byRule(results.map((result) => result.ruleId!)));
    const where = (file: string, line: number, ruleId: string) => `${file}:${line}:${ruleId}`;
    assert.deepStrictEqual(
      report.findings.map((finding) => where(finding.file, finding.line, finding.ruleId)).sort(),
      results.map((result) => where(decodeURIComponent(result.locations![0].physicalLocation!.artifactLocation!.uri!), result.locations![0].physicalLocation!.region!.startLine!, result.ruleId!)).sort(),
    );
  });

  it('states the tool version, the commit and the date', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.strictEqual(report.tool.version, pkg.version);
    assert.match(report.commit ?? '', /^[0-9a-f]{40}$/);
    assert.ok(Math.abs(Date.parse(report.date) - Date.now()) < 10 * 60 * 1000, `a current ISO date: ${report.date}`);
    assert.match(html, new RegExp(`<td><code>${report.commit}</code></td>`));
  });

  it('has every section, and a map with nodes and edges', () => {
    for (const id of ['report-meta', 'summary', 'filters', 'map', 'inventory', 'stores', 'flows', 'controls', 'exceptions', 'flow-map']) {
      assert.match(html, new RegExp(`id="${id}"`), `section #${id}`);
    }
    assert.ok((html.match(/<g class="node /g) ?? []).length >= 10, 'map nodes');
    assert.ok((html.match(/<g class="edge /g) ?? []).length >= 10, 'map edges');
  });

  it('inventories the example: PHI-bearing types, schema columns with their phi-purpose, stores with their posture', () => {
    const patient = report.types.find((type) => type.name === 'Patient');
    assert.ok(patient, 'the Patient interface');
    assert.strictEqual(patient.file, `${EXAMPLE}/src/types.ts`);
    for (const field of ['firstName', 'dateOfBirth', 'ssn', 'email', 'diagnosis']) assert.ok(patient.fields.some((candidate) => candidate.name === field), field);
    assert.ok(!patient.fields.some((field) => field.name === 'id'), 'an id is not personal data');

    const column = (name: string) => report.columns.find((candidate) => candidate.table === 'patients' && candidate.name === name);
    assert.deepStrictEqual(
      { state: column('first_name')?.purposeState, purpose: column('first_name')?.purpose },
      { state: 'stated', purpose: 'identifies the patient on visit notes and prescriptions' },
    );
    assert.strictEqual(column('ssn')?.purposeState, 'missing');
    assert.strictEqual(column('id'), undefined);

    const status = (store: string) => Object.fromEntries(report.stores.find((candidate) => candidate.name === store)!.posture.map((aspect) => [aspect.aspect, aspect.status]));
    assert.deepStrictEqual(status('PatientDocumentsBucket'), { encryption: 'pass', publicAccess: 'pass', logging: 'gap', retention: 'pass' });
    assert.deepStrictEqual(status('ApiLogGroup'), { encryption: 'gap', publicAccess: 'not checked', logging: 'not checked', retention: 'pass' });
    assert.ok(!report.stores.some((store) => store.name === 'RecordsKey'), 'a KMS key holds no PHI');

    const ssn = report.dataTypes.find((type) => type.label === 'Social Security number');
    assert.ok(ssn?.declaredIn.some((where) => where.kind === 'column' && where.name === 'patients.ssn'));
  });

  it('draws flows from data types through files to sinks and third parties', () => {
    const sentry = report.flows.find((flow) => flow.file === `${EXAMPLE}/src/monitoring.ts`);
    assert.ok(sentry, 'the Sentry flow');
    assert.strictEqual(sentry.sinkKind, 'no-phi-in-error-tracking');
    assert.strictEqual(sentry.thirdParty, true);
    assert.deepStrictEqual(sentry.sinks, ['Sentry.setUser']);
    const names = report.flows.find((flow) => flow.file === `${EXAMPLE}/src/routes/patients.ts`);
    assert.strictEqual(names?.count, 2, 'firstName and lastName on one line');
    assert.strictEqual(report.summary.flows, report.flows.length);
  });

  it('groups findings by control, and lists suppressions with their reasons as documented exceptions', () => {
    for (const id of REQUIRED_CONTROLS) {
      const control = report.controls.find((candidate) => candidate.id === id);
      assert.ok(control, `control ${id}`);
      assert.match(html, new RegExp(`id="control-${id.replace(/[()]/g, '\\$&')}"`));
    }
    for (const finding of report.findings) {
      assert.ok(report.controls.some((control) => control.findings.includes(finding.id)), `${finding.id} (${finding.ruleId}) is under a control`);
    }
    const audit = report.controls.find((control) => control.id === 'HIPAA-164.312(b)')!;
    assert.ok(audit.findings.length > 0, 'log findings are audit-control findings');

    assert.strictEqual(report.exceptions.length, 1);
    const [exception] = report.exceptions;
    assert.strictEqual(exception.ruleId, 'no-phi-in-logs');
    assert.strictEqual(exception.file, `${EXAMPLE}/src/services/auditTrail.ts`);
    assert.match(exception.reason ?? '', /^audit trail: the audit transport writes to the encrypted audit store/);
    assert.ok(audit.exceptions.includes(exception.id));
    assert.match(html, /id="exceptions-table"[\s\S]*audit trail: the audit transport/);
  });

  it('is self-contained: no external scripts, styles, images or fonts', () => {
    assert.doesNotMatch(html, /\ssrc=/i, 'no src attribute at all');
    assert.doesNotMatch(html, /<link\b/i);
    assert.doesNotMatch(html, /@import|url\(/i);
    const hrefs = [...html.matchAll(/<(\w+)[^>]*\shref="([^"]*)"/g)];
    assert.ok(hrefs.length > 0);
    for (const [tag, element, href] of hrefs) {
      if (/^https?:/i.test(href)) assert.ok(element === 'a' && /class="doc"/.test(tag), `only documentation links go out: ${tag}`);
    }
  });

  it('writes Markdown with the same numbers: tables, a mermaid map, exceptions', () => {
    assert.match(markdown, new RegExp(`\\| Summary \\| ${report.summary.filesChecked} files checked, ${report.summary.findings} findings`));
    assert.match(markdown, /```mermaid\nflowchart LR\n/);
    assert.match(markdown, /^\| Column \| Data type \| phi-purpose \| Declared at \|$/m);
    assert.match(markdown, /^### HIPAA-164\.312\(b\): Audit controls \(\d+ findings, 1 exceptions\)$/m);
    assert.match(markdown, /audit trail: the audit transport/);
    // Links to code are relative to where the report is written.
    const link = /\]\(([^)#]+)#L\d+\)/.exec(markdown);
    assert.ok(link && fs.existsSync(path.resolve(outDir, decodeURI(link[1]))), `a working relative link: ${link?.[1]}`);
  });

  it('rejects options that do not fit a report, with exit 2', async () => {
    const [format, fix] = await Promise.all([runCli(['report', '--format', 'sarif', EXAMPLE], REPO_ROOT), runCli(['report', '--fix', EXAMPLE], REPO_ROOT)]);
    assertExit(format, 2);
    assert.match(format.stderr, /^phi-lint: report --format must be html or md/);
    assertExit(fix, 2);
    assert.match(fix.stderr, /^phi-lint: --fix cannot be used with report/);
  });

  it('escapes what comes from the code, and says when there is no git repository', async () => {
    const dir = makeTempDir('report-escape');
    try {
      writeFiles(dir, {
        'src/intake.ts': [
          'export function intake(patient: { ssn: string }) {',
          '  // phi-lint-disable-next-line no-phi-in-logs -- <img src=x onerror="alert(1)"> reviewed',
          '  console.log(patient.ssn);',
          '  // phi-lint-disable-next-line no-phi-in-logs -- </script><script>alert(2)</script>',
          '  console.info(patient.ssn);',
          '}',
          '',
        ].join('\n'),
      });
      const run = await runCli(['report', '--output', 'out/r.html'], dir);
      assertExit(run, 0);
      const page = fs.readFileSync(path.join(dir, 'out', 'r.html'), 'utf8');
      assert.doesNotMatch(page, /<img/);
      assert.doesNotMatch(page, /<script>alert/);
      assert.match(page, /&lt;img src=x onerror=&quot;alert\(1\)&quot;&gt; reviewed/);
      const data = embeddedReport(page);
      assert.strictEqual(data.commit, undefined);
      assert.match(page, /not a git repository/);
      assert.strictEqual(data.exceptions[0].reason, '<img src=x onerror="alert(1)"> reviewed');
    } finally {
      removeDir(dir);
    }
  });
});
