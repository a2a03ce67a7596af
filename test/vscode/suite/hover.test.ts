import * as assert from 'assert';
import * as vscode from 'vscode';
import { cliFindings, closeAllEditors, hoverText, openFile, waitFor, waitForDiagnostics } from './helpers';

/** Its no-phi-in-logs finding on `dateOfBirth` has a data-flow step: the hover has it all. */
const FILE = 'telehealth-app/src/routes/appointments.ts';

describe('hover', () => {
  afterEach(closeAllEditors);

  it('hovering a finding explains the data, the sink, the path, why it matters and the fixes', async () => {
    const findings = await cliFindings(FILE);
    const finding = [...findings].sort((a, b) => b.flow.length - a.flow.length)[0];
    assert.ok(finding && finding.flow.length > 0, `the CLI reports no finding with a data-flow path on ${FILE}`);
    const sink = /through `([^`]+)`/.exec(finding.message)?.[1];
    assert.ok(sink, `no sink named in "${finding.message}"`);

    const { document } = await openFile(FILE);
    await waitForDiagnostics(document.uri);
    const position = new vscode.Position(finding.line - 1, finding.column - 1 + 1);
    const text = await waitFor('a phi-lint hover', async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
      return hovers.map(hoverText).find((candidate) => candidate.includes(finding.ruleId));
    });

    assert.ok(text.includes(finding.message), `the hover leaves out the message:\n${text}`);
    // Everything else must be said besides the message, which already names data and sink.
    const rest = text.replace(finding.message, '');
    for (const dataType of finding.dataTypes) assert.ok(rest.includes(dataType.label), `data type "${dataType.label}" missing:\n${text}`);
    assert.ok(rest.includes(sink), `sink ${sink} missing:\n${text}`);
    for (const step of finding.flow) assert.ok(rest.includes(step.message), `path step "${step.message}" missing:\n${text}`);
    assert.match(rest, /why it matters/i);
    for (const fix of finding.fixes) assert.ok(rest.includes(fix.title), `fix "${fix.title}" missing:\n${text}`);
  });

  it('says nothing where there is no finding', async () => {
    const { document } = await openFile(FILE);
    await waitForDiagnostics(document.uri);
    // Line 1 is an import: nothing to report there.
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(0, 2));
    assert.ok(!hovers.map(hoverText).some((text) => /phi-lint/.test(text)), 'phi-lint hover on a line without a finding');
  });
});
