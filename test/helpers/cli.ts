import { execFile } from 'child_process';
import { CLI_BIN } from './repo';
import { GIT_ENV } from './workspace';

export interface CliResult {
  args: string[];
  cwd: string;
  /** Exit code; null when the process was killed. */
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/phi-lint.js ...args` in cwd, resolving (never rejecting) with its outcome. */
export function runCli(args: string[], cwd: string, options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI_BIN, ...args],
      { cwd, env: { ...GIT_ENV, NO_COLOR: '1', ...options.env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: options.timeoutMs ?? 90000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : null) : 0;
        resolve({ args, cwd, code, stdout, stderr });
      },
    );
  });
}

/**
 * Runs several CLI invocations with at most `parallel` at once: each spawn mostly waits on
 * server start-up, so running a few together keeps the suite fast.
 */
export async function runCliAll<K extends string>(jobs: Record<K, { args: string[]; cwd: string }>, parallel = 4): Promise<Record<K, CliResult>> {
  const entries = Object.entries(jobs) as [K, { args: string[]; cwd: string }][];
  const results = {} as Record<K, CliResult>;
  let next = 0;
  const worker = async () => {
    while (next < entries.length) {
      const [name, job] = entries[next++];
      results[name] = await runCli(job.args, job.cwd);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, entries.length) }, worker));
  return results;
}

/** A readable dump of a run, for assertion messages. */
export function describeRun(result: CliResult): string {
  return `phi-lint ${result.args.join(' ')} (in ${result.cwd}) exited ${result.code}\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`;
}
