import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import type { Finding, Severity } from '../core/types';
import type { YamlProblem } from '../schema/yamlValidation';
import { DIAGNOSTIC_SOURCE, type DiagnosticData } from '../protocol';
import { ruleDocLink, type RuleDocLinkStyle } from './ruleDocLinks';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Engine positions already follow LSP's convention (0-based, UTF-16), so ranges pass as they are. */
export function toDiagnostic(finding: Finding, uri: string, docLinks: RuleDocLinkStyle = 'web'): Diagnostic {
  const data: DiagnosticData = {
    ruleId: finding.ruleId,
    dataTypes: finding.dataTypes.map((type) => ({ id: type.id, label: type.label, category: type.category.label, group: type.category.group })),
    references: finding.references,
    fixes: finding.fixes.map((fix) => ({ title: fix.title, safe: fix.safe })),
    ...(finding.sink !== undefined ? { sink: finding.sink } : {}),
  };
  const relatedInformation: DiagnosticRelatedInformation[] = finding.flow.map((step) => ({ location: { uri, range: step.range }, message: step.message }));
  return {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    code: finding.ruleId,
    codeDescription: { href: ruleDocLink(finding.ruleId, docLinks) },
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
    ...(relatedInformation.length > 0 ? { relatedInformation } : {}),
    data,
  };
}

/** A problem in .phi-lint.yaml, shown on the config file itself. */
export function configProblemDiagnostic(problem: YamlProblem): Diagnostic {
  const line = Math.max(0, (problem.line ?? 1) - 1);
  const character = Math.max(0, (problem.column ?? 1) - 1);
  return {
    range: { start: { line, character }, end: { line, character: character + Math.max(1, problem.key.split('.').pop()?.length ?? 1) } },
    severity: DiagnosticSeverity.Error,
    code: 'config-error',
    source: DIAGNOSTIC_SOURCE,
    message: `${problem.key ? `${problem.key}: ` : ''}${problem.message}. Until this is fixed phi-lint uses its defaults.`,
  };
}

export function uriToPath(uri: string): string | undefined {
  try {
    const parsed = URI.parse(uri);
    return parsed.scheme === 'file' ? parsed.fsPath : undefined;
  } catch {
    return undefined;
  }
}

export function pathToUri(filePath: string): string {
  return URI.file(filePath).toString();
}
