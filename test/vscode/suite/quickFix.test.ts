import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { closeAllEditors, codeActionsAt, openFile, phiDiagnostics, ruleOf, waitFor, waitForDiagnostics, workspaceFile } from './helpers';

/** A no-phi-in-logs fixture and the fix-all output its unit test (test/rules/fixtures.test.ts) expects. */
const FIXTURE = 'no-phi-in-logs/visit-notes.controller.ts';
const FIXED = 'no-phi-in-logs/visit-notes.controller.fixed.ts';

function lines(text: string): string[] {
  return text.split(/\r?\n/);
}

describe('quick fixes', () => {
  afterEach(closeAllEditors);

  it('the preferred quick fix rewrites the flagged line as the fixture\'s fixed output has it', async () => {
    const fixed = lines(fs.readFileSync(workspaceFile(FIXED).fsPath, 'utf8'));
    const { document } = await openFile(FIXTURE);
    const before = lines(document.getText());
    const diagnostics = await waitForDiagnostics(document.uri);
    const target = diagnostics.filter((diagnostic) => ruleOf(diagnostic) === 'no-phi-in-logs').sort((a, b) => a.range.start.line - b.range.start.line)[0];
    assert.ok(target, 'no no-phi-in-logs diagnostic on the fixture');
    const line = target.range.start.line;
    assert.notStrictEqual(before[line], fixed[line], 'the fixture line is already fixed: the test would prove nothing');

    const actions = await codeActionsAt(document.uri, target.range);
    // The suite turns TypeScript's own diagnostics off, so the quick fixes on offer are phi-lint's
    // (the API's CodeActions do not carry their diagnostics to tell them apart).
    const preferred = actions.find((action) => action.isPreferred);
    assert.ok(preferred?.edit, `no preferred quick fix; offered: ${actions.map((action) => action.title).join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(preferred.edit), `applying "${preferred.title}" failed`);

    const after = lines(document.getText());
    assert.strictEqual(after[line], fixed[line], `line ${line + 1} after "${preferred.title}"`);
    // Only that line changed.
    assert.deepStrictEqual(after.filter((_, index) => index !== line), before.filter((_, index) => index !== line));
    // And the server agrees the finding is gone.
    await waitFor(`the diagnostic on line ${line + 1} to clear`, () =>
      phiDiagnostics(document.uri).every((diagnostic) => diagnostic.range.start.line !== line || ruleOf(diagnostic) !== 'no-phi-in-logs'),
    );
  });

  it('offers a suppression with a reason as the last resort on every finding', async () => {
    const { document } = await openFile(FIXTURE);
    const diagnostics = await waitForDiagnostics(document.uri);
    for (const diagnostic of diagnostics) {
      const actions = await codeActionsAt(document.uri, diagnostic.range);
      const titles = actions.map((action) => action.title);
      assert.ok(
        titles.some((title) => /suppress/i.test(title)),
        `line ${diagnostic.range.start.line + 1}: no suppression among ${titles.join(' | ')}`,
      );
    }
  });
});
