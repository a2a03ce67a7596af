import * as assert from 'assert';
import * as path from 'path';
import type { Diagnostic } from 'vscode-languageserver/node';
import { bundledIacCatalog } from '../../server/src/analysis/iac/catalog';
import { commonFolder, escapeHtml, jsonForScript } from '../../server/src/cli/auditReport/escape';
import { renderHtml } from '../../server/src/cli/auditReport/html';
import { renderMarkdown } from '../../server/src/cli/auditReport/markdown';
import { buildAuditReport, UNMAPPED_CONTROL, type AuditReport } from '../../server/src/cli/auditReport/model';
import { renderFlowMapSvg } from '../../server/src/cli/auditReport/svg';
import type { FileReport, RunReport } from '../../server/src/cli/report';
import { bundledCatalog } from '../../server/src/catalog/catalog';
import { loadControls } from '../../server/src/catalog/controls';
import type { DiagnosticData, FileInventoryResult, ReportControlsResult } from '../../server/src/protocol';
import { ALL_RULES } from '../../server/src/rules';

const ROOT = path.join(path.sep, 'repo');
const CONTROLS: ReportControlsResult = {
  controls: [
    { id: 'HIPAA-164.312(b)', name: 'Audit controls', title: 'HIPAA Security Rule: audit controls', url: 'https://example.org/164.312' },
    { id: 'CPRA-1798.150', name: 'Reasonable security', title: 'CPRA: reasonable security' },
  ],
  sinks: [
    { rule: 'no-phi-in-logs', label: 'Logs', thirdParty: false },
    { rule: 'no-phi-in-analytics', label: 'Analytics', thirdParty: true },
  ],
  posture: [
    { aspect: 'encryption', label: 'Encryption' },
    { aspect: 'logging', label: 'Access logging' },
  ],
};

const SSN = { id: 'ssn', label: 'Social Security number', category: 'a HIPAA identifier', group: 'phi' };
const DOB = { id: 'date-of-birth', label: 'date of birth', category: 'a HIPAA identifier', group: 'phi' };
const range = (line: number) => ({ start: { line, character: 2 }, end: { line, character: 8 } });

function diagnostic(ruleId: string, line: number, options: { severity?: 1 | 2 | 3; dataTypes?: (typeof SSN)[]; references?: string[]; sink?: string } = {}): Diagnostic {
  const data: DiagnosticData = {
    ruleId,
    dataTypes: options.dataTypes ?? [],
    references: (options.references ?? []).map((id) => ({ id, title: id })),
    fixes: [],
    ...(options.sink ? { sink: options.sink } : {}),
  };
  return { range: range(line), severity: options.severity ?? 1, code: ruleId, source: 'phi-lint', message: `${ruleId} at ${line}`, data };
}

function emptyInventory(): FileInventoryResult {
  return { types: [], columns: [], stores: [], storeFindings: [], exceptions: [] };
}

function file(relative: string, diagnostics: Diagnostic[], inventory: Partial<FileInventoryResult> = {}): FileReport {
  return { path: path.join(ROOT, relative), diagnostics, fixesApplied: 0, text: '', inventory: { ...emptyInventory(), ...inventory } };
}

function run(files: FileReport[]): RunReport {
  return { root: ROOT, cwd: ROOT, version: '9.9.9', files, rules: [] };
}

function build(files: FileReport[]): AuditReport {
  return buildAuditReport(run(files), { controls: CONTROLS, commit: 'abc123', date: new Date('2026-01-02T03:04:05Z'), scanned: [] });
}

