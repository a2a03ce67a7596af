// The editor suite: phi-lint in a real VS Code (code-server's workbench and Node extension host,
// shown in Debian's chromium through playwright-core). `npm run test:vscode`.
//
//  1. setup.sh installs what is missing (cached in .vscode-test/ or $PHI_LINT_VSCODE_TEST_HOME);
//     when it cannot run here, one line "editor suite: skipped — <reason>" and exit 0.
//  2. The extension tests (test/vscode/suite, compiled to out/vscode-test/suite) run inside the
//     extension host as @vscode/test-electron would run them, on a fresh copy of the workspace
//     scripts/vscode-test/workspace.mjs builds.
//  3. The UI tests (ui.mjs) drive the workbench and take screenshots into test-output/vscode/.
//
// Prints "editor suite: N passing, M failing" and exits non-zero when a test failed.
// Options: --no-setup (use what is installed), --ext-only, --ui-only. Environment:
// PHI_LINT_VSCODE_TEST_GREP=<regexp> runs only the matching extension-host tests,
// PHI_LINT_VSCODE_TEST_KEEP=1 keeps the temporary workspace and code-server data, VERBOSE=1 shows
// all of the extension host's log, PHI_LINT_VSCODE_TEST_HOME moves the installation.
// Logs (extension host, code-server, the extension's output channels) go to test-output/vscode/.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { format } from 'node:util';
import { launchChromium, startCodeServer, TEST_HOME } from './codeServer.mjs';
import { runUiTests } from './ui.mjs';
import { createWorkspace, REPO } from './workspace.mjs';

const OUTPUT_DIR = path.join(REPO, 'test-output', 'vscode');
const SUITE = path.join(REPO, 'out', 'vscode-test', 'suite', 'index.js');
const RESULT_PREFIX = 'phi-lint editor suite result: ';
const EXTENSION_TESTS_TIMEOUT_MS = 10 * 60_000;
/** Extension-host log lines that are the workbench's own chatter, not the suite's. */
const NOISE = /ChatModelSelection|AgentHost|AccountPolicyGate|Creating a socket|connection token|open-vsx|authentication provider|\[perf\]|marketplace/i;

const args = new Set(process.argv.slice(2));
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;

/** Runs setup.sh with its output shown; resolves to undefined when ready, or the reason it cannot run. */
function setup() {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [path.join(REPO, 'scripts/vscode-test/setup.sh')], { stdio: ['ignore', 'pipe', 'inherit'] });
    const CANNOT_RUN = 'cannot run: ';
    let reason = 'scripts/vscode-test/setup.sh cannot run here';
    let pending = '';
    child.stdout.on('data', (chunk) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop();
      for (const line of lines) {
        // The reason is reported once, as the suite's skip line.
        if (line.startsWith(CANNOT_RUN)) reason = line.slice(CANNOT_RUN.length);
        else console.log(line);
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (pending.startsWith(CANNOT_RUN)) reason = pending.slice(CANNOT_RUN.length);
      else if (pending) console.log(pending);
      if (code === 0) resolve(undefined);
      else if (code === 3) resolve(reason);
      else reject(new Error(`scripts/vscode-test/setup.sh failed with exit code ${code}`));
    });
  });
}

function compileSuite() {
  for (const bundle of ['dist/extension.js', 'dist/server.js']) {
    if (!existsSync(path.join(REPO, bundle))) throw new Error(`${bundle} is missing: run \`npm run build\` first`);
  }
  const tsc = spawnSync(process.execPath, [path.join(REPO, 'node_modules/typescript/bin/tsc'), '-b', 'test/vscode'], { cwd: REPO, stdio: 'inherit' });
  if (tsc.status !== 0) throw new Error('compiling test/vscode failed');
}

/** Runs the extension-host suite in a new page; resolves to its SuiteResult (test/vscode/suite/index.ts). */
async function runExtensionTests(browser, codeServer, workspace, resultsFile, logFile) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const hostLog = [];
  let resultLine;
  let finish;
  const finished = new Promise((resolve) => (finish = resolve));
  await page.exposeFunction('codeAutomationLog', (_type, logArgs) => {
    // Console calls arrive as their arguments: mocha's reporter passes a format string first.
    const line = format(...(logArgs ?? []));
    hostLog.push(line);
    if (line.startsWith(RESULT_PREFIX)) resultLine = line.slice(RESULT_PREFIX.length);
    else if (process.env.VERBOSE || !NOISE.test(line)) console.log(line);
  });
  await page.exposeFunction('codeAutomationExit', (code) => finish(code));
  const url = codeServer.workbenchUrl(workspace, { extensionDevelopmentPath: REPO, extensionTestsPath: SUITE });
  await page.goto(url);
  const timer = setTimeout(() => finish('timeout'), EXTENSION_TESTS_TIMEOUT_MS);
  const exitCode = await finished;
  clearTimeout(timer);
  // The result line may trail the exit call by a moment.
  await new Promise((resolve) => setTimeout(resolve, 500));
  writeFileSync(logFile, hostLog.join('\n'));
  const json = existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8') : resultLine;
  if (exitCode !== 0) await page.screenshot({ path: path.join(OUTPUT_DIR, 'extension-tests-end.png') }).catch(() => {});
  await page.close();
  if (!json) {
    return { passes: 0, failures: 1, pending: 0, failed: [{ title: 'extension tests', error: exitCode === 'timeout' ? `no result within ${EXTENSION_TESTS_TIMEOUT_MS / 1000} s` : `exited with ${exitCode} before reporting (see ${logFile})` }] };
  }
  const result = JSON.parse(json);
  if (exitCode !== 0 && result.failures === 0) {
    result.failures = 1;
    result.failed.push({ title: 'extension tests', error: `run() ended with exit code ${exitCode}` });
  }
  return result;
}

