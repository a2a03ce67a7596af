import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { closeAllEditors, codeActionsAt, openFile, waitFor, waitForDiagnostics, workspaceFile } from './helpers';

/** A copy of the quick-fix fixture of its own, since this test saves it. */
const FIXTURE = 'fix-on-save/visit-notes.controller.ts';
const FIXED = 'fix-on-save/visit-notes.controller.fixed.ts';
/** The edit that makes the document dirty, so that the save is a real one. */
const EDIT = '// edited before saving\n';

describe('fix-all on save', () => {
  const editorSettings = () => vscode.workspace.getConfiguration('editor', workspaceFile(FIXTURE));

  before(async () => {
    // What the README tells users to put in their settings.
    await editorSettings().update('codeActionsOnSave', { 'source.fixAll.phiLint': 'explicit' }, vscode.ConfigurationTarget.Workspace);
    await waitFor('the setting to take effect', () => editorSettings().get<Record<string, string>>('codeActionsOnSave')?.['source.fixAll.phiLint'] === 'explicit');
  });

  after(async () => {
    await closeAllEditors();
    await editorSettings().update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('with editor.codeActionsOnSave {"source.fixAll.phiLint": "explicit"}, saving applies the fixture\'s fix-all output', async () => {
    const expected = EDIT + fs.readFileSync(workspaceFile(FIXED).fsPath, 'utf8');
    const { document, editor } = await openFile(FIXTURE);
    await waitForDiagnostics(document.uri);
    assert.notStrictEqual(EDIT + document.getText(), expected, 'the fixture is already fixed: the test would prove nothing');
    assert.ok(await editor.edit((builder) => builder.insert(new vscode.Position(0, 0), EDIT)));
    assert.ok(document.isDirty);
    // What the save will ask for; when it is missing the failure is the server's, not the save's.
    const offered = await codeActionsAt(document.uri, new vscode.Range(0, 0, document.lineCount, 0), 'source.fixAll.phiLint');
    assert.ok(offered.some((action) => action.kind?.value === 'source.fixAll.phiLint'), `no source.fixAll.phiLint action: ${offered.map((action) => action.title).join(' | ')}`);

    // The command a person's Ctrl+S runs: an explicit save, which is when "explicit" actions run.
    const reasons: vscode.TextDocumentSaveReason[] = [];
    const listener = vscode.workspace.onWillSaveTextDocument((event) => event.document === document && reasons.push(event.reason));
    try {
      await vscode.commands.executeCommand('workbench.action.files.save');
    } finally {
      listener.dispose();
    }
    // An auto-save (the web workbench's default is files.autoSave=afterDelay) would have saved the
    // edit first, without the "explicit" actions.
    assert.deepStrictEqual(reasons, [vscode.TextDocumentSaveReason.Manual], 'the document was not saved by the explicit save alone');

    await waitFor('the save to complete', () => !document.isDirty);
    assert.strictEqual(document.getText(), expected);
    assert.strictEqual(fs.readFileSync(document.uri.fsPath, 'utf8'), expected, 'the file on disk');
  });
});
