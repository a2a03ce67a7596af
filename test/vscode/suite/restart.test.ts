import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as vscode from 'vscode';
import { closeAllEditors, openFile, phiDiagnostics, waitFor, waitForDiagnostics } from './helpers';

const FILE = 'telehealth-app/src/routes/patients.ts';
/** A line that logs a patient's SSN: one more finding, which only a live server can report. */
const LEAK = 'console.log(`ssn ${patient.ssn}`);\n';

/**
 * The pids of the phi-lint servers this extension host runs: its children started from the
 * bundled dist/server.js (vscode-languageclient forks them for the ipc transport).
 */
function serverPids(): number[] {
  const table = execFileSync('ps', ['-A', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' });
  return table
    .split('\n')
    .map((row) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(row))
    .filter((match): match is RegExpExecArray => match !== null && Number(match[2]) === process.pid && /dist[\\/]server\.js/.test(match[3]))
    .map((match) => Number(match[1]));
}

describe('server crash', () => {
  afterEach(closeAllEditors);

  it('after the server is killed, the client starts a new one and diagnostics come back', async () => {
    const { document, editor } = await openFile(FILE);
    const before = (await waitForDiagnostics(document.uri)).length;
    const [crashed] = serverPids();
    assert.ok(crashed, 'no phi-lint server process found among the extension host\'s children');

    process.kill(crashed, 'SIGKILL');
    const [restarted] = await waitFor('a new server process', () => {
      const pids = serverPids().filter((pid) => pid !== crashed);
      return pids.length > 0 && pids;
    });
    assert.notStrictEqual(restarted, crashed);

    // The new server must lint what it is sent now: an edit that adds a finding.
    const lineWithin = document.lineAt(document.lineCount - 1).text.length === 0 ? document.lineCount - 1 : document.lineCount;
    assert.ok(await editor.edit((builder) => builder.insert(new vscode.Position(lineWithin, 0), LEAK)));
    await waitFor(`the new server to report the added line (${before + 1} diagnostics)`, () => phiDiagnostics(document.uri).length === before + 1);
  });
});
