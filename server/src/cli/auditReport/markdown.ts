import type { RenderOptions } from './html';
import { buildMapGraph, orderColumns } from './graph';
import { STORE_DATA_TYPE, UNMAPPED_CONTROL, type AuditReport, type ExceptionEntry, type FindingEntry } from './model';
import { countOf } from '../../core/text';

/** A table cell: no line breaks, no pipes, no raw HTML. */
function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|');
}

/** Inline code that survives backticks in the text. */
function code(text: string): string {
  const clean = cell(text);
  return clean.includes('`') ? `<code>${clean.replace(/`/g, '&#96;')}</code>` : `\`${clean}\``;
}

function table(headers: string[], rows: string[][], empty: string): string {
  if (rows.length === 0) return `_${empty}_\n`;
  return [`| ${headers.join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n') + '\n';
}

/** A label for mermaid: quoted, without the characters its grammar reserves. */
function mermaidLabel(text: string): string {
  return `"${text.replace(/["<>[\]{}|#;`]/g, ' ').replace(/\s+/g, ' ').trim()}"`;
}

/**
 * The audit report as GitHub-flavoured Markdown, for a pull request or a wiki: the same sections as
 * the HTML page, as tables, with the data-flow map as a mermaid flowchart.
 */
export function renderMarkdown(report: AuditReport, options: RenderOptions): string {
  const labelOf = new Map(report.dataTypes.map((type) => [type.id, type.label]));
  labelOf.set(STORE_DATA_TYPE, 'PHI (store classified as PHI)');
  const link = (file: string, line: number) => `[${cell(file)}:${line}](${encodeURI(`${options.linkBase}${file}`).replace(/\(/g, '%28').replace(/\)/g, '%29')}#L${line})`;
  const s = report.summary;
  const out: string[] = [];
  out.push(`# phi-lint audit report: ${cell(report.project)}\n`);
  out.push(table(['', ''], [
    ['Tool', `phi-lint ${cell(report.tool.version)}`],
    ['Commit', code(report.commit ?? 'not a git repository')],
    ['Date', cell(report.date)],
    ['Scanned', report.scanned.map(code).join(', ')],
    ['Summary', `${countOf(s.filesChecked, 'file')} checked, ${countOf(s.findings, 'finding')} (${countOf(s.errors, 'error')}, ${countOf(s.warnings, 'warning')}, ${s.infos} other), ${countOf(s.exceptions, 'documented exception')}, ${countOf(s.dataTypes, 'data type')}, ${countOf(s.flows, 'flow')}, ${countOf(s.stores, 'PHI store')}`],
  ], ''));

  out.push('## Data-flow map\n');
  out.push(mermaid(report));

  out.push('## Data inventory\n');
  out.push('### Data types\n');
  out.push(table(['Data type', 'Category', 'Group', 'Declared in', 'Findings'], report.dataTypes.map((type) => [
    cell(type.label),
    cell(type.category),
    type.group.toUpperCase(),
    type.declaredIn.map((where) => `${where.kind} ${code(where.name)} ${link(where.file, where.line)}`).join('<br>') || '_not declared in the scanned files_',
    String(type.findings),
  ]), 'No personal data found.'));
  out.push('### Types that hold personal data\n');
  out.push(table(['Type', 'Declared at', 'Fields'], report.types.map((type) => [
    code(type.name),
    link(type.file, type.line),
    type.fields.map((field) => `${code(field.name)} (${cell(labelOf.get(field.dataType) ?? field.dataType)})`).join(', '),
  ]), 'No interface, type or class with personal-data fields in the scanned files.'));
  out.push('### Schema columns\n');
  out.push(table(['Column', 'Data type', 'phi-purpose', 'Declared at'], report.columns.map((column) => [
    code(`${column.table}.${column.name}`),
    cell(labelOf.get(column.dataType) ?? column.dataType),
    column.purposeState === 'stated' ? cell(column.purpose ?? '') : `**${column.purposeState === 'missing' ? 'no purpose stated' : `purpose ${column.purposeState}`}**`,
    link(column.file, column.line),
  ]), 'No schema column holding personal data in the scanned files.'));

  out.push('## Stores\n');
  out.push(table(['Store', 'Type', 'Declared at', ...report.postureAspects.map((aspect) => cell(aspect.label))], report.stores.map((store) => [
    code(store.name),
    cell(`${store.type}${store.reason ? `, ${store.reason}` : ''}`),
    link(store.file, store.line),
    ...store.posture.map((aspect) => `${aspect.status === 'gap' ? '**gap**' : aspect.status}${aspect.findings.length > 0 ? ` (${aspect.findings.map((finding) => link(finding.file, finding.line)).join(', ')})` : ''}`),
  ]), 'No PHI store found in infrastructure as code.'));

  const sinkLabel = new Map(report.sinkKinds.map((kind) => [kind.id, kind.label]));
  out.push('## Flows\n');
  out.push(table(['Data type', 'Code', 'Sink', 'Calls', 'Count'], report.flows.map((flow) => [
    cell(labelOf.get(flow.dataType) ?? flow.dataType),
    flow.lines.map((line) => link(flow.file, line)).join('<br>'),
    `${cell(sinkLabel.get(flow.sinkKind) ?? flow.sinkKind)}${flow.thirdParty ? ' (third party)' : ''}`,
    flow.sinks.map(code).join(', '),
    String(flow.count),
  ]), 'No personal data reaches a sink.'));

  const findingById = new Map(report.findings.map((finding) => [finding.id, finding]));
  const exceptionById = new Map(report.exceptions.map((exception) => [exception.id, exception]));
  const findingRow = (finding: FindingEntry) => [finding.id, finding.severity, code(finding.ruleId), link(finding.file, finding.line), cell(finding.message)];
  const exceptionRow = (exception: ExceptionEntry) => [exception.id, code(exception.ruleId), link(exception.file, exception.line), exception.reason ? cell(exception.reason) : '**no reason given**', cell(exception.message)];
  out.push('## Findings by control\n');
  out.push(`A finding counts under every control its rule maps to. Totals: ${countOf(s.findings, 'finding')}, ${countOf(s.exceptions, 'documented exception')}.\n`);
  for (const control of report.controls) {
    const findings = control.findings.map((id) => findingById.get(id)!).filter(Boolean);
    const exceptions = control.exceptions.map((id) => exceptionById.get(id)!).filter(Boolean);
    const heading = control.id === UNMAPPED_CONTROL ? cell(control.name) : `${cell(control.id)}: ${cell(control.name)}`;
    out.push(`### ${heading} (${findings.length} findings, ${exceptions.length} exceptions)\n`);
    out.push(`${cell(control.title)}${control.url ? ` ([regulation text](${control.url}))` : ''}\n`);
    if (findings.length === 0 && exceptions.length === 0) {
      out.push('_No findings._\n');
      continue;
    }
    // Collapsed, so a long report stays readable in a pull request.
    out.push('<details><summary>Findings and exceptions</summary>\n');
    if (findings.length > 0) out.push(table(['#', 'Severity', 'Rule', 'Where', 'Finding'], findings.map(findingRow), ''));
    if (exceptions.length > 0) out.push(`Documented exceptions:\n\n${table(['#', 'Rule', 'Where', 'Reason', 'Finding'], exceptions.map(exceptionRow), '')}`);
    out.push('</details>\n');
  }

  out.push('## Documented exceptions\n');
  out.push(table(['#', 'Rule', 'Where', 'Reason', 'Finding'], report.exceptions.map(exceptionRow), 'No suppressed findings.'));
  out.push(`---\nGenerated by phi-lint ${cell(report.tool.version)} on ${cell(report.date)}; the findings are those of the same scan as \`phi-lint --format sarif\`.\n`);
  return out.join('\n');
}

function mermaid(report: AuditReport): string {
  const graph = buildMapGraph(report);
  if (graph.nodes.length === 0) return '_No personal data was found flowing to a sink or declared in a schema or store._\n';
  const columns = orderColumns(graph);
  const ids = new Map<string, string>();
  const lines = ['```mermaid', 'flowchart LR'];
  const titles = { data: 'Data types', code: 'Code', target: 'Sinks and stores' } as const;
  (['data', 'code', 'target'] as const).forEach((column, index) => {
    lines.push(`  subgraph c${index}[${mermaidLabel(titles[column])}]`);
    for (const node of columns[column]) {
      const id = `n${ids.size}`;
      ids.set(node.id, id);
      const shape = node.kind === 'dataType' ? [`([`, `])`] : node.kind === 'file' ? ['[', ']'] : node.kind === 'table' || node.kind === 'store' ? ['[(', ')]'] : ['[[', ']]'];
      lines.push(`    ${id}${shape[0]}${mermaidLabel(node.label)}${shape[1]}`);
    }
    lines.push('  end');
  });
  for (const edge of graph.edges) lines.push(`  ${ids.get(edge.from)} -->|${edge.count}| ${ids.get(edge.to)}`);
  lines.push('```', '');
  return lines.join('\n');
}
