import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { Diagnostic } from 'vscode-languageserver/node';
import { CONFIG_FILE_NAME } from '../config/config';
import { writeFileAtomic } from './files';

interface CacheFile {
  version: string;
  entries: Record<string, { key: string; diagnostics: Diagnostic[] }>;
}

const IMPORT = /\bfrom\s+['"](\.{1,2}\/[^'"]+)['"]|\brequire\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;
const EXTENSIONS = ['', '.ts', '.tsx', '.d.ts', '.js', '.jsx', '.mjs', '.cjs', '/index.ts', '/index.js'];

/**
 * `--cache`: findings of files whose content did not change are not computed again. The key of a
 * file hashes what its findings depend on: phi-lint's version, the run's options, the file, the
 * config files that govern it, and the files it imports relatively (their types can make a value
 * a PHI record). Anything else changes nothing a rule reads.
 */
export class ResultCache {
  private data: CacheFile;
  private dirty = false;

  constructor(
    private readonly location: string,
    private readonly version: string,
    private readonly runKey: string,
    private readonly root: string,
  ) {
    this.data = { version, entries: {} };
    try {
      const loaded = JSON.parse(fs.readFileSync(location, 'utf8')) as CacheFile;
      if (loaded.version === version && loaded.entries && typeof loaded.entries === 'object') this.data = loaded;
    } catch {
      // No cache yet, or an unreadable one: start afresh.
    }
  }

  keyFor(file: string, text: string): string {
    const hash = createHash('sha256').update(this.runKey).update('\0').update(text);
    for (const config of this.configFiles(path.dirname(file))) hash.update('\0').update(config).update(readOrEmpty(config));
    for (const imported of importedFiles(file, text)) hash.update('\0').update(imported).update(readOrEmpty(imported));
    return hash.digest('hex');
  }

  get(file: string, key: string): Diagnostic[] | undefined {
    const entry = this.data.entries[file];
    return entry && entry.key === key ? entry.diagnostics : undefined;
  }

  set(file: string, key: string, diagnostics: Diagnostic[]): void {
    this.data.entries[file] = { key, diagnostics };
    this.dirty = true;
  }

  save(): void {
    if (!this.dirty) return;
    fs.mkdirSync(path.dirname(this.location), { recursive: true });
    writeFileAtomic(this.location, JSON.stringify(this.data));
  }

  private configFiles(dir: string): string[] {
    const found: string[] = [];
    for (let current = dir; ; current = path.dirname(current)) {
      const candidate = path.join(current, CONFIG_FILE_NAME);
      if (fs.existsSync(candidate)) found.push(candidate);
      if (current === this.root || path.dirname(current) === current) break;
    }
    return found;
  }
}

function importedFiles(file: string, text: string): string[] {
  const files: string[] = [];
  for (const match of text.matchAll(IMPORT)) {
    const specifier = match[1] ?? match[2];
    const base = path.resolve(path.dirname(file), specifier.replace(/\.(js|mjs|cjs)$/, ''));
    const resolved = EXTENSIONS.map((extension) => base + extension).find((candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile());
    if (resolved) files.push(resolved);
  }
  return files.sort();
}

function readOrEmpty(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
