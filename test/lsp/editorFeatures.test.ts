import * as assert from 'assert';
import type { CodeAction, CompletionItem, Hover, MarkupContent, PublishDiagnosticsParams, TextEdit } from 'vscode-languageserver-protocol';
import { LspClient } from '../helpers/lspClient';
import { LEAK as ONE_LOG_LEAK, LOGGER, REDACT } from '../helpers/sampleSources';
import { applyTextEdits, makeTempDir, rangeOf, removeDir, writeFiles } from '../helpers/workspace';

/** The value reaches the log through a local: the hover shows that path. */
const VIA_LOCAL = [
  "import { logger } from './logger';",
  '',
  'export function admit(patient: { id: string; ssn: string }) {',
  '  const ssn = patient.ssn;',
  '  logger.info(`admitted ${ssn}`);',
  '}',
  '',
].join('\n');

/** Two no-phi-in-logs findings with a safe fix each, and one no-phi-in-urls finding. */
const TWO_LOG_LEAKS = [
  "import { logger } from './logger';",
  '',
  'export async function discharge(patient: { id: string; ssn: string; diagnosis: string }) {',
  '  logger.info(`discharged ${patient.ssn}`);',
  "  logger.warn('diagnosis', { diagnosis: patient.diagnosis });",
  '  await fetch(`https://api.example.com/lookup?ssn=${patient.ssn}`);',
  '}',
  '',
].join('\n');

function markdownOf(hover: Hover): string {
  const contents = hover.contents as MarkupContent;
  assert.strictEqual(contents.kind, 'markdown');
  return contents.value;
}

/** The rule ids a `command:phiLint.showRuleDoc?<args>` link passes. */
function commandArguments(link: string): unknown {
  const match = /^command:phiLint\.showRuleDoc\?(.*)$/.exec(link);
  assert.ok(match, `a showRuleDoc command link: ${link}`);
  return JSON.parse(decodeURIComponent(match[1]));
}

