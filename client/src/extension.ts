import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { Commands } from './commands';
import { createLanguageClient, DOCUMENT_SELECTOR } from './languageClient';
import { showRuleDoc } from './ruleDocs';
import { WorkspaceScanner } from './scan';
import { FindingsStatus } from './status';

/** What activate() hands to other extensions, and to the editor tests that wait on the server. */
export interface PhiLintExtensionApi {
  readonly client: LanguageClient;
}

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<PhiLintExtensionApi> {
  const activationStart = Date.now();
  const output = vscode.window.createOutputChannel('phi-lint', { log: true });
  // A channel of its own so protocol traces do not bury the server's log.
  const trace = vscode.window.createOutputChannel('phi-lint Trace', { log: true });
  const status = new FindingsStatus(DOCUMENT_SELECTOR);
  context.subscriptions.push(output, trace, status);

  const languageClient = createLanguageClient(context, { output, trace });
  client = languageClient;
  const scanner = new WorkspaceScanner(languageClient, status);

  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.showOutput, () => output.show()),
    vscode.commands.registerCommand(Commands.scanWorkspace, () => scanner.scan()),
    vscode.commands.registerCommand(Commands.restartServer, () => restartServer(languageClient)),
    vscode.commands.registerCommand(Commands.showRuleDoc, (ruleId?: unknown) => showRuleDoc(context, output, ruleId)),
    languageClient.onDidChangeState(({ newState }) => {
      // Starting is transient: keep showing what was there until the server is up or gives up.
      if (newState !== State.Starting) {
        status.setServerProblem(describeServerProblem(newState));
      }
    }),
  );

  try {
    await languageClient.start();
  } catch (error) {
    // languageclient has already logged and shown the failure. Activation still succeeds so that
    // "Restart server" stays available once the cause is fixed.
    output.error('The phi-lint server did not start.', error);
  }
  // Read by the editor tests, and useful when someone asks why the editor feels slow to start.
  output.info(`activated in ${Date.now() - activationStart} ms`);
  return { client: languageClient };
}

export async function deactivate(): Promise<void> {
  const stopping = client;
  client = undefined;
  // stop() throws on a client that is not running, e.g. one whose server never started.
  if (stopping?.state === State.Running) {
    await stopping.stop();
  }
}

async function restartServer(languageClient: LanguageClient): Promise<void> {
  try {
    // restart() stops first, and stop() throws on a client that is not running.
    if (languageClient.state === State.Running) {
      await languageClient.restart();
    } else {
      await languageClient.start();
    }
  } catch (error) {
    void vscode.window.showErrorMessage(`phi-lint: restarting the server failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function describeServerProblem(state: State.Running | State.Stopped | State.StartFailed): string | undefined {
  switch (state) {
    case State.Running:
      return undefined;
    case State.Stopped:
      return 'server stopped';
    case State.StartFailed:
      return 'server failed to start';
  }
}
