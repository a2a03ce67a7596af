import type { Diagnostic } from 'vscode-languageserver/node';
import type { DiagnosticData, FileInventoryResult, RuleDescription } from '../protocol';

/** What the CLI learnt about one file. */
export interface FileReport {
  /** Absolute path. */
  path: string;
  diagnostics: Diagnostic[];
  /** How many fixes --fix applied to it. */
  fixesApplied: number;
  /** The text that was linted (after fixes): the working tree or the staged content. */
  text: string;
  /** `phi-lint report`: what the file declares about personal data, from the same lint. */
  inventory?: FileInventoryResult;
}

export interface RunReport {
  root: string;
  cwd: string;
  version: string;
  files: FileReport[];
  rules: RuleDescription[];
}

export type SeverityName = 'error' | 'warning' | 'info' | 'hint';

export function severityName(diagnostic: Diagnostic): SeverityName {
  switch (diagnostic.severity) {
    case 1:
      return 'error';
    case 2:
      return 'warning';
    case 3:
      return 'info';
    default:
      return 'hint';
  }
}

export function ruleIdOf(diagnostic: Diagnostic): string {
  return (diagnostic.data as DiagnosticData | undefined)?.ruleId ?? String(diagnostic.code ?? 'phi-lint');
}

export interface Totals {
  errors: number;
  warnings: number;
  infos: number;
  filesWithFindings: number;
  fixesApplied: number;
}

export function totals(files: readonly FileReport[]): Totals {
  const result: Totals = { errors: 0, warnings: 0, infos: 0, filesWithFindings: 0, fixesApplied: 0 };
  for (const file of files) {
    if (file.diagnostics.length > 0) result.filesWithFindings++;
    result.fixesApplied += file.fixesApplied;
    for (const diagnostic of file.diagnostics) {
      const severity = severityName(diagnostic);
      if (severity === 'error') result.errors++;
      else if (severity === 'warning') result.warnings++;
      else result.infos++;
    }
  }
  return result;
}

/** LSP 3.18 allows markup in messages; phi-lint sends plain strings, but read either. */
export function messageOf(diagnostic: Diagnostic): string {
  return typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
}
