import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** A fresh folder under the OS temp dir (real path, so it compares equal to what tools print). */
export function makeTempDir(prefix: string): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `phi-lint-${prefix}-`)));
}

export function removeDir(dir: string | undefined): void {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}

/** Writes files (relative path -> content) under root, creating folders as needed. */
export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(root, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
}

/**
 * Copies a fixture tree to a new temp folder, so a test never modifies the repository. Files
 * named `_gitignore` are renamed to `.gitignore` (a real one would hide fixture files from git).
 */
export function copyFixture(source: string, prefix: string): string {
  const target = makeTempDir(prefix);
  fs.cpSync(source, target, { recursive: true });
  renameGitignores(target);
  return target;
}

function renameGitignores(dir: string): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) renameGitignores(full);
    else if (entry.name === '_gitignore') fs.renameSync(full, path.join(dir, '.gitignore'));
  }
}

/**
 * Environment for git commands that needs no global configuration. GIT_* variables of the
 * calling process are dropped: run from a git hook, GIT_DIR or GIT_INDEX_FILE would point the
 * temp repositories' commands at the real one.
 */
export const GIT_ENV: NodeJS.ProcessEnv = {
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('GIT_'))),
  GIT_AUTHOR_NAME: 'phi-lint tests',
  GIT_AUTHOR_EMAIL: 'tests@phi-lint.invalid',
  GIT_COMMITTER_NAME: 'phi-lint tests',
  GIT_COMMITTER_EMAIL: 'tests@phi-lint.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_TERMINAL_PROMPT: '0',
};

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', '-c', 'core.autocrlf=false', ...args], {
    cwd,
    env: GIT_ENV,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** `git init` plus a first commit of everything in the folder. */
export function gitInitAndCommit(cwd: string, message = 'initial'): void {
  git(cwd, 'init', '-q');
  git(cwd, 'add', '-A');
  git(cwd, 'commit', '-q', '-m', message);
}

export interface Position {
  line: number;
  character: number;
}

export interface TextEdit {
  range: { start: Position; end: Position };
  newText: string;
}

/** Offset of an LSP position in text (lines split on \n; UTF-16 characters). */
export function offsetAt(text: string, position: Position): number {
  let offset = 0;
  for (let line = 0; line < position.line; line++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return Math.min(offset + position.character, text.length);
}

/** Position of the first occurrence of `needle` (after `from`), for writing expected ranges. */
export function positionOf(text: string, needle: string, from = 0): Position {
  const offset = text.indexOf(needle, from);
  if (offset < 0) throw new Error(`"${needle}" not in text`);
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** The range covering the first occurrence of `needle` (single-line needles). */
export function rangeOf(text: string, needle: string, from = 0): { start: Position; end: Position } {
  const start = positionOf(text, needle, from);
  return { start, end: { line: start.line, character: start.character + needle.length } };
}

/** Applies non-overlapping LSP text edits, as an editor would. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = edits
    .map((edit) => ({ start: offsetAt(text, edit.range.start), end: offsetAt(text, edit.range.end), newText: edit.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let result = text;
  for (const edit of sorted) result = result.slice(0, edit.start) + edit.newText + result.slice(edit.end);
  return result;
}
