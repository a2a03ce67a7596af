import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { SHOW_RULE_DOC_COMMAND, type InitializationOptions } from '../../server/src/protocol';

/**
 * Every language phi-lint may have something to say about. The server decides per file what it
 * supports and stays silent on the rest, so this list errs on the side of sending too much.
 */
const LINTED_LANGUAGES = [
  'typescript',
  'typescriptreact',
  'javascript',
  'javascriptreact',
  'yaml',
  'json',
  // ARM templates, when the Azure Resource Manager Tools extension claims them.
  'arm-template',
  'terraform',
  'hcl',
  'sql',
  'prisma',
  'bicep',
];

/** Plain file/language pairs, the shape both VS Code and the LSP document selector accept. */
export const DOCUMENT_SELECTOR: { scheme: 'file'; language: string }[] = LINTED_LANGUAGES.map((language) => ({
  scheme: 'file',
  language,
}));

/**
 * The client id doubles as the settings section: vscode-languageclient reads `phiLint.trace.server`
 * because of it.
 */
const CLIENT_ID = 'phiLint';
const CLIENT_NAME = 'phi-lint';
const SETTINGS_SECTION = 'phiLint';
const DEBUG_PORT = 6019;

/**
 * Files whose changes alter what the server reports without any open document changing: the
 * project config and the ignore rules it honours.
 */
const WATCHED_FILES_GLOB = '**/{.phi-lint.yaml,.gitignore}';

export interface LanguageClientChannels {
  output: vscode.LogOutputChannel;
  trace: vscode.LogOutputChannel;
}

/** Builds (but does not start) the client for the bundled server at dist/server.js. */
export function createLanguageClient(context: vscode.ExtensionContext, channels: LanguageClientChannels): LanguageClient {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: ['--nolazy', `--inspect=${DEBUG_PORT}`] },
    },
  };

  const configWatcher = vscode.workspace.createFileSystemWatcher(WATCHED_FILES_GLOB);
  context.subscriptions.push(configWatcher);

  // Push mode, as vscode-eslint does: VS Code would otherwise show pulled and pushed results twice.
  // Rule doc links run showRuleDoc, which renders the doc bundled with the extension: offline.
  const initializationOptions: InitializationOptions = { diagnosticMode: 'push', ruleDocLinks: 'command' };

  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    initializationOptions,
    synchronize: {
      fileEvents: configWatcher,
      // The server pulls settings with workspace/configuration; naming the section here makes the
      // client send workspace/didChangeConfiguration when they change, whether or not the server
      // registers for it.
      configurationSection: SETTINGS_SECTION,
    },
    outputChannel: channels.output,
    traceOutputChannel: channels.trace,
    // Hovers link to the rule doc through this one command, and may run nothing else.
    markdown: { isTrusted: { enabledCommands: [SHOW_RULE_DOC_COMMAND] } },
  };

  return new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
}
