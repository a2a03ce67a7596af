import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { CodeAction, Diagnostic, PublishDiagnosticsParams, WorkspaceDiagnosticReport } from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import type { ConfigStatusResult, DiagnosticData, RuleDescription, ScanProgressParams, ScanWorkspaceResult } from '../../server/src/protocol';
import { LspClient } from '../helpers/lspClient';
import { LEAK, LOGGER, REDACT } from '../helpers/sampleSources';
import { applyTextEdits, makeTempDir, rangeOf, removeDir, writeFiles } from '../helpers/workspace';

/** Two leaks, for fix-all. */
const TWO_LEAKS = [
  "import { logger } from './logger';",
  '',
  'export function discharge(patient: { id: string; ssn: string; diagnosis: string }) {',
  '  logger.info(`discharged ${patient.ssn}`);',
  "  logger.warn('diagnosis', { diagnosis: patient.diagnosis });",
  '}',
  '',
].join('\n');

const CLEAN = [
  "import { logger } from './logger';",
  '',
  'export function count(total: number) {',
  "  logger.info('patients admitted today', { total });",
  '}',
  '',
].join('\n');

const BROKEN = ['export function (patient {', '  console.log(patient.ssn;', ''].join('\n');

const PULL_CAPABILITIES = { textDocument: { diagnostic: { dynamicRegistration: false } } };

/** LSP 3.18 lets a message be markup; phi-lint sends strings, but read either. */
function messageText(diagnostic: Diagnostic): string {
  const message: unknown = diagnostic.message;
  return typeof message === 'string' ? message : (message as { value: string }).value;
}

function diagnosticsOf(params: PublishDiagnosticsParams): Diagnostic[] {
  return params.diagnostics;
}

function assertLeakDiagnostic(diagnostic: Diagnostic, text: string, needle = 'patient.ssn'): void {
  assert.deepStrictEqual(diagnostic.range, rangeOf(text, needle));
  assert.strictEqual(diagnostic.code, 'no-phi-in-logs');
  assert.strictEqual(diagnostic.source, 'phi-lint');
  assert.match(messageText(diagnostic), /Social Security number/);
  assert.ok(diagnostic.codeDescription?.href.includes('no-phi-in-logs'), 'codeDescription.href points at the rule docs');
  const data = diagnostic.data as DiagnosticData;
  assert.strictEqual(data.ruleId, 'no-phi-in-logs');
  assert.deepStrictEqual(
    data.dataTypes.map((type) => type.id),
    ['ssn'],
  );
  assert.ok(data.references.length > 0, 'references are carried in data');
  assert.ok(data.fixes.length > 0, 'fix titles are carried in data');
}

