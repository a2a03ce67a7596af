import { createHash } from 'crypto';
import * as path from 'path';
import type * as Sarif from 'sarif';
import { URI } from 'vscode-uri';
import type { Diagnostic } from 'vscode-languageserver/node';
import type { DiagnosticData, RuleDescription } from '../protocol';
import type { RunReport } from './report';
import { messageOf, ruleIdOf, severityName } from './report';

const ROOT_ID = 'PROJECTROOT';

const LEVEL: Record<string, Sarif.ReportingConfiguration.level> = { error: 'error', warning: 'warning', info: 'note', hint: 'note', off: 'none' };

/**
 * SARIF 2.1.0: rule metadata with help, results with related locations for the value's origin,
 * code flows, and paths relative to a PROJECTROOT base, so the log is portable between machines.
 */
export function formatSarif(report: RunReport): string {
  const rules = report.rules;
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const results: Sarif.Result[] = [];
  for (const file of report.files) {
    // A URI reference, not a path: each segment percent-encoded (SARIF 3.10.2).
    const uri = path.relative(report.root, file.path).split(path.sep).map(encodeURIComponent).join('/');
    const lines = file.text.split(/\r?\n/);
    const seen = new Map<string, number>();
    for (const diagnostic of file.diagnostics) {
      results.push(toResult(diagnostic, uri, ruleIndex, lines, seen));
    }
  }
  const log: Sarif.Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'phi-lint',
            version: report.version,
            semanticVersion: report.version,
            informationUri: 'https://github.com/phi-lint/phi-lint',
            rules: rules.map(toRuleDescriptor),
          },
        },
        originalUriBaseIds: { [ROOT_ID]: { uri: `${URI.file(report.root).toString()}/` } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function toRuleDescriptor(rule: RuleDescription): Sarif.ReportingDescriptor {
  return {
    id: rule.id,
    name: rule.id.replace(/(^|-)([a-z])/g, (_, __, letter: string) => letter.toUpperCase()),
    shortDescription: { text: rule.description },
    fullDescription: { text: rule.description },
    helpUri: rule.docsUrl,
    ...(rule.help ? { help: { text: rule.help, markdown: rule.help } } : {}),
    defaultConfiguration: { level: LEVEL[rule.severity] ?? 'warning', enabled: rule.severity !== 'off' },
    properties: {
      tags: ['security', 'privacy', rule.category, ...rule.references.map((reference) => reference.id)],
      precision: 'high',
      ...(rule.category === 'logs' ? { 'security-severity': '7.5' } : {}),
      // The equivalent checks of Checkov, Trivy and cfn_nag, so findings map to ones users know.
      ...(rule.peers ? { peers: rule.peers } : {}),
    },
  };
}

function toResult(diagnostic: Diagnostic, uri: string, ruleIndex: Map<string, number>, lines: string[], seen: Map<string, number>): Sarif.Result {
  const ruleId = ruleIdOf(diagnostic);
  const data = diagnostic.data as DiagnosticData | undefined;
  const location = (range: Diagnostic['range'], message?: string, id?: number): Sarif.Location => ({
    ...(id !== undefined ? { id } : {}),
    physicalLocation: {
      artifactLocation: { uri, uriBaseId: ROOT_ID },
      region: {
        startLine: range.start.line + 1,
        startColumn: range.start.character + 1,
        endLine: range.end.line + 1,
        endColumn: range.end.character + 1,
      },
    },
    ...(message ? { message: { text: message } } : {}),
  });
  const related = (diagnostic.relatedInformation ?? []).map((info, index) => location(info.location.range, info.message, index + 1));
  // Stable across unrelated edits: the rule, the file and the flagged line's text, not its number.
  const lineText = (lines[diagnostic.range.start.line] ?? '').trim();
  const base = `${ruleId}|${uri}|${lineText}`;
  const occurrence = seen.get(base) ?? 0;
  seen.set(base, occurrence + 1);
  const result: Sarif.Result = {
    ruleId,
    ...(ruleIndex.has(ruleId) ? { ruleIndex: ruleIndex.get(ruleId) } : {}),
    level: LEVEL[severityName(diagnostic)],
    message: { text: messageOf(diagnostic) },
    locations: [location(diagnostic.range)],
    partialFingerprints: { 'phiLint/v1': createHash('sha256').update(`${base}|${occurrence}`).digest('hex').slice(0, 32) },
    properties: {
      dataTypes: (data?.dataTypes ?? []).map((type) => type.id),
      references: (data?.references ?? []).map((reference) => reference.id),
    },
  };
  if (related.length > 0) {
    result.relatedLocations = related;
    result.codeFlows = [
      {
        threadFlows: [
          {
            locations: [
              ...related.map((step) => ({ location: { physicalLocation: step.physicalLocation, message: step.message } })),
              { location: { physicalLocation: location(diagnostic.range).physicalLocation, message: { text: 'reaches the sink here' } } },
            ],
          },
        ],
      },
    ];
  }
  return result;
}
