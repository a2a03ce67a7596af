import * as assert from 'assert';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient } from '../helpers/lspClient';
import { git, gitInitAndCommit, makeTempDir, removeDir, writeFiles } from '../helpers/workspace';

/**
 * In the editor a schema change is judged against HEAD: a PHI column typed but not committed is
 * flagged at once, the committed ones are not; once the column is committed, it is no longer new
 * (the server re-reads HEAD, even for a document whose text did not change).
 */

const PULL_CAPABILITIES = { textDocument: { diagnostic: { dynamicRegistration: false } } };
const COMMITTED = 'model Patient {\n  id  Int    @id\n  ssn String\n}\n';
const TYPED = 'model Patient {\n  id    Int    @id\n  ssn   String\n  email String\n}\n';

async function pull(client: LspClient, uri: string): Promise<Diagnostic[]> {
  const report = await client.request<{ kind: string; items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } });
  return report.items.filter((diagnostic) => diagnostic.code === 'phi-column-needs-purpose');
}

describe('LSP: schema changes are judged against HEAD in the editor', function () {
  this.timeout(30000);
  let root: string;
  const clients: LspClient[] = [];

  before(() => {
    root = makeTempDir('lsp-schema');
    writeFiles(root, { 'prisma/schema.prisma': COMMITTED });
    gitInitAndCommit(root, 'base');
  });

  after(async () => {
    for (const client of clients) await client.close();
    removeDir(root);
  });

  it('flags the uncommitted new column as it is typed, not the committed or realigned ones; a commit clears it', async () => {
    const client = await LspClient.start({ root, capabilities: PULL_CAPABILITIES });
    clients.push(client);
    const uri = await client.openDocument('prisma/schema.prisma', TYPED, 'prisma');
    const before = await pull(client, uri);
    assert.deepStrictEqual(
      before.map((diagnostic) => diagnostic.range.start.line),
      [3],
    );
    assert.match(String(before[0].message), /^New column `Patient\.email` \(e-mail address/);
    writeFiles(root, { 'prisma/schema.prisma': TYPED });
    git(root, 'commit', '-q', '-am', 'add email');
    // HEAD is re-read at most every two seconds.
    await new Promise((resolve) => setTimeout(resolve, 2300));
    assert.deepStrictEqual(await pull(client, uri), [], 'committed, the column is no longer new');
  });

  it('with schemaBase none (a full scan) every PHI column without a purpose counts', async () => {
    const client = await LspClient.start({ root, capabilities: PULL_CAPABILITIES, initializationOptions: { schemaBase: 'none' } });
    clients.push(client);
    const uri = await client.openDocument('prisma/schema.prisma', TYPED, 'prisma');
    assert.deepStrictEqual(
      (await pull(client, uri)).map((diagnostic) => diagnostic.range.start.line),
      [2, 3],
    );
  });
});