describe('LSP protocol (phi-lint-server --stdio)', function () {
  this.timeout(60000);

  describe('push mode', () => {
    let root: string;
    let client: LspClient;

    before(async () => {
      root = makeTempDir('lsp-push');
      writeFiles(root, {
        '.phi-lint.yaml': 'redaction:\n  module: ./redact\n',
        'src/logger.ts': LOGGER,
        'src/redact.ts': REDACT,
        'src/admit.ts': LEAK,
        'src/discharge.ts': TWO_LEAKS,
        'src/broken.ts': BROKEN,
      });
      client = await LspClient.start({ root });
    });

    after(async () => {
      await client?.close();
      removeDir(root);
    });

    it('announces incremental sync and code actions, and no pull diagnostics', () => {
      const capabilities = client.initializeResult!.capabilities;
      assert.deepStrictEqual((capabilities.textDocumentSync as { change: number }).change, 2);
      assert.ok(capabilities.codeActionProvider, 'code actions offered');
      assert.strictEqual(capabilities.diagnosticProvider, undefined, 'push mode does not offer pull diagnostics');
      assert.strictEqual(client.initializeResult!.serverInfo?.name, 'phi-lint-server');
    });

    it('publishes a finding on didOpen, offers a redact() quick fix, and clears it after an incremental didChange', async () => {
      const uri = await client.openDocument('src/admit.ts', LEAK);
      const published = await client.waitForNotification<PublishDiagnosticsParams>('textDocument/publishDiagnostics', (params) => params.uri === uri);
      assert.strictEqual(published.version, 1);
      const diagnostics = diagnosticsOf(published);
      assert.strictEqual(diagnostics.length, 1, JSON.stringify(diagnostics));
      const [diagnostic] = diagnostics;
      assertLeakDiagnostic(diagnostic, LEAK);

      const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: diagnostic.range,
        context: { diagnostics: [diagnostic] },
      });
      const quickfixes = actions.filter((action) => action.kind === 'quickfix');
      assert.ok(quickfixes.length > 0, `quick fixes offered: ${JSON.stringify(actions)}`);
      const wrap = quickfixes.find((action) => /redact/.test(action.title));
      assert.ok(wrap, `a redact() fix among ${quickfixes.map((action) => action.title).join(' | ')}`);
      assert.deepStrictEqual(wrap.diagnostics, [diagnostic]);
      const edits = wrap.edit?.changes?.[uri];
      assert.ok(edits && edits.length > 0, 'the fix edits the document');
      const fixed = applyTextEdits(LEAK, edits);
      assert.ok(fixed.includes('logger.info(`admitted ${redact(patient.ssn)}`);'), fixed);
      assert.ok(fixed.includes("import { redact } from './redact';"), `the configured module is imported:\n${fixed}`);

      // Replace `patient.ssn` by `patient.id` with a range-based (incremental) change.
      const after = client.mark();
      await client.notify('textDocument/didChange', {
        textDocument: { uri, version: 2 },
        contentChanges: [{ range: rangeOf(LEAK, 'patient.ssn'), text: 'patient.id' }],
      });
      const republished = await client.waitForNotification<PublishDiagnosticsParams>('textDocument/publishDiagnostics', (params) => params.uri === uri, { after });
      assert.strictEqual(republished.version, 2);
      assert.deepStrictEqual(republished.diagnostics, []);
    });

    it('re-reports a leak typed back in by an incremental change', async () => {
      const uri = client.uri('src/admit.ts');
      const current = LEAK.replace('patient.ssn', 'patient.id');
      const after = client.mark();
      await client.notify('textDocument/didChange', {
        textDocument: { uri, version: 3 },
        contentChanges: [{ range: rangeOf(current, 'patient.id'), text: 'patient.ssn' }],
      });
      const republished = await client.waitForNotification<PublishDiagnosticsParams>('textDocument/publishDiagnostics', (params) => params.uri === uri, { after });
      assert.strictEqual(republished.version, 3);
      assert.strictEqual(republished.diagnostics.length, 1);
      assertLeakDiagnostic(republished.diagnostics[0], LEAK);
    });

    it('offers one source.fixAll.phiLint action that applies every safe fix', async () => {
      const uri = await client.openDocument('src/discharge.ts', TWO_LEAKS);
      const published = await client.waitForNotification<PublishDiagnosticsParams>('textDocument/publishDiagnostics', (params) => params.uri === uri);
      assert.strictEqual(published.diagnostics.length, 2, JSON.stringify(published.diagnostics));

      const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [], only: ['source.fixAll.phiLint'] },
      });
      assert.strictEqual(actions.length, 1, JSON.stringify(actions));
      const [fixAll] = actions;
      assert.strictEqual(fixAll.kind, 'source.fixAll.phiLint');
      const edits = fixAll.edit?.changes?.[uri];
      assert.ok(edits && edits.length > 0, 'fix-all edits the document');
      const fixed = applyTextEdits(TWO_LEAKS, edits);
      assert.ok(fixed.includes('logger.info(`discharged ${redact(patient.ssn)}`);'), fixed);
      assert.ok(fixed.includes("logger.warn('diagnosis', { diagnosis: redact(patient.diagnosis) });"), fixed);
      assert.strictEqual(fixed.split("import { redact } from './redact';").length - 1, 1, `the import is added once:\n${fixed}`);

      // The fixed text is clean.
      const after = client.mark();
      await client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
      const republished = await client.waitForNotification<PublishDiagnosticsParams>('textDocument/publishDiagnostics', (params) => params.uri === uri, { after });
      assert.deepStrictEqual(republished.diagnostics, []);
    });

    it('source.fixAll (the generic kind) is answered as well', async () => {
      const uri = await client.openDocument('src/discharge-again.ts', TWO_LEAKS);
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [], only: ['source.fixAll'] },
      });
      assert.strictEqual(actions.length, 1, JSON.stringify(actions));
      assert.ok(actions[0].kind?.startsWith('source.fixAll'));
    });

    it('reports exactly one parse-error diagnostic for a file with a syntax error', async () => {
      const uri = await client.openDocument('src/broken.ts', BROKEN);
      const published = await client.waitForNotification<PublishDiagnosticsParams>('textDocument/publishDiagnostics', (params) => params.uri === uri);
      assert.strictEqual(published.diagnostics.length, 1, JSON.stringify(published.diagnostics));
      const [diagnostic] = published.diagnostics;
      assert.strictEqual(diagnostic.code, 'parse-error');
      assert.strictEqual(diagnostic.source, 'phi-lint');
      assert.strictEqual(diagnostic.severity, 1);
      assert.strictEqual(diagnostic.range.start.line, 0, 'at the error, on the first line');
    });

    it('clears diagnostics when a document is closed', async () => {
      const uri = client.uri('src/admit.ts');
      const after = client.mark();
      await client.notify('textDocument/didClose', { textDocument: { uri } });
      const cleared = await client.waitForNotification<PublishDiagnosticsParams>('textDocument/publishDiagnostics', (params) => params.uri === uri, { after });
      assert.deepStrictEqual(cleared.diagnostics, []);
    });
  });

  describe('pull mode', () => {
    let root: string;
    let client: LspClient;

    before(async () => {
      root = makeTempDir('lsp-pull');
      writeFiles(root, {
        '.gitignore': 'generated/\n',
        'src/logger.ts': LOGGER,
        'src/admit.ts': LEAK,
        'src/discharge.ts': TWO_LEAKS,
        'src/count.ts': CLEAN,
        'generated/leak.ts': LEAK,
      });
      client = await LspClient.start({ root, capabilities: PULL_CAPABILITIES });
    });

    after(async () => {
      await client?.close();
      removeDir(root);
    });

    it('announces a diagnostic provider with workspace diagnostics', () => {
      const provider = client.initializeResult!.capabilities.diagnosticProvider as { workspaceDiagnostics: boolean; interFileDependencies: boolean };
      assert.ok(provider, 'diagnosticProvider announced');
      assert.strictEqual(provider.workspaceDiagnostics, true);
    });

    it('answers textDocument/diagnostic for an open document, and does not push', async () => {
      const uri = await client.openDocument('src/admit.ts', LEAK);
      const report = await client.request<{ kind: string; items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } });
      assert.strictEqual(report.kind, 'full');
      assert.strictEqual(report.items.length, 1, JSON.stringify(report.items));
      assertLeakDiagnostic(report.items[0], LEAK);
      await new Promise((resolve) => setTimeout(resolve, 400));
      assert.deepStrictEqual(
        client.received<PublishDiagnosticsParams>('textDocument/publishDiagnostics').filter((params) => params.uri === uri),
        [],
        'pull mode never pushes diagnostics',
      );
    });

    it('pulls the live text of an open document, not the file on disk', async () => {
      const uri = client.uri('src/admit.ts');
      await client.notify('textDocument/didChange', {
        textDocument: { uri, version: 2 },
        contentChanges: [{ range: rangeOf(LEAK, 'patient.ssn'), text: 'patient.id' }],
      });
      const report = await client.request<{ kind: string; items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } });
      assert.deepStrictEqual(report.items, []);
    });

    it('answers textDocument/diagnostic for a file that is not open, from disk', async () => {
      const uri = client.uri('src/discharge.ts');
      const report = await client.request<{ kind: string; items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } });
      assert.strictEqual(report.kind, 'full');
      assert.deepStrictEqual(
        report.items.map((diagnostic) => [diagnostic.code, diagnostic.range.start.line]),
        [
          ['no-phi-in-logs', 3],
          ['no-phi-in-logs', 4],
        ],
      );
    });

    it('answers workspace/diagnostic with every lintable file, ignored ones left out', async () => {
      const report = await client.request<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: [] });
      const byPath = new Map(report.items.map((item) => [path.relative(root, URI.parse(item.uri).fsPath).split(path.sep).join('/'), item]));
      assert.deepStrictEqual([...byPath.keys()].sort(), ['src/admit.ts', 'src/count.ts', 'src/discharge.ts', 'src/logger.ts']);
      for (const item of report.items) assert.strictEqual(item.kind, 'full');
      const count = (file: string) => (byPath.get(file) as { items: Diagnostic[] }).items.length;
      assert.strictEqual(count('src/discharge.ts'), 2);
      assert.strictEqual(count('src/count.ts'), 0);
      assert.strictEqual(count('src/logger.ts'), 0);
      // The open document is reported with its live (now clean) text and its version.
      assert.strictEqual(count('src/admit.ts'), 0);
      assert.strictEqual(byPath.get('src/admit.ts')!.version, 2);
    });

    it('offers no fix-all action when no fix is safe (no redaction module configured)', async () => {
      const uri = client.uri('src/discharge.ts');
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [], only: ['source.fixAll.phiLint'] },
      });
      assert.deepStrictEqual(actions, []);
    });

    it('phiLint/scanWorkspace returns file and finding counts and reports progress', async () => {
      const after = client.mark();
      const result = await client.request<ScanWorkspaceResult>('phiLint/scanWorkspace', {});
      assert.deepStrictEqual(result, { files: 4, findings: 2, cancelled: false });
      // The last progress notification may trail the response by a moment.
      const last = await client.waitForNotification<ScanProgressParams>('phiLint/scanProgress', (params) => params.scanned === params.total, { after });
      assert.strictEqual(last.total, 4);
      const progress = client.received<ScanProgressParams>('phiLint/scanProgress', after);
      assert.ok(progress.length >= 1);
      for (const step of progress) assert.ok(step.scanned >= 1 && step.scanned <= step.total && step.total === 4, JSON.stringify(step));
    });

    it('phiLint/listFiles lists lintable files and reports missing paths', async () => {
      const result = await client.request<{ files: string[]; skipped: unknown[]; missing: string[] }>('phiLint/listFiles', {
        paths: [path.join(root, 'src'), path.join(root, 'nope')],
      });
      assert.deepStrictEqual(
        result.files.map((file) => path.relative(root, file).split(path.sep).join('/')),
        ['src/admit.ts', 'src/count.ts', 'src/discharge.ts', 'src/logger.ts'],
      );
      assert.deepStrictEqual(result.missing, [path.join(root, 'nope')]);
    });

    it('phiLint/rules describes the registered rules', async () => {
      const rules = await client.request<RuleDescription[]>('phiLint/rules', {});
      const ids = rules.map((rule) => rule.id);
      assert.ok(ids.includes('no-phi-in-logs') && ids.includes('parse-error'), ids.join(', '));
      const logs = rules.find((rule) => rule.id === 'no-phi-in-logs')!;
      assert.strictEqual(logs.severity, 'error');
      assert.strictEqual(logs.fixable, true);
      assert.match(logs.docsUrl, /no-phi-in-logs/);
    });
  });

  describe('malformed and unexpected traffic', () => {
    let root: string;
    let client: LspClient;

    before(async () => {
      root = makeTempDir('lsp-garbage');
      writeFiles(root, { 'src/logger.ts': LOGGER, 'src/admit.ts': LEAK });
      client = await LspClient.start({ root });
    });

    after(async () => {
      await client?.close();
      removeDir(root);
    });

    it('answers an unknown request with an error and keeps serving', async () => {
      await assert.rejects(client.request('phiLint/noSuchMethod', {}), (error: { code?: number }) => {
        assert.strictEqual(error.code, -32601, 'MethodNotFound');
        return true;
      });
      const status = await client.request<ConfigStatusResult>('phiLint/configStatus', {});
      assert.strictEqual(status.ok, true);
    });

    it('survives a didChange for a document that was never opened', async () => {
      await client.notify('textDocument/didChange', {
        textDocument: { uri: client.uri('src/never-opened.ts'), version: 7 },
        contentChanges: [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 4 } }, text: 'console.log(patient.ssn);' }],
      });
      const status = await client.request<ConfigStatusResult>('phiLint/configStatus', {});
      assert.strictEqual(status.ok, true);
      assert.strictEqual(client.hasExited, false);
    });

    it('answers a code action on a file that does not exist with []', async () => {
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri: client.uri('src/does-not-exist.ts') },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [] },
      });
      assert.deepStrictEqual(actions, []);
    });

    it('survives notifications and requests with nonsense parameters', async () => {
      await client.notify('textDocument/didOpen', { textDocument: { uri: 'not a uri at all', languageId: 'typescript', version: 1, text: 'console.log(patient.ssn);' } });
      await client.notify('textDocument/didOpen', {});
      await client.notify('workspace/didChangeWatchedFiles', { changes: 'everything' });
      await client.notify('phiLint/unknownNotification', { whatever: true });
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri: 'untitled:Untitled-1' },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: 'x', source: 'phi-lint', code: 'no-phi-in-logs' }] },
      });
      assert.deepStrictEqual(actions, []);
      // Still linting real documents afterwards.
      const uri = await client.openDocument('src/admit.ts', LEAK);
      const published = await client.waitForNotification<PublishDiagnosticsParams>('textDocument/publishDiagnostics', (params) => params.uri === uri);
      assert.strictEqual(published.diagnostics.length, 1);
      assert.strictEqual(client.hasExited, false);
    });

    it('ends with exit code 0 on shutdown then exit', async () => {
      const result = await client.request('shutdown');
      assert.strictEqual(result, null);
      await client.notify('exit');
      const exit = await client.waitForExit(10000);
      assert.deepStrictEqual(exit, { code: 0, signal: null });
    });
  });

  describe('configuration', () => {
    let root: string;
    let client: LspClient;
    let configFile: string;

    before(async () => {
      root = makeTempDir('lsp-config');
      configFile = path.join(root, '.phi-lint.yaml');
      writeFiles(root, {
        '.phi-lint.yaml': '# severities per rule\nrules:\n  no-phi-in-logs: loud\n',
        'src/logger.ts': LOGGER,
        'src/admit.ts': LEAK,
      });
      client = await LspClient.start({ root });
    });

    after(async () => {
      await client?.close();
      removeDir(root);
    });

    it('reports an invalid .phi-lint.yaml through phiLint/configStatus, naming the file, key and line', async () => {
      const status = await client.request<ConfigStatusResult>('phiLint/configStatus', {});
      assert.strictEqual(status.ok, false);
      assert.ok(status.problems.length >= 1, JSON.stringify(status));
      const problem = status.problems.find((candidate) => candidate.key === 'rules.no-phi-in-logs');
      assert.ok(problem, `a problem for rules.no-phi-in-logs in ${JSON.stringify(status.problems)}`);
      assert.strictEqual(fs.realpathSync(problem.file), configFile);
      assert.strictEqual(problem.line, 3);
    });

    it('publishes the config problem on the config file and lints with the defaults meanwhile', async () => {
      const configUri = URI.file(configFile).toString();
      const onConfig = await client.waitForNotification<PublishDiagnosticsParams>('textDocument/publishDiagnostics', (params) => params.uri === configUri && params.diagnostics.length > 0);
      assert.strictEqual(onConfig.diagnostics[0].range.start.line, 2);
      assert.match(messageText(onConfig.diagnostics[0]), /no-phi-in-logs/);

      const uri = await client.openDocument('src/admit.ts', LEAK);
      const published = await client.waitForNotification<PublishDiagnosticsParams>('textDocument/publishDiagnostics', (params) => params.uri === uri);
      assert.strictEqual(published.diagnostics.length, 1, 'the default severity (error) applies');
      assert.strictEqual(published.diagnostics[0].severity, 1);
    });

    it('reloads a rewritten config on workspace/didChangeWatchedFiles: ok again, and a rule set to off stops reporting', async () => {
      fs.writeFileSync(configFile, '# severities per rule\nrules:\n  no-phi-in-logs: off\n');
      const uri = client.uri('src/admit.ts');
      const configUri = URI.file(configFile).toString();
      const after = client.mark();
      await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri, type: 2 }] });
      const status = await client.request<ConfigStatusResult>('phiLint/configStatus', {});
      assert.deepStrictEqual({ ok: status.ok, problems: status.problems }, { ok: true, problems: [] });
      assert.strictEqual(status.configFile && fs.realpathSync(status.configFile), configFile);

      const republished = await client.waitForNotification<PublishDiagnosticsParams>('textDocument/publishDiagnostics', (params) => params.uri === uri, { after });
      assert.deepStrictEqual(republished.diagnostics, [], 'the open document is linted again under the new config');
      const configCleared = await client.waitForNotification<PublishDiagnosticsParams>('textDocument/publishDiagnostics', (params) => params.uri === configUri, { after });
      assert.deepStrictEqual(configCleared.diagnostics, [], 'the config problem is withdrawn');

      const rules = await client.request<RuleDescription[]>('phiLint/rules', {});
      assert.strictEqual(rules.find((rule) => rule.id === 'no-phi-in-logs')?.severity, 'off');
    });

    it('turning the rule back on (as a warning) reports again, with the new severity', async () => {
      fs.writeFileSync(configFile, 'rules:\n  no-phi-in-logs: warning\n');
      const uri = client.uri('src/admit.ts');
      const after = client.mark();
      await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: URI.file(configFile).toString(), type: 2 }] });
      const republished = await client.waitForNotification<PublishDiagnosticsParams>('textDocument/publishDiagnostics', (params) => params.uri === uri, { after });
      assert.strictEqual(republished.diagnostics.length, 1);
      assert.strictEqual(republished.diagnostics[0].severity, 2);
    });
  });
});
