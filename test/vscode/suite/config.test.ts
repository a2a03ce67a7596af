import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { closeAllEditors, openFile, phiDiagnostics, ruleOf, waitFor, waitForDiagnostics } from './helpers';

const CONFIG = 'telehealth-app/.phi-lint.yaml';
const FILE = 'telehealth-app/src/routes/patients.ts';
const RULE = 'no-phi-in-logs';

/** Replaces a document's whole text and saves it, as a person editing the file would. */
async function rewrite(document: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(0, 0, document.lineCount, 0), text);
  assert.ok(await vscode.workspace.applyEdit(edit));
  assert.ok(await document.save(), `saving ${document.uri.fsPath} failed`);
  assert.strictEqual(fs.readFileSync(document.uri.fsPath, 'utf8'), text, `${document.uri.fsPath} on disk`);
}

describe('configuration', () => {
  afterEach(closeAllEditors);

  it(`turning ${RULE} off in .phi-lint.yaml removes its diagnostics, and turning it back on restores them`, async () => {
    const { document: source } = await openFile(FILE);
    const before = (await waitForDiagnostics(source.uri)).filter((diagnostic) => ruleOf(diagnostic) === RULE).length;
    assert.ok(before > 0, `${FILE} has no ${RULE} diagnostic to turn off`);

    const { document: config } = await openFile(CONFIG);
    const original = config.getText();
    assert.ok(!/^rules:/m.test(original), `${CONFIG} already has a rules section; this test appends one`);
    try {
      await rewrite(config, `${original.trimEnd()}\nrules:\n  ${RULE}: off\n`);
      await waitFor(`${RULE} diagnostics to disappear from ${FILE}`, () => phiDiagnostics(source.uri).every((diagnostic) => ruleOf(diagnostic) !== RULE));
    } finally {
      await rewrite(config, original);
    }
    await waitFor(`${RULE} diagnostics to come back on ${FILE}`, () => phiDiagnostics(source.uri).filter((diagnostic) => ruleOf(diagnostic) === RULE).length === before);
  });

  it('phiLint.enable=false clears the editor\'s diagnostics; true brings them back', async () => {
    const { document } = await openFile(FILE);
    const before = (await waitForDiagnostics(document.uri)).length;
    const settings = vscode.workspace.getConfiguration('phiLint', document.uri);
    try {
      await settings.update('enable', false, vscode.ConfigurationTarget.Workspace);
      await waitFor(`diagnostics to clear on ${FILE}`, () => phiDiagnostics(document.uri).length === 0);
    } finally {
      await settings.update('enable', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor(`diagnostics to come back on ${FILE}`, () => phiDiagnostics(document.uri).length === before);
  });
});
