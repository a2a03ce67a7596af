import * as path from 'path';

/** The input kinds phi-lint reads, by file name. */
export type LanguageKind = 'javascript' | 'sql' | 'prisma';

const EXTENSIONS: Record<string, LanguageKind> = {
  '.ts': 'javascript',
  '.tsx': 'javascript',
  '.mts': 'javascript',
  '.cts': 'javascript',
  '.js': 'javascript',
  '.jsx': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.sql': 'sql',
  '.prisma': 'prisma',
};

export function languageOf(filePath: string): LanguageKind | undefined {
  const base = path.basename(filePath).toLowerCase();
  // Declaration files describe types; they hold no calls that could leak anything.
  if (/\.d\.[mc]?ts$/.test(base)) return undefined;
  return EXTENSIONS[path.extname(base)];
}

export const SUPPORTED_EXTENSIONS = Object.keys(EXTENSIONS);