describe('audit report', () => {
  describe('model', () => {
    it('counts findings as the run has them, by severity, and maps each to its controls or to none', () => {
      const report = build([
        file('src/a.ts', [
          diagnostic('no-phi-in-logs', 3, { dataTypes: [SSN], references: ['HIPAA-164.312(b)', 'CWE-532'], sink: 'logger.info' }),
          diagnostic('no-phi-in-logs', 9, { severity: 2, dataTypes: [SSN, DOB], references: ['HIPAA-164.312(b)', 'CPRA-1798.150'], sink: 'console.log' }),
        ]),
        file('src/b.ts', [diagnostic('parse-error', 0)]),
      ]);
      assert.deepStrictEqual(
        { findings: report.summary.findings, errors: report.summary.errors, warnings: report.summary.warnings, files: report.summary.filesChecked },
        { findings: 3, errors: 2, warnings: 1, files: 2 },
      );
      assert.deepStrictEqual(report.findings.map((finding) => [finding.id, finding.file, finding.line, finding.controls]), [
        ['F1', 'src/a.ts', 4, ['HIPAA-164.312(b)']],
        ['F2', 'src/a.ts', 10, ['HIPAA-164.312(b)', 'CPRA-1798.150']],
        ['F3', 'src/b.ts', 1, [UNMAPPED_CONTROL]],
      ]);
      assert.deepStrictEqual(
        report.controls.map((control) => [control.id, control.findings]),
        [
          ['HIPAA-164.312(b)', ['F1', 'F2']],
          ['CPRA-1798.150', ['F2']],
          [UNMAPPED_CONTROL, ['F3']],
        ],
      );
    });

    it('aggregates flows by data type, file and sink kind, with the calls and lines', () => {
      const report = build([
        file('src/a.ts', [
          diagnostic('no-phi-in-logs', 3, { dataTypes: [SSN], sink: 'logger.info' }),
          diagnostic('no-phi-in-logs', 5, { dataTypes: [SSN], sink: 'logger.warn' }),
          diagnostic('no-phi-in-analytics', 7, { dataTypes: [DOB], sink: 'analytics.track' }),
          diagnostic('iac-kms', 8),
        ]),
      ]);
      assert.deepStrictEqual(
        report.flows.map((flow) => [flow.dataType, flow.sinkKind, flow.count, flow.lines, flow.sinks, flow.thirdParty]),
        [
          ['date-of-birth', 'no-phi-in-analytics', 1, [8], ['analytics.track'], true],
          ['ssn', 'no-phi-in-logs', 2, [4, 6], ['logger.info', 'logger.warn'], false],
        ],
      );
    });

    it('judges a store aspect by the findings that name it in its scope: gap, exception, pass, not checked', () => {
      const store = { name: 'Bucket', type: 'AWS::S3::Bucket', format: 'cloudformation', range: range(4), scope: '/repo/t.yaml', checkedAspects: ['encryption', 'logging'] };
      const finding = (aspect: string, suppressed: boolean, resource = 'Bucket', scope = '/repo/t.yaml') => ({ scope, resource, check: 'c', ruleId: 'r', aspects: [aspect], range: range(4), suppressed });
      const posture = (findings: ReturnType<typeof finding>[], checkedAspects = store.checkedAspects) =>
        Object.fromEntries(build([file('t.yaml', [], { stores: [{ ...store, checkedAspects }], storeFindings: findings })]).stores[0].posture.map((aspect) => [aspect.aspect, aspect.status]));
      assert.deepStrictEqual(posture([]), { encryption: 'pass', logging: 'pass' });
      assert.deepStrictEqual(posture([finding('encryption', false)]), { encryption: 'gap', logging: 'pass' });
      assert.deepStrictEqual(posture([finding('logging', true)]), { encryption: 'pass', logging: 'exception' });
      assert.deepStrictEqual(posture([], ['encryption']), { encryption: 'pass', logging: 'not checked' });
      assert.deepStrictEqual(posture([finding('encryption', false, 'OtherBucket'), finding('encryption', false, 'Bucket', '/repo/other.yaml')]), { encryption: 'pass', logging: 'pass' });
    });

    it('lists suppressed findings as exceptions, with their reason or without one', () => {
      const exception = (reason?: string) => ({ ruleId: 'no-phi-in-logs', severity: 'error', message: 'm', range: range(2), dataTypes: [SSN], references: [{ id: 'HIPAA-164.312(b)', title: '' }], ...(reason ? { reason } : {}), directiveRange: range(1) });
      const report = build([file('src/a.ts', [], { exceptions: [exception('reviewed'), exception()] })]);
      assert.deepStrictEqual(report.exceptions.map((entry) => [entry.id, entry.reason, entry.line, entry.directiveLine]), [
        ['E1', 'reviewed', 3, 2],
        ['E2', undefined, 3, 2],
      ]);
      assert.deepStrictEqual(report.controls.find((control) => control.id === 'HIPAA-164.312(b)')?.exceptions, ['E1', 'E2']);
      assert.strictEqual(report.summary.exceptions, 2);
    });
  });

  describe('map', () => {
    /** Dozens of flows: 12 data types through 30 files into 5 sinks. */
    function bigReport(): AuditReport {
      const types = Array.from({ length: 12 }, (_, index) => ({ id: `type-${index}`, label: `data type number ${index}`, category: 'c', group: 'phi' }));
      const files = Array.from({ length: 30 }, (_, index) =>
        file(`services/module-${index}/handler.ts`, [
          diagnostic(index % 5 === 0 ? 'no-phi-in-analytics' : 'no-phi-in-logs', index, { dataTypes: [types[index % 12]], sink: `sink${index % 5}.call` }),
          diagnostic('no-phi-in-logs', index + 40, { dataTypes: [types[(index * 7) % 12]], sink: 'logger.info' }),
        ]),
      );
      return build(files);
    }

    it('sizes the SVG by its content and never overlaps nodes, for dozens of flows', () => {
      const svg = renderFlowMapSvg(bigReport());
      const height = Number(/<svg[^>]* height="(\d+(?:\.\d+)?)"/.exec(svg)?.[1]);
      const rects = [...svg.matchAll(/<rect x="([\d.]+)" y="([\d.]+)" width="(\d+)" height="(\d+)"/g)].map((match) => match.slice(1).map(Number));
      assert.strictEqual(rects.length, 12 + 30 + 2);
      assert.ok(height >= Math.max(...rects.map(([, y, , h]) => y + h)), 'every node inside the picture');
      for (const [index, [x, y, , h]] of rects.entries()) {
        for (const [x2, y2] of rects.slice(index + 1)) if (x === x2) assert.ok(Math.abs(y - y2) >= h, `nodes at ${x},${y} and ${x2},${y2} overlap`);
      }
      // Files are labelled below their shared folder.
      assert.match(svg, />module-3\/handler\.ts</);
      assert.doesNotMatch(svg, />services\/module-3/);
    });

    it('escapes labels and marks nodes and edges with the data types and controls the filters use', () => {
      const report = build([file('src/<b>.ts', [diagnostic('no-phi-in-logs', 1, { dataTypes: [{ ...SSN, label: 'S<S>N & co' }], references: ['HIPAA-164.312(b)'] })])]);
      const svg = renderFlowMapSvg(report);
      assert.doesNotMatch(svg, /<b>|S<S>N/);
      assert.match(svg, /S&lt;S&gt;N &amp; co/);
      assert.match(svg, /<g class="edge edge-flow f" data-dt="ssn" data-ctl="HIPAA-164.312\(b\)">/);
    });

    it('says so when there is nothing to draw', () => {
      assert.match(renderFlowMapSvg(build([file('src/a.ts', [])])), /id="flow-map-empty"/);
    });
  });

  describe('renderers', () => {
    it('HTML and Markdown link code relative to where the report is written', () => {
      const report = build([file('src/a.ts', [diagnostic('no-phi-in-logs', 3, { dataTypes: [SSN], references: ['HIPAA-164.312(b)'] })])]);
      assert.match(renderHtml(report, { linkBase: '../' }), /<a class="code" href="\.\.\/src\/a\.ts#L4">src\/a\.ts:4<\/a>/);
      assert.match(renderMarkdown(report, { linkBase: '../' }), /\[src\/a\.ts:4\]\(\.\.\/src\/a\.ts#L4\)/);
    });

    it('Markdown keeps table cells in one piece: pipes, line breaks and HTML escaped', () => {
      const exception = { ruleId: 'no-phi-in-logs', severity: 'error', message: 'a | b\nc <i>', range: range(2), dataTypes: [], references: [], reason: 'ok | <b>fine</b>', directiveRange: range(1) };
      const markdown = renderMarkdown(build([file('src/a.ts', [], { exceptions: [exception] })]), { linkBase: '' });
      const row = markdown.split('\n').find((line) => line.startsWith('| E1 |'));
      assert.strictEqual(row, '| E1 | `no-phi-in-logs` | [src/a.ts:3](src/a.ts#L3) | ok \\| &lt;b&gt;fine&lt;/b&gt; | a \\| b c &lt;i&gt; |');
    });

    it('embeds the report as JSON that cannot end its script element', () => {
      assert.strictEqual(jsonForScript({ text: '</script><!--' }), '{"text":"\\u003c/script\\u003e\\u003c!--"}');
      assert.strictEqual(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    });

    it('finds the folder paths share', () => {
      assert.strictEqual(commonFolder(['app/src/a.ts', 'app/src/b/c.ts', 'app/db/x.sql']), 'app/');
      assert.strictEqual(commonFolder(['a.ts', 'src/b.ts']), '');
      assert.strictEqual(commonFolder(['src/only.ts']), 'src/');
    });
  });

  describe('rules/controls.yaml', () => {
    const catalog = bundledCatalog();
    const controls = loadControls(new Set(catalog.references.keys()));

    it('maps only references, rules and IaC checks that exist', () => {
      const ruleIds = new Set(ALL_RULES.map((rule) => rule.meta.id));
      for (const sink of controls.sinks) assert.ok(ruleIds.has(sink.rule), `sinks: unknown rule ${sink.rule}`);
      const checks = new Set(bundledIacCatalog().checks.map((check) => check.id));
      for (const aspect of controls.posture) for (const entry of aspect.checks) assert.ok(checks.has(entry.check), `posture.${aspect.aspect}: unknown check ${entry.check}`);
      for (const control of controls.controls) assert.ok(catalog.references.has(control.id), control.id);
    });

    it('gives code checks the resource types they judge (declarative checks have targets)', () => {
      const byId = new Map(bundledIacCatalog().checks.map((check) => [check.id, check]));
      for (const aspect of controls.posture) {
        for (const entry of aspect.checks) assert.ok(entry.types ?? byId.get(entry.check)?.targets, `posture.${aspect.aspect}: ${entry.check} needs types`);
      }
    });

    it('rejects a control that is no reference, naming file and key', () => {
      assert.throws(() => loadControls(new Set(['HIPAA-164.312(b)'])), /controls\.yaml.*controls\.0\.id: "HIPAA-164\.312\(a\)\(2\)\(iv\)" is not a reference/s);
    });
  });
});