/**
 * Copies the extension's log output channels (phi-lint, phi-lint Trace) into the output folder, for
 * a failure's post-mortem, and returns the N of every "activated in N ms" the extension logged (one
 * per window: the extension tests' and the UI tests').
 */
function collectExtensionLogs(userData) {
  const files = [];
  const visit = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (/phi-lint/i.test(full) && entry.name.endsWith('.log')) files.push(full);
    }
  };
  if (existsSync(path.join(userData, 'logs'))) visit(path.join(userData, 'logs'));
  const activations = [];
  files.sort().forEach((file, index) => {
    const text = readFileSync(file, 'utf8');
    writeFileSync(path.join(OUTPUT_DIR, `extension-${index + 1}-${path.basename(file)}`), text);
    for (const match of text.matchAll(/activated in (\d+(?:\.\d+)?) ?ms/g)) activations.push(Number(match[1]));
  });
  return activations;
}

async function main() {
  if (!args.has('--no-setup')) {
    const reason = await setup();
    if (reason) {
      console.log(`editor suite: skipped — ${reason}`);
      return 0;
    }
  }
  compileSuite();
  mkdirSync(OUTPUT_DIR, { recursive: true });
  for (const old of readdirSync(OUTPUT_DIR)) if (old.endsWith('.png') || old.endsWith('.log')) rmSync(path.join(OUTPUT_DIR, old));

  const root = mkdtempSync(path.join(tmpdir(), 'phi-lint-vscode-'));
  const resultsFile = path.join(root, 'results.json');
  const codeServer = await startCodeServer(path.join(root, 'code-server'), { PHI_LINT_VSCODE_TEST_RESULTS: resultsFile });
  console.log(`editor suite: code-server up after ${elapsed()} (${TEST_HOME})`);
  const browser = await launchChromium();
  let extension = { passes: 0, failures: 0, pending: 0, failed: [] };
  let ui = [];
  try {
    if (!args.has('--ui-only')) {
      console.log('\nextension tests (inside the extension host):');
      extension = await runExtensionTests(browser, codeServer, createWorkspace(path.join(root, 'extension-tests')), resultsFile, path.join(OUTPUT_DIR, 'extension-host.log'));
    }
    if (!args.has('--ext-only')) {
      console.log('\nUI tests (workbench in chromium; screenshots in test-output/vscode/):');
      const workspace = createWorkspace(path.join(root, 'ui-tests'));
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      await page.goto(codeServer.workbenchUrl(workspace, { extensionDevelopmentPath: REPO }));
      ui = await runUiTests(page, workspace, OUTPUT_DIR);
      await page.close();
    }
  } finally {
    await browser.close().catch(() => {});
    await codeServer.stop();
    writeFileSync(path.join(OUTPUT_DIR, 'code-server.log'), codeServer.log());
  }
  const activationLogged = collectExtensionLogs(codeServer.userData);
  if (process.env.PHI_LINT_VSCODE_TEST_KEEP) console.log(`editor suite: kept ${root}`);
  else rmSync(root, { recursive: true, force: true });

  for (const { title, error } of extension.failed) console.log(`\nfailed: ${title}\n${error}`);
  const passing = extension.passes + ui.filter((test) => !test.error).length;
  const failing = extension.failures + ui.filter((test) => test.error).length;
  console.log('');
  if (extension.activationMs !== undefined) {
    console.log(`editor suite: extension activation ${extension.activationMs} ms (opening a .ts file until activate() resolved with the server started)`);
  }
  if (activationLogged.length > 0) console.log(`editor suite: the extension logged "activated in N ms" with N = ${activationLogged.join(', ')}`);
  console.log(`editor suite: ${extension.passes} extension-host tests passed, ${extension.failures} failed; ${ui.length - ui.filter((t) => t.error).length} UI tests passed, ${ui.filter((t) => t.error).length} failed; ${elapsed()} in all`);
  console.log(`editor suite: ${passing} passing, ${failing} failing`);
  return failing === 0 && passing > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`editor suite: error — ${error?.stack ?? error}`);
    process.exit(1);
  },
);