describe('LSP editor features (hover, doc links, completion, fix all of a rule, settings)', function () {
  this.timeout(60000);

  let root: string;
  before(() => {
    root = makeTempDir('lsp-editor');
    writeFiles(root, {
      '.phi-lint.yaml': 'redaction:\n  module: ./redact\n',
      'src/logger.ts': LOGGER,
      'src/redact.ts': REDACT,
    });
  });
  after(() => removeDir(root));

  async function openAndWait(client: LspClient, relative: string, text: string, languageId = 'typescript'): Promise<{ uri: string; published: PublishDiagnosticsParams }> {
    const uri = await client.openDocument(relative, text, languageId);
    const published = await client.waitForNotification<PublishDiagnosticsParams>('textDocument/publishDiagnostics', (params) => params.uri === uri);
    return { uri, published };
  }

  describe('a client that does not ask for command links (web links)', () => {
    let client: LspClient;
    before(async () => {
      client = await LspClient.start({ root });
    });
    after(async () => client?.close());

    it('announces hover and completion with space and comma as trigger characters', () => {
      const capabilities = client.initializeResult!.capabilities;
      assert.strictEqual(capabilities.hoverProvider, true);
      assert.deepStrictEqual(capabilities.completionProvider?.triggerCharacters, [' ', ',']);
    });

    it('links each diagnostic code to the published rule doc', async () => {
      const { published } = await openAndWait(client, 'src/web.ts', ONE_LOG_LEAK);
      assert.strictEqual(published.diagnostics.length, 1);
      assert.strictEqual(published.diagnostics[0].codeDescription?.href, 'https://github.com/phi-lint/phi-lint/blob/main/rules/docs/no-phi-in-logs.md');
    });

    it('explains a flagged value on hover: data type and category, sink, path, why, references, fixes, doc link', async () => {
      const { uri, published } = await openAndWait(client, 'src/via-local.ts', VIA_LOCAL);
      assert.strictEqual(published.diagnostics.length, 1, JSON.stringify(published.diagnostics));
      const flagged = rangeOf(VIA_LOCAL, 'ssn}');
      const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: flagged.start.line, character: flagged.start.character + 1 } });
      assert.ok(hover, 'a hover on the flagged value');
      assert.deepStrictEqual(hover.range, published.diagnostics[0].range);
      const markdown = markdownOf(hover);
      assert.match(markdown, /`no-phi-in-logs`/);
      assert.match(markdown, /\*\*Data:\*\* Social Security number \(a HIPAA identifier; PHI\)/);
      assert.match(markdown, /\*\*Sink:\*\* `logger\.info`/);
      // The path: where the local got its value (line 4), then the flagged use (line 5).
      assert.match(markdown, /1\. line 4: `ssn` .*`patient\.ssn`/);
      assert.match(markdown, /2\. line 5: flagged here/);
      // Why it matters comes from the rule doc; the references carry their links.
      assert.match(markdown, /\*\*Why it matters:\*\* Logs travel further than the database they describe\./);
      assert.match(markdown, /\[HIPAA-164\.312\(b\)\]\(<https:\/\/www\.ecfr\.gov\/[^>]*164\.312\(b\)>\) HIPAA Security Rule/);
      assert.match(markdown, /CPRA/);
      assert.match(markdown, /- Wrap `ssn` in redact\(\) \(applied by \*Fix all\*\)/);
      assert.match(markdown, /\[Rule documentation: no-phi-in-logs\]\(https:\/\/github\.com\/phi-lint\/phi-lint\/blob\/main\/rules\/docs\/no-phi-in-logs\.md\)/);
    });

    it('answers null on hover away from any finding', async () => {
      const uri = client.uri('src/via-local.ts');
      const position = rangeOf(VIA_LOCAL, 'logger.info').start;
      assert.strictEqual(await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position }), null);
    });

    it('completes rule ids after phi-lint-disable-next-line, leaving out those already named', async () => {
      const text = ['// phi-lint-disable-next-line ', 'const a = 1;', '// phi-lint-disable-next-line no-phi-in-logs, ', 'const b = 2;', ''].join('\n');
      const uri = client.uri('src/directives.ts');
      await client.openDocument('src/directives.ts', text);
      const first = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 30 } });
      const labels = first.map((item) => item.label);
      assert.ok(labels.includes('no-phi-in-logs') && labels.includes('iac-s3-encryption'), labels.join(', '));
      assert.ok(!labels.includes('parse-error'), 'engine-only rules are not offered');
      assert.deepStrictEqual((first.find((item) => item.label === 'no-phi-in-urls')!.textEdit as TextEdit).range, { start: { line: 0, character: 30 }, end: { line: 0, character: 30 } });

      const second = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: 2, character: 47 } });
      const secondLabels = second.map((item) => item.label);
      assert.ok(!secondLabels.includes('no-phi-in-logs'), 'a rule already named is not offered again');
      assert.ok(secondLabels.includes('no-phi-in-urls'));
    });

    it('replaces a partly typed rule id, and offers first the rules flagged on the covered line', async () => {
      const text = ["import { logger } from './logger';", 'export function f(patient: { ssn: string }) {', '  logger.info(patient.ssn); // phi-lint-disable-line no-phi-in-l', '}', ''].join('\n');
      const uri = client.uri('src/partial.ts');
      await client.openDocument('src/partial.ts', text);
      const character = text.split('\n')[2].length;
      const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: 2, character } });
      const logs = items.find((item) => item.label === 'no-phi-in-logs');
      assert.ok(logs, items.map((item) => item.label).join(', '));
      assert.deepStrictEqual((logs.textEdit as TextEdit).range, { start: { line: 2, character: character - 'no-phi-in-l'.length }, end: { line: 2, character } });
      const sorted = [...items].sort((a, b) => a.sortText!.localeCompare(b.sortText!));
      assert.strictEqual(sorted[0].label, 'no-phi-in-logs', 'the rule flagged on this line sorts first');
      assert.strictEqual(logs.preselect, true);
    });

    it('completes in YAML (#) and SQL (--) comments too, but not in the reason, nor outside a directive', async () => {
      const yaml = ['# phi-lint-disable-next-line ', 'Resources: {}', ''].join('\n');
      const yamlUri = client.uri('template.yaml');
      await client.openDocument('template.yaml', yaml, 'yaml');
      const yamlItems = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: yamlUri }, position: { line: 0, character: 29 } });
      assert.ok(yamlItems.some((item) => item.label === 'iac-s3-encryption'));

      const sql = ['-- phi-lint-disable-next-line phi-column-needs-purpose -- ', 'CREATE TABLE t (id int);', ''].join('\n');
      const sqlUri = client.uri('schema.sql');
      await client.openDocument('schema.sql', sql, 'sql');
      const inReason = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: sqlUri }, position: { line: 0, character: 57 } });
      assert.deepStrictEqual(inReason, [], 'no rule ids in the reason');
      const afterKeyword = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: sqlUri }, position: { line: 0, character: 30 } });
      assert.ok(afterKeyword.some((item) => item.label === 'phi-column-needs-purpose'));

      const code = ['const note = "phi-lint-disable-next-line ";', 'let x = 1 ', ''].join('\n');
      const codeUri = client.uri('src/plain.ts');
      await client.openDocument('src/plain.ts', code);
      assert.deepStrictEqual(await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: codeUri }, position: { line: 1, character: 10 } }), []);
      assert.deepStrictEqual(await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: codeUri }, position: { line: 0, character: 41 } }), [], 'a directive inside a string is not a comment');
    });

    it('offers "fix all of this rule" for a rule with several fixable findings, applying only that rule', async () => {
      const { uri, published } = await openAndWait(client, 'src/discharge.ts', TWO_LOG_LEAKS);
      const logs = published.diagnostics.filter((diagnostic) => diagnostic.code === 'no-phi-in-logs');
      const urls = published.diagnostics.filter((diagnostic) => diagnostic.code === 'no-phi-in-urls');
      assert.strictEqual(logs.length, 2, JSON.stringify(published.diagnostics));
      assert.ok(urls.length >= 1, JSON.stringify(published.diagnostics));

      const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: logs[0].range, context: { diagnostics: [logs[0]] } });
      const ruleFixAll = actions.filter((action) => action.title.startsWith('Fix all '));
      assert.deepStrictEqual(
        ruleFixAll.map((action) => [action.title, action.kind]),
        [['Fix all no-phi-in-logs findings in this file (2)', 'quickfix']],
      );
      const fixed = applyTextEdits(TWO_LOG_LEAKS, ruleFixAll[0].edit!.changes![uri]);
      assert.ok(fixed.includes('logger.info(`discharged ${redact(patient.ssn)}`);'), fixed);
      assert.ok(fixed.includes("logger.warn('diagnosis', { diagnosis: redact(patient.diagnosis) });"), fixed);
      assert.ok(fixed.includes('await fetch(`https://api.example.com/lookup?ssn=${patient.ssn}`);'), `other rules' findings are left alone:\n${fixed}`);

      // The preferred quick fix is the safe one, never the suppression.
      const preferred = actions.filter((action) => action.isPreferred);
      assert.deepStrictEqual(
        preferred.map((action) => action.title),
        ['Wrap `patient.ssn` in redact()'],
      );
    });

    it('offers no "fix all of this rule" when the rule has a single finding in the file', async () => {
      const { uri, published } = await openAndWait(client, 'src/single.ts', ONE_LOG_LEAK);
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: published.diagnostics[0].range, context: { diagnostics: published.diagnostics } });
      assert.ok(actions.length > 0);
      assert.ok(!actions.some((action) => action.title.startsWith('Fix all ')), actions.map((action) => action.title).join(' | '));
    });
  });

  describe('the VS Code client (command links)', () => {
    let client: LspClient;
    before(async () => {
      client = await LspClient.start({ root, initializationOptions: { ruleDocLinks: 'command' } });
    });
    after(async () => client?.close());

    it('links the diagnostic code and the hover to phiLint.showRuleDoc with the rule id', async () => {
      const { uri, published } = await openAndWait(client, 'src/command.ts', ONE_LOG_LEAK);
      const [diagnostic] = published.diagnostics;
      assert.deepStrictEqual(commandArguments(diagnostic.codeDescription!.href), ['no-phi-in-logs']);
      const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: diagnostic.range.start });
      const link = /\[Rule documentation: no-phi-in-logs\]\(([^)]+)\)/.exec(markdownOf(hover));
      assert.ok(link, markdownOf(hover));
      assert.deepStrictEqual(commandArguments(link[1]), ['no-phi-in-logs']);
    });
  });

  describe('settings changes (workspace/didChangeConfiguration)', () => {
    let client: LspClient;
    let enable = true;
    before(async () => {
      client = await LspClient.start({
        root,
        capabilities: { workspace: { configuration: true } },
        requestHandlers: { 'workspace/configuration': () => [{ enable, run: 'onType', debounceMs: 0 }] },
      });
    });
    after(async () => client?.close());

    it('clears and restores the open documents\' findings without a restart', async () => {
      const { uri, published } = await openAndWait(client, 'src/settings.ts', ONE_LOG_LEAK);
      assert.strictEqual(published.diagnostics.length, 1);

      enable = false;
      let after = client.mark();
      await client.notify('workspace/didChangeConfiguration', { settings: null });
      await client.waitForNotification<PublishDiagnosticsParams>('textDocument/publishDiagnostics', (params) => params.uri === uri && params.diagnostics.length === 0, { after });

      enable = true;
      after = client.mark();
      await client.notify('workspace/didChangeConfiguration', { settings: null });
      const restored = await client.waitForNotification<PublishDiagnosticsParams>('textDocument/publishDiagnostics', (params) => params.uri === uri && params.diagnostics.length > 0, { after });
      assert.strictEqual(restored.diagnostics[0].code, 'no-phi-in-logs');
    });
  });
});
