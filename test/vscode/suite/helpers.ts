import { execFile } from 'child_process';
import * as path from 'path';
import * as vscode from 'vscode';

/** The extension's id: publisher.name from package.json. */
export const EXTENSION_ID = 'phi-lint.phi-lint';
/** Diagnostic.source of everything phi-lint reports. */
export const SOURCE = 'phi-lint';
/** Long enough for a cold server on a busy 2-core CI machine, short enough to fail a hung test. */
export const WAIT_MS = 30_000;

export function extension(): vscode.Extension<unknown> {
  const found = vscode.extensions.getExtension(EXTENSION_ID);
  if (!found) throw new Error(`extension ${EXTENSION_ID} is not loaded: is extensionDevelopmentPath the repository root?`);
  return found;
}

/** The folder scripts/vscode-test/workspace.mjs built. */
export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the editor suite needs a workspace folder (scripts/vscode-test/workspace.mjs)');
  return folder.uri.fsPath;
}

export function workspaceFile(relative: string): vscode.Uri {
  return vscode.Uri.file(path.join(workspaceRoot(), relative));
}

export async function openFile(relative: string): Promise<{ document: vscode.TextDocument; editor: vscode.TextEditor }> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(relative));
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  return { document, editor };
}

export function phiDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === SOURCE);
}

export function ruleOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return String(typeof code === 'object' ? code.value : code);
}

/** Polls until `probe` returns something truthy; fails with `what` after `ms`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, ms = WAIT_MS): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits until phi-lint has published at least one diagnostic for the file, and returns them. */
export function waitForDiagnostics(uri: vscode.Uri, what = `phi-lint diagnostics on ${path.basename(uri.fsPath)}`): Promise<vscode.Diagnostic[]> {
  return waitFor(what, () => {
    const diagnostics = phiDiagnostics(uri);
    return diagnostics.length > 0 && diagnostics;
  });
}

/** The code actions of a kind (default: quick fixes) the editor offers on a range, as the light bulb asks for them. */
export async function codeActionsAt(uri: vscode.Uri, range: vscode.Range, kind = vscode.CodeActionKind.QuickFix.value): Promise<vscode.CodeAction[]> {
  return vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, kind);
}

/** A finding as the CLI's JSON report gives it (1-based lines and columns). */
export interface CliFinding {
  ruleId: string;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  dataTypes: { id: string; label: string }[];
  flow: { message: string }[];
  fixes: { title: string; safe: boolean }[];
}

/**
 * What the CLI reports on files of the workspace (paths relative to its root): the reference the
 * editor's diagnostics are compared with. One CLI run for all of them, since each run starts a
 * server. Runs the CLI the extension ships (bin/phi-lint.js) with the Node that runs this
 * extension host; under Electron (test-electron) ELECTRON_RUN_AS_NODE makes that binary a Node.
 */
export async function cliReport(files: readonly string[]): Promise<Map<string, CliFinding[]>> {
  const cli = path.join(extension().extensionPath, 'bin', 'phi-lint.js');
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      [cli, '--format', 'json', ...files],
      { cwd: workspaceRoot(), env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, maxBuffer: 64 * 1024 * 1024 },
      // Exit code 1 means "findings": only a missing report is a failure.
      (error, out, stderr) => (out.trim().startsWith('{') ? resolve(out) : reject(new Error(`phi-lint CLI failed on ${files.join(' ')}: ${error?.message ?? ''} ${stderr}`))),
    );
  });
  const report = JSON.parse(stdout) as { root: string; files: { path: string; findings: CliFinding[] }[] };
  const byFile = new Map<string, CliFinding[]>(files.map((file) => [file, []]));
  for (const file of report.files) {
    const relative = path.relative(workspaceRoot(), path.resolve(report.root, file.path)).split(path.sep).join('/');
    byFile.set(relative, file.findings);
  }
  return byFile;
}

export async function cliFindings(file: string): Promise<CliFinding[]> {
  return (await cliReport([file])).get(file) ?? [];
}

/** "rule@line:column-endLine:endColumn", 1-based like the CLI, to compare findings as sets. */
export function diagnosticKey(diagnostic: vscode.Diagnostic): string {
  const { start, end } = diagnostic.range;
  return `${ruleOf(diagnostic)}@${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1}`;
}

export function cliKey(finding: CliFinding): string {
  return `${finding.ruleId}@${finding.line}:${finding.column}-${finding.endLine}:${finding.endColumn}`;
}

export function sortedKeys<T>(items: readonly T[], key: (item: T) => string): string[] {
  return items.map(key).sort();
}

/**
 * Reverts unsaved changes and closes every editor, so that a test's edits do not leak into the
 * next (closing a dirty editor would otherwise ask whether to save).
 */
export async function closeAllEditors(): Promise<void> {
  for (const document of vscode.workspace.textDocuments.filter((candidate) => candidate.isDirty)) {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** Hover text as plain strings, whichever form the provider used. */
export function hoverText(hover: vscode.Hover): string {
  return hover.contents
    .map((content) => (typeof content === 'string' ? content : 'value' in content ? content.value : ''))
    .join('\n');
}
