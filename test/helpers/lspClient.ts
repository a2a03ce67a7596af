import { spawn, type ChildProcess } from 'child_process';
import * as path from 'path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { ClientCapabilities, InitializeResult } from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import type { InitializationOptions } from '../../server/src/protocol';
import { SERVER_BIN } from './repo';

export interface ReceivedNotification {
  method: string;
  params: unknown;
}

export interface LspClientOptions {
  /** Workspace folder the server is started for (also the child's cwd). */
  root: string;
  capabilities?: ClientCapabilities;
  initializationOptions?: InitializationOptions;
  /** Answers to server-to-client requests, by method; unknown methods are answered with null. */
  requestHandlers?: Record<string, (params: unknown) => unknown>;
  /** The server script to run with --stdio; default bin/phi-lint-server.js (a packaged dist/server.js, say). */
  serverModule?: string;
}

interface Waiter {
  method: string;
  predicate: (params: any) => boolean;
  resolve: (params: any) => void;
}

/**
 * A plain LSP client for tests: spawns `phi-lint-server --stdio`, speaks JSON-RPC over its pipes
 * and records every notification the server sends, so tests can wait for one by predicate.
 */
export class LspClient {
  readonly notifications: ReceivedNotification[] = [];
  /** Requests the server sent to the client (registerCapability, configuration, ...). */
  readonly serverRequests: ReceivedNotification[] = [];
  initializeResult: InitializeResult | undefined;
  private readonly waiters = new Set<Waiter>();
  private readonly stderrChunks: string[] = [];
  private exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    readonly child: ChildProcess,
    readonly connection: MessageConnection,
    readonly root: string,
  ) {
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        resolve(this.exitInfo);
      });
    });
  }

  /** Spawns the server and completes the initialize / initialized handshake. */
  static async start(options: LspClientOptions): Promise<LspClient> {
    const child = spawn(process.execPath, [options.serverModule ?? SERVER_BIN, '--stdio'], { cwd: options.root, stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new LspClient(child, connection, options.root);
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => client.stderrChunks.push(chunk));
    // A write to a dead server must fail the test that caused it, not crash mocha.
    child.stdin!.on('error', () => undefined);
    connection.onNotification((method: string, params: unknown) => client.record(method, params));
    connection.onRequest((method: string, params: unknown) => {
      client.serverRequests.push({ method, params });
      const handler = options.requestHandlers?.[method];
      if (handler) return handler(params);
      if (method === 'workspace/configuration') return ((params as { items?: unknown[] })?.items ?? []).map(() => null);
      return null;
    });
    connection.onError(() => undefined);
    connection.listen();
    const rootUri = URI.file(options.root).toString();
    try {
      client.initializeResult = await client.withTimeout(
        connection.sendRequest('initialize', {
          processId: process.pid,
          rootUri,
          workspaceFolders: [{ uri: rootUri, name: path.basename(options.root) }],
          capabilities: options.capabilities ?? {},
          initializationOptions: options.initializationOptions ?? {},
        }) as Promise<InitializeResult>,
        20000,
        'initialize',
      );
    } catch (error) {
      client.kill();
      throw error;
    }
    await connection.sendNotification('initialized', {});
    return client;
  }

  get stderr(): string {
    return this.stderrChunks.join('');
  }

  get hasExited(): boolean {
    return this.exitInfo !== undefined;
  }

  uri(relative: string): string {
    return URI.file(path.join(this.root, relative)).toString();
  }

  request<R>(method: string, params?: unknown, timeoutMs = 15000): Promise<R> {
    const sent = (params === undefined ? this.connection.sendRequest(method) : this.connection.sendRequest(method, params)) as Promise<R>;
    return this.withTimeout(sent, timeoutMs, `request ${method}`);
  }

  async notify(method: string, params?: unknown): Promise<void> {
    await this.connection.sendNotification(method, params);
  }

  async openDocument(relative: string, text: string, languageId = 'typescript', version = 1): Promise<string> {
    const uri = this.uri(relative);
    await this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
    return uri;
  }

  /** How many notifications have arrived so far: pass as `after` to wait only for later ones. */
  mark(): number {
    return this.notifications.length;
  }

  /**
   * Resolves with the params of the first notification of `method` matching `predicate`,
   * looking at those recorded from index `after` on (default: all of them), then at new ones.
   */
  waitForNotification<P = any>(method: string, predicate: (params: P) => boolean = () => true, options: { after?: number; timeoutMs?: number } = {}): Promise<P> {
    const { after = 0, timeoutMs = 10000 } = options;
    const earlier = this.notifications.slice(after).find((entry) => entry.method === method && predicate(entry.params as P));
    if (earlier) return Promise.resolve(earlier.params as P);
    return new Promise<P>((resolve, reject) => {
      const waiter: Waiter = {
        method,
        predicate,
        resolve: (params) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(params as P);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const seen = this.notifications.filter((entry) => entry.method === method).map((entry) => JSON.stringify(entry.params).slice(0, 300));
        reject(new Error(`no matching ${method} within ${timeoutMs}ms; received ${seen.length}:\n${seen.join('\n')}\nserver stderr: ${this.stderr}`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** Notifications of `method` received so far (from index `after`). */
  received<P = any>(method: string, after = 0): P[] {
    return this.notifications
      .slice(after)
      .filter((entry) => entry.method === method)
      .map((entry) => entry.params as P);
  }

  /** Resolves once the server process has exited, or rejects after the timeout. */
  waitForExit(timeoutMs = 10000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    return this.withTimeout(this.exited, timeoutMs, 'server exit');
  }

  /** The polite end: shutdown, then exit; kills the process if it does not go. */
  async close(): Promise<void> {
    if (!this.hasExited) {
      try {
        await this.request('shutdown', undefined, 3000);
        await this.notify('exit');
        await this.waitForExit(3000);
      } catch {
        // Whatever went wrong, the process must not outlive the test.
      }
    }
    this.kill();
  }

  /** Kills the server process (if still running) and drops the connection. */
  kill(): void {
    if (!this.hasExited) this.child.kill('SIGKILL');
    this.connection.dispose();
  }

  private record(method: string, params: unknown): void {
    this.notifications.push({ method, params });
    for (const waiter of [...this.waiters]) {
      if (waiter.method !== method) continue;
      let matches = false;
      try {
        matches = waiter.predicate(params);
      } catch {
        matches = false;
      }
      if (matches) waiter.resolve(params);
    }
  }

  private withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${what} timed out after ${timeoutMs}ms; server stderr: ${this.stderr}`)), timeoutMs);
      promise.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  }
}
