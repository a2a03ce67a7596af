import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { prepareAdapters } from '../parse/adapters';
import { startServer } from './server';

/**
 * Entry point of phi-lint-server. The transport comes from the command line as LSP servers
 * expect: --stdio (the CLI, other editors), --node-ipc (the VS Code client), --socket=N.
 */
function main(): void {
  const argv = process.argv.slice(2);
  if (argv.includes('--version')) {
    // Resolved lazily: the version lives in package.json next to rules/.
    const { packageVersion } = require('../catalog/packageRoot') as typeof import('../catalog/packageRoot');
    process.stdout.write(`${packageVersion()}\n`);
    return;
  }
  if (!argv.some((arg) => arg === '--stdio' || arg === '--node-ipc' || arg.startsWith('--socket') || arg.startsWith('--pipe') || arg.startsWith('--clientProcessId'))) {
    process.stderr.write('usage: phi-lint-server --stdio | --node-ipc | --socket=<port>\n');
    process.exitCode = 2;
    return;
  }
  const connection = createConnection(ProposedFeatures.all);
  // A bug in one handler is logged and answered empty; it must not end the session.
  process.on('uncaughtException', (error) => connection.console.error(`[phi-lint] uncaught: ${error.stack ?? error.message}`));
  process.on('unhandledRejection', (reason) => connection.console.error(`[phi-lint] unhandled rejection: ${String(reason)}`));
  // The Terraform grammar is WebAssembly, loaded asynchronously: before the first message is read,
  // so that linting (synchronous) finds it ready. Messages sent meanwhile wait in the pipe.
  void prepareAdapters().then(() => startServer(connection));
}

main();
