/**
 * The editor suite's entry point: the module VS Code loads as `extensionTestsPath` and whose run()
 * it awaits inside the extension host, the contract @vscode/test-electron uses. The same module
 * runs under code-server (scripts/vscode-test/run.mjs) and under a downloaded VS Code
 * (scripts/vscode-test/electron.mjs).
 *
 * Runs every *.test.js beside it with mocha. The outcome goes three ways: mocha's spec report on
 * the extension host's console, a one-line JSON summary on that console (prefixed with
 * RESULT_PREFIX) and, when PHI_LINT_VSCODE_TEST_RESULTS names a file, the same JSON there.
 */
import * as fs from 'fs';
import Mocha from 'mocha';
import * as path from 'path';

export const RESULT_PREFIX = 'phi-lint editor suite result: ';

/** Activation is measured by the first file and the server is killed by the last. */
const FIRST = 'activation.test.js';
const LAST = 'restart.test.js';

export interface SuiteResult {
  passes: number;
  failures: number;
  pending: number;
  failed: { title: string; error: string }[];
  /** Set by activation.test.ts: file opened until activate() resolved (the server included). */
  activationMs?: number;
}

/** activation.test.ts records what it measured here. */
export const measurements: { activationMs?: number } = {};

function orderedTestFiles(): string[] {
  const files = fs.readdirSync(__dirname).filter((file) => file.endsWith('.test.js'));
  const rank = (file: string) => (file === FIRST ? 0 : file === LAST ? 2 : 1);
  return files.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b)).map((file) => path.join(__dirname, file));
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 90_000, reporter: 'spec', forbidOnly: true });
  // For working on one test: PHI_LINT_VSCODE_TEST_GREP=hover npm run test:vscode -- --ext-only
  if (process.env.PHI_LINT_VSCODE_TEST_GREP) mocha.grep(new RegExp(process.env.PHI_LINT_VSCODE_TEST_GREP));
  for (const file of orderedTestFiles()) mocha.addFile(file);
  const result: SuiteResult = { passes: 0, failures: 0, pending: 0, failed: [] };
  return new Promise((resolve, reject) => {
    const runner = mocha.run(() => {
      result.activationMs = measurements.activationMs;
      report(result);
      if (result.failures > 0) reject(new Error(`${result.failures} editor test(s) failed`));
      else if (result.passes === 0) reject(new Error('the editor suite ran no test'));
      else resolve();
    });
    runner.on('pass', () => result.passes++);
    runner.on('pending', () => result.pending++);
    runner.on('fail', (test, error: Error) => {
      result.failures++;
      result.failed.push({ title: test.fullTitle(), error: error?.stack ?? String(error) });
    });
  });
}

function report(result: SuiteResult): void {
  const json = JSON.stringify(result);
  console.log(RESULT_PREFIX + json);
  const file = process.env.PHI_LINT_VSCODE_TEST_RESULTS;
  if (file) fs.writeFileSync(file, json);
}
