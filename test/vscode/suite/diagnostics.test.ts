import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  cliFindings,
  cliKey,
  cliReport,
  closeAllEditors,
  diagnosticKey,
  openFile,
  phiDiagnostics,
  sortedKeys,
  waitFor,
  workspaceFile,
  workspaceRoot,
  type CliFinding,
} from './helpers';

const EXAMPLE_SOURCES = 'telehealth-app/src';

/** The example's TypeScript files, relative to the workspace root. */
function exampleFiles(): string[] {
  const files: string[] = [];
  const visit = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(workspaceRoot(), relative), { withFileTypes: true })) {
      const child = path.posix.join(relative, entry.name);
      if (entry.isDirectory()) visit(child);
      else if (entry.name.endsWith('.ts')) files.push(child);
    }
  };
  visit(EXAMPLE_SOURCES);
  return files.sort();
}

/** The editor's findings per file next to the CLI's, as sorted keys, for one deepStrictEqual. */
function findingsByFile(files: string[], cli: Map<string, CliFinding[]>): { editor: Record<string, string[]>; cli: Record<string, string[]> } {
  const editor: Record<string, string[]> = {};
  const expected: Record<string, string[]> = {};
  for (const file of files) {
    editor[file] = sortedKeys(phiDiagnostics(workspaceFile(file)), diagnosticKey);
    expected[file] = sortedKeys(cli.get(file) ?? [], cliKey);
  }
  return { editor, cli: expected };
}

describe('diagnostics on the example project', () => {
  afterEach(closeAllEditors);

  // First: the file it checks must not have been opened yet by any test.
  it('"phi-lint: Scan workspace" reports files it was not shown, as the CLI does', async () => {
    const file = 'telehealth-app/src/services/patientService.ts';
    const expected = sortedKeys(await cliFindings(file), cliKey);
    assert.ok(expected.length > 0, `the CLI reports nothing on ${file}`);
    assert.ok(
      !vscode.workspace.textDocuments.some((document) => document.uri.fsPath === workspaceFile(file).fsPath),
      `${file} is open; the scan must be what reports it`,
    );
    const outcome = await vscode.commands.executeCommand<{ files: number; findings: number; cancelled: boolean } | undefined>('phiLint.scanWorkspace');
    assert.ok(outcome && !outcome.cancelled, `the scan did not complete: ${JSON.stringify(outcome)}`);
    assert.ok(outcome.files >= exampleFiles().length, `the scan covered ${outcome.files} files`);
    const actual = await waitFor(`diagnostics on unopened ${file}`, () => {
      const keys = sortedKeys(phiDiagnostics(workspaceFile(file)), diagnosticKey);
      return keys.length > 0 && keys;
    });
    assert.deepStrictEqual(actual, expected);
  });

  it('every file opened in the editor shows what the CLI reports on it', async () => {
    const files = exampleFiles();
    assert.ok(files.length >= 5, `expected the example's sources under ${EXAMPLE_SOURCES}, found ${files.join(', ')}`);
    const cli = await cliReport(files);
    assert.ok([...cli.values()].some((findings) => findings.length > 0), 'the CLI reports nothing on the example');
    for (const file of files) await openFile(file);
    let last = findingsByFile(files, cli);
    await waitFor('every example file to show the CLI findings', () => {
      last = findingsByFile(files, cli);
      return JSON.stringify(last.editor) === JSON.stringify(last.cli);
    }).catch(() => undefined);
    assert.deepStrictEqual(last.editor, last.cli);
  });

  it('the message is the one the CLI gives', async () => {
    const file = 'telehealth-app/src/routes/appointments.ts';
    const expected = (await cliFindings(file)).map((finding) => `${finding.line}: ${finding.message}`).sort();
    const { document } = await openFile(file);
    const messages = await waitFor('diagnostics on appointments.ts', () => {
      const diagnostics = phiDiagnostics(document.uri);
      return diagnostics.length === expected.length && diagnostics.map((d) => `${d.range.start.line + 1}: ${d.message}`).sort();
    });
    assert.deepStrictEqual(messages, expected);
  });

});
