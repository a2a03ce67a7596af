import { execFileSync } from 'child_process';
import * as path from 'path';

export class GitError extends Error {}

function git(cwd: string, args: string[]): string {
  try {
    // Fixed output whatever the user's git config says: unquoted UTF-8 paths, a/ b/ prefixes.
    return execFileSync('git', ['-c', 'core.quotePath=false', ...args], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? '').trim().split('\n')[0];
    throw new GitError(`git ${args.join(' ')} failed${stderr ? `: ${stderr}` : ''}`);
  }
}

export function repositoryRoot(cwd: string): string | undefined {
  try {
    return path.resolve(git(cwd, ['rev-parse', '--show-toplevel']).trim());
  } catch {
    return undefined;
  }
}

/** 0-based line numbers changed per absolute file path; `all` for files that are new entirely. */
export type ChangedLines = Map<string, Set<number> | 'all'>;

/**
 * Lines that differ between REF and the working tree (committed, staged or not), plus untracked
 * files, which are new entirely.
 */
export function changedLinesSince(root: string, ref: string): ChangedLines {
  git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  const changed: ChangedLines = new Map();
  parseUnifiedDiff(root, git(root, ['diff', '--unified=0', '--no-color', '--no-ext-diff', '--src-prefix=a/', '--dst-prefix=b/', '--diff-filter=ACMR', '--relative', ref, '--']), changed);
  for (const file of git(root, ['ls-files', '--others', '--exclude-standard', '-z']).split('\0').filter(Boolean)) {
    changed.set(path.join(root, file), 'all');
  }
  return changed;
}

/** The commit a ref names now, or undefined when it names none. */
export function resolveCommit(root: string, ref: string): string | undefined {
  try {
    return git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).trim();
  } catch {
    return undefined;
  }
}

/** Staged files (added, copied, modified, renamed), as absolute paths. */
export function stagedFiles(root: string): string[] {
  return git(root, ['diff', '--cached', '--name-only', '--diff-filter=ACMR', '-z'])
    .split('\0')
    .filter(Boolean)
    .map((file) => path.join(root, file));
}

/** The staged content of a file: what the commit will hold. */
export function stagedContent(root: string, file: string): string {
  const relative = path.relative(root, file).split(path.sep).join('/');
  return git(root, ['show', `:${relative}`]);
}

function parseUnifiedDiff(root: string, diff: string, into: ChangedLines): void {
  let current: Set<number> | undefined;
  for (const line of diff.split('\n')) {
    if (line.startsWith('+++ ')) {
      const target = line.slice(4).trim();
      if (target === '/dev/null') {
        current = undefined;
        continue;
      }
      const file = path.join(root, unquote(target).replace(/^b\//, ''));
      current = new Set();
      into.set(file, current);
    } else if (line.startsWith('@@') && current) {
      const match = /\+(\d+)(?:,(\d+))?/.exec(line);
      if (!match) continue;
      const start = Number(match[1]);
      const count = match[2] === undefined ? 1 : Number(match[2]);
      for (let offset = 0; offset < count; offset++) current.add(start - 1 + offset);
    }
  }
}

/** git quotes paths with unusual characters in C style, with octal escapes for UTF-8 bytes. */
function unquote(name: string): string {
  if (!name.startsWith('"') || !name.endsWith('"')) return name;
  const bytes: number[] = [];
  const simple: Record<string, string> = { n: '\n', t: '\t', '"': '"', '\\': '\\', a: '\x07', b: '\b', f: '\f', r: '\r', v: '\v' };
  const body = name.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch !== '\\') {
      bytes.push(...Buffer.from(ch, 'utf8'));
      continue;
    }
    const next = body[i + 1];
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(...Buffer.from(simple[next] ?? next, 'utf8'));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
