import * as fs from 'fs';
import * as path from 'path';

/**
 * Writes a file so that a reader never sees half of it: to a temporary file beside it, then a
 * rename, keeping the original's permissions.
 */
export function writeFileAtomic(file: string, content: string): void {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.phi-lint-${process.pid}-${Date.now()}.tmp`);
  let mode: number | undefined;
  try {
    mode = fs.statSync(file).mode;
  } catch {
    mode = undefined;
  }
  try {
    fs.writeFileSync(temporary, content, { encoding: 'utf8', mode });
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

/** The LSP language id for a path, as an editor would send it. */
export function languageIdOf(file: string): string {
  switch (path.extname(file).toLowerCase()) {
    case '.ts':
    case '.mts':
    case '.cts':
      return 'typescript';
    case '.tsx':
      return 'typescriptreact';
    case '.jsx':
      return 'javascriptreact';
    case '.yaml':
    case '.yml':
      return 'yaml';
    case '.json':
      return 'json';
    case '.sql':
      return 'sql';
    case '.prisma':
      return 'prisma';
    default:
      return 'javascript';
  }
}
