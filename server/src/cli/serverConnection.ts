import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { URI } from 'vscode-uri';
import type { InitializationOptions } from '../protocol';

/** Where phi-lint-server is: beside the CLI in the bundle, or in the compiled tree. */
export function serverEntry(): string {
  const bundled = path.join(__dirname, 'server.js');
  if (fs.existsSync(bundled)) return bundled;
  return path.join(__dirname, '..', 'lsp', 'main.js');
}

/**
 * A headless LSP client: starts phi-lint-server over stdio, as any editor would, so that what
 * the CLI reports is exactly what the editor shows.
 */
export class ServerConnection {
  private constructor(
    private readonly child: ChildProcess,
    readonly rpc: MessageConnection,
    private readonly stderr: string[],
  ) {}

  static async start(root: string, initializationOptions: InitializationOptions): Promise<ServerConnection> {
    const child = spawn(process.execPath, [serverEntry(), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const stderr: string[] = [];
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => stderr.push(chunk));
    const rpc = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const connection = new ServerConnection(child, rpc, stderr);
    const exited = new Promise<never>((_, reject) => {
      child.once('exit', (code) => reject(new Error(`phi-lint-server exited with code ${code}${stderr.length ? `: ${stderr.join('').trim().split('\n').pop()}` : ''}`)));
      child.once('error', reject);
    });
    exited.catch(() => undefined);
    rpc.onNotification('window/logMessage', () => undefined);
    rpc.onNotification('window/showMessage', () => undefined);
    rpc.onNotification('textDocument/publishDiagnostics', () => undefined);
    rpc.onRequest('client/registerCapability', () => null);
    rpc.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => null));
    rpc.listen();
    const rootUri = URI.file(root).toString();
    await Promise.race([
      rpc.sendRequest('initialize', {
        processId: process.pid,
        rootUri,
        workspaceFolders: [{ uri: rootUri, name: path.basename(root) }],
        capabilities: { textDocument: { diagnostic: { dynamicRegistration: false }, codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } } } } },
        initializationOptions: { diagnosticMode: 'pull', ...initializationOptions },
      }),
      exited,
    ]);
    rpc.sendNotification('initialized', {});
    return connection;
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.rpc.sendRequest(method, params) as Promise<R>;
  }

  notify(method: string, params: unknown): void {
    void this.rpc.sendNotification(method, params);
  }

  async stop(): Promise<void> {
    try {
      // Unref'd so that a prompt shutdown does not keep the CLI waiting for the timer.
      await Promise.race([this.rpc.sendRequest('shutdown'), new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
      void this.rpc.sendNotification('exit');
    } catch {
      // The server is gone already; nothing to shut down.
    }
    this.rpc.dispose();
    setTimeout(() => this.child.kill(), 500).unref();
  }
}
