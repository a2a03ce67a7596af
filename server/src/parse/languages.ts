import * as path from 'path';

/** The input kinds phi-lint reads, by file name. */
export type LanguageKind = 'javascript' | 'sql' | 'prisma' | 'yaml' | 'json' | 'terraform' | 'bicep';

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
  // Read only when a rule claims the file (a CloudFormation template, not package.json or a
  // Kubernetes manifest, an ARM template rather than tsconfig.json): see the IaC rules' mayApply.
  // `.template` is CloudFormation's own.
  '.yaml': 'yaml',
  '.yml': 'yaml',
  '.json': 'json',
  '.template': 'yaml',
  '.tf': 'terraform',
  '.bicep': 'bicep',
};

export function languageOf(filePath: string): LanguageKind | undefined {
  const base = path.basename(filePath).toLowerCase();
  // Declaration files describe types; they hold no calls that could leak anything.
  if (/\.d\.[mc]?ts$/.test(base)) return undefined;
  return EXTENSIONS[path.extname(base)];
}

export const SUPPORTED_EXTENSIONS = Object.keys(EXTENSIONS);
