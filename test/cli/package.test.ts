import * as assert from 'assert';
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { LspClient } from '../helpers/lspClient';
import { REPO_ROOT } from '../helpers/repo';
import { makeTempDir, removeDir } from '../helpers/workspace';
import { extractZip, zipEntries } from '../helpers/zip';

/**
 * `npm run package` (scripts/package-vsix.mjs, after the build): the .vsix holds the bundles,
 * the rule data and docs and the grammar, and nothing from node_modules; and the server as
 * packaged runs on its own, with no node_modules anywhere above it.
 */
describe('VS Code extension package (.vsix)', function () {
  this.timeout(180000);

  let scratch: string;
  let archive: Buffer;
  let names: string[];

  before(async () => {
    scratch = makeTempDir('vsix');
    const out = path.join(scratch, 'phi-lint.vsix');
    await new Promise<void>((resolve, reject) => {
      execFile(process.execPath, [path.join(REPO_ROOT, 'scripts', 'package-vsix.mjs'), '--out', out], { cwd: REPO_ROOT, timeout: 150000 }, (error, stdout, stderr) =>
        error ? reject(new Error(`packaging failed: ${error.message}\n${stdout}\n${stderr}`)) : resolve(),
      );
    });
    archive = fs.readFileSync(out);
    names = zipEntries(archive).map((entry) => entry.name);
  });

  after(() => removeDir(scratch));

  it('holds the client and server bundles, the grammar, the rule data and every rule doc', () => {
    for (const required of ['extension/package.json', 'extension/readme.md', 'extension/dist/extension.js', 'extension/dist/server.js', 'extension/dist/tree-sitter.wasm', 'extension/syntaxes/phi-lint-directives.injection.json', 'extension/rules/data-types.yaml', 'extension/rules/schema/config.schema.json']) {
      assert.ok(names.includes(required), `${required} is packaged`);
    }
    for (const doc of fs.readdirSync(path.join(REPO_ROOT, 'rules', 'docs'))) {
      assert.ok(names.includes(`extension/rules/docs/${doc}`), `rules/docs/${doc} is packaged`);
    }
  });

  it('holds nothing from node_modules, no sources, tests or build intermediates', () => {
    const unwanted = names.filter((name) => /(^|\/)node_modules\/|^extension\/(out|client|server|test|scripts|bin|examples|bench)\/|\.ts$|\.tsbuildinfo$/.test(name));
    assert.deepStrictEqual(unwanted, []);
  });

  it('contributes the grammar and the .phi-lint.yaml schema at paths that are packaged', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      contributes: { grammars: { path: string }[]; yamlValidation: { fileMatch: string; url: string }[] };
      main: string;
    };
    const packaged = (relative: string) => names.includes(`extension/${path.posix.normalize(relative)}`);
    assert.ok(packaged(manifest.main), manifest.main);
    for (const grammar of manifest.contributes.grammars) assert.ok(packaged(grammar.path), grammar.path);
    assert.deepStrictEqual(
      manifest.contributes.yamlValidation.map((entry) => entry.fileMatch),
      ['.phi-lint.yaml'],
    );
    for (const schema of manifest.contributes.yamlValidation) assert.ok(packaged(schema.url), schema.url);
  });

  it('runs the packaged server with no node_modules: it lints a file over stdio', async () => {
    const extracted = path.join(scratch, 'unpacked');
    extractZip(archive, extracted);
    const workspace = path.join(scratch, 'workspace');
    fs.mkdirSync(workspace, { recursive: true });
    const client = await LspClient.start({ root: workspace, serverModule: path.join(extracted, 'extension', 'dist', 'server.js') });
    try {
      const uri = await client.openDocument('admit.ts', 'export function admit(patient: { ssn: string }) {\n  console.log(patient.ssn);\n}\n');
      const published = await client.waitForNotification<PublishDiagnosticsParams>('textDocument/publishDiagnostics', (params) => params.uri === uri, { timeoutMs: 30000 });
      assert.deepStrictEqual(
        published.diagnostics.map((diagnostic) => diagnostic.code),
        ['no-phi-in-logs'],
      );
    } finally {
      await client.close();
    }
  });
});
