import * as path from 'path';
import type { RunReport } from './report';
import { messageOf, ruleIdOf, severityName, totals } from './report';
import { countOf } from '../core/text';

const COLORS = { red: '\x1b[31m', yellow: '\x1b[33m', blue: '\x1b[34m', dim: '\x1b[2m', bold: '\x1b[1m', reset: '\x1b[0m' };

/** ESLint-style text: one block per file, positions 1-based, the value's origin beneath. */
export function formatText(report: RunReport, color: boolean): string {
  const paint = (code: keyof typeof COLORS, text: string) => (color ? `${COLORS[code]}${text}${COLORS.reset}` : text);
  const out: string[] = [];
  for (const file of report.files) {
    if (file.diagnostics.length === 0) continue;
    out.push(paint('bold', path.relative(report.cwd, file.path) || file.path));
    for (const diagnostic of file.diagnostics) {
      const severity = severityName(diagnostic);
      const position = `${diagnostic.range.start.line + 1}:${diagnostic.range.start.character + 1}`;
      const label = severity === 'error' ? paint('red', 'error  ') : severity === 'warning' ? paint('yellow', 'warning') : paint('blue', severity.padEnd(7));
      out.push(`  ${paint('dim', position.padEnd(8))} ${label}  ${messageOf(diagnostic)}  ${paint('dim', ruleIdOf(diagnostic))}`);
      for (const related of diagnostic.relatedInformation ?? []) {
        out.push(`  ${' '.repeat(8)}   ${paint('dim', `from ${related.location.range.start.line + 1}:${related.location.range.start.character + 1}: ${related.message}`)}`);
      }
    }
    out.push('');
  }
  const sum = totals(report.files);
  const findings = sum.errors + sum.warnings + sum.infos;
  const checked = `${countOf(report.files.length, 'file')} checked`;
  const fixed = sum.fixesApplied > 0 ? `, ${sum.fixesApplied} fixed` : '';
  if (findings === 0) {
    out.push(`phi-lint: no findings, ${checked}${fixed}`);
  } else {
    const parts = [countOf(sum.errors, 'error'), countOf(sum.warnings, 'warning')];
    if (sum.infos > 0) parts.push(`${sum.infos} info`);
    out.push(paint(sum.errors > 0 ? 'red' : 'yellow', `✖ ${countOf(findings, 'finding')} (${parts.join(', ')}) in ${countOf(sum.filesWithFindings, 'file')}, ${checked}${fixed}`));
  }
  return `${out.join('\n')}\n`;
}
