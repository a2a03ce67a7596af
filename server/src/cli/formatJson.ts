import * as path from 'path';
import type { DiagnosticData } from '../protocol';
import type { RunReport } from './report';
import { messageOf, ruleIdOf, severityName, totals } from './report';

/** A stable JSON shape for scripts: 1-based lines and columns, paths relative to the root. */
export function formatJson(report: RunReport): string {
  const files = report.files.map((file) => ({
    path: path.relative(report.root, file.path).split(path.sep).join('/'),
    fixesApplied: file.fixesApplied,
    findings: file.diagnostics.map((diagnostic) => {
      const data = diagnostic.data as DiagnosticData | undefined;
      return {
        ruleId: ruleIdOf(diagnostic),
        severity: severityName(diagnostic),
        message: messageOf(diagnostic),
        line: diagnostic.range.start.line + 1,
        column: diagnostic.range.start.character + 1,
        endLine: diagnostic.range.end.line + 1,
        endColumn: diagnostic.range.end.character + 1,
        dataTypes: data?.dataTypes ?? [],
        flow: (diagnostic.relatedInformation ?? []).map((related) => ({
          line: related.location.range.start.line + 1,
          column: related.location.range.start.character + 1,
          message: related.message,
        })),
        references: data?.references ?? [],
        fixes: data?.fixes ?? [],
      };
    }),
  }));
  const sum = totals(report.files);
  return `${JSON.stringify({ tool: 'phi-lint', version: report.version, root: report.root, summary: { files: report.files.length, errors: sum.errors, warnings: sum.warnings, infos: sum.infos, fixesApplied: sum.fixesApplied }, files }, null, 2)}\n`;
}
