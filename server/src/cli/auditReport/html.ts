import { escapeHtml as e, escapeWithCode, filterToken, jsonForScript } from './escape';
import { STORE_DATA_TYPE, UNMAPPED_CONTROL, type AuditReport, type ExceptionEntry, type FindingEntry } from './model';
import { renderFlowMapSvg } from './svg';
import { countOf } from '../../core/text';

export interface RenderOptions {
  /** Prefix that turns a project-relative path into a link from where the report is written. */
  linkBase: string;
}

/**
 * The audit report as one self-contained HTML page: inline CSS, SVG and a few lines of inline JS
 * for the filters; no external resource, so it opens offline and can be archived as evidence.
 * The report's data is embedded as JSON (`#phi-lint-report-data`) for tools that read it back.
 */
export function renderHtml(report: AuditReport, options: RenderOptions): string {
  const labelOf = new Map(report.dataTypes.map((type) => [type.id, type.label]));
  labelOf.set(STORE_DATA_TYPE, 'PHI (store classified as PHI)');
  const codeLink = (file: string, line: number) => `<a class="code" href="${e(`${options.linkBase}${file}`)}#L${line}">${e(file)}:${line}</a>`;
  const typeNames = (ids: readonly string[]) => ids.map((id) => e(labelOf.get(id) ?? id)).join(', ');
  const filterData = (dataTypes: readonly string[], controls: readonly string[]) =>
    `data-dt="${e(dataTypes.map(filterToken).join(' '))}" data-ctl="${e(controls.map(filterToken).join(' '))}"`;
  const s = report.summary;
  const sections: string[] = [];

  sections.push(`<header>
<h1>phi-lint audit report: ${e(report.project)}</h1>
<table class="meta" id="report-meta">
<tr><th>Tool</th><td>phi-lint ${e(report.tool.version)}</td></tr>
<tr><th>Commit</th><td><code>${e(report.commit ?? 'not a git repository')}</code></td></tr>
<tr><th>Date</th><td><time datetime="${e(report.date)}">${e(report.date)}</time></td></tr>
<tr><th>Scanned</th><td>${report.scanned.map((item) => `<code>${e(item)}</code>`).join(', ')}</td></tr>
</table>
<ul class="summary" id="summary">
${summaryItem('files', s.filesChecked, 'files checked')}
${summaryItem('findings', s.findings, `findings (${s.errors} errors, ${s.warnings} warnings, ${s.infos} other)`)}
${summaryItem('exceptions', s.exceptions, 'documented exceptions')}
${summaryItem('data-types', s.dataTypes, 'data types')}
${summaryItem('flows', s.flows, 'flows to sinks')}
${summaryItem('stores', s.stores, 'PHI stores')}
</ul>
</header>`);

  const typeOptions = report.dataTypes.map((type) => `<option value="${e(filterToken(type.id))}">${e(type.label)}</option>`);
  if (report.stores.length > 0) typeOptions.push(`<option value="${filterToken(STORE_DATA_TYPE)}">PHI stores (IaC)</option>`);
  const controlOptions = report.controls.map((control) => `<option value="${e(filterToken(control.id))}">${e(control.id === UNMAPPED_CONTROL ? control.name : `${control.id}: ${control.name}`)}</option>`);
  sections.push(`<nav class="filters" id="filters">
<label>Data type <select id="filter-data-type"><option value="">All data types</option>${typeOptions.join('')}</select></label>
<label>Control <select id="filter-control"><option value="">All controls</option>${controlOptions.join('')}</select></label>
<span id="filter-status" aria-live="polite"></span>
</nav>`);

  sections.push(`<section id="map"><h2>Data-flow map</h2>
<p class="note">Data types (left) reach code (middle), which sends them to sinks, third parties and stores (right). Edge width and numbers are counts of findings or declarations; hover for details.</p>
<div class="map-scroll">${renderFlowMapSvg(report)}</div>
<p class="legend"><span class="key key-flow"></span>sink in your systems <span class="key key-thirdParty"></span>third party <span class="key key-column"></span>schema column <span class="key key-store"></span>IaC store</p>
</section>`);

  const dataTypeRows = report.dataTypes.map(
    (type) => `<tr class="f" ${filterData([type.id], [])}><td>${e(type.label)}</td><td>${e(type.category)}</td><td>${e(type.group.toUpperCase())}</td><td>${type.declaredIn.map((where) => `${where.kind} <code>${e(where.name)}</code> ${codeLink(where.file, where.line)}`).join('<br>') || '<span class="muted">not declared in the scanned files</span>'}</td><td class="num">${type.findings}</td></tr>`,
  );
  const typeRows = report.types.map(
    (type) => `<tr class="f" ${filterData(type.fields.map((field) => field.dataType), [])}><td><code>${e(type.name)}</code></td><td>${codeLink(type.file, type.line)}</td><td>${type.fields.map((field) => `<code>${e(field.name)}</code> (${e(labelOf.get(field.dataType) ?? field.dataType)})`).join(', ')}</td></tr>`,
  );
  const columnRows = report.columns.map(
    (column) => `<tr class="f" ${filterData([column.dataType], [])}><td><code>${e(column.table)}.${e(column.name)}</code></td><td>${e(labelOf.get(column.dataType) ?? column.dataType)}</td><td>${column.purposeState === 'stated' ? e(column.purpose ?? '') : `<span class="badge gap">${column.purposeState === 'missing' ? 'no purpose stated' : `purpose ${e(column.purposeState)}`}</span>`}</td><td>${codeLink(column.file, column.line)}</td></tr>`,
  );
  sections.push(`<section id="inventory"><h2>Data inventory</h2>
<h3>Data types</h3>
${table('inventory-data-types', ['Data type', 'Category', 'Group', 'Declared in', 'Findings'], dataTypeRows, 'No personal data found.')}
<h3>Types that hold personal data</h3>
${table('inventory-types', ['Type', 'Declared at', 'Fields'], typeRows, 'No interface, type or class with personal-data fields in the scanned files.')}
<h3>Schema columns</h3>
${table('inventory-columns', ['Column', 'Data type', 'phi-purpose', 'Declared at'], columnRows, 'No schema column holding personal data in the scanned files.')}
</section>`);

  const aspectLabel = new Map(report.postureAspects.map((aspect) => [aspect.aspect, aspect.label]));
  const storeRows = report.stores.map((store) => {
    const controls = [...new Set(store.posture.flatMap((aspect) => aspect.findings.flatMap((finding) => report.findings.find((candidate) => candidate.file === finding.file && candidate.line === finding.line && candidate.ruleId === finding.ruleId)?.controls ?? [])))];
    const cells = store.posture.map((aspect) => {
      const where = aspect.findings.map((finding) => `${e(finding.ruleId)} ${codeLink(finding.file, finding.line)}`).join('<br>');
      return `<td><span class="badge ${aspect.status.replace(' ', '-')}">${e(aspect.status)}</span>${where ? `<br><small>${where}</small>` : ''}</td>`;
    });
    return `<tr class="f" ${filterData([STORE_DATA_TYPE], controls)}><td><code>${e(store.name)}</code><br><small>${e(store.type)}${store.reason ? `, ${escapeWithCode(store.reason)}` : ''}</small></td><td>${codeLink(store.file, store.line)}</td>${cells.join('')}</tr>`;
  });
  sections.push(`<section id="stores"><h2>Stores</h2>
<p class="note">Infrastructure resources that hold PHI (tagged or named as PHI stores). <em>gap</em>: a finding; <em>exception</em>: a suppressed finding; <em>pass</em>: checked, no finding; <em>not checked</em>: no phi-lint check covers it for this resource type.</p>
${table('stores-table', ['Store', 'Declared at', ...report.postureAspects.map((aspect) => aspectLabel.get(aspect.aspect) ?? aspect.aspect)], storeRows, 'No PHI store found in infrastructure as code.')}
</section>`);

  const sinkLabel = new Map(report.sinkKinds.map((kind) => [kind.id, kind.label]));
  const flowRows = report.flows.map(
    (flow) => `<tr class="f" ${filterData([flow.dataType], flow.controls)}><td>${e(labelOf.get(flow.dataType) ?? flow.dataType)}</td><td>${flow.lines.map((line) => codeLink(flow.file, line)).join('<br>')}</td><td>${e(sinkLabel.get(flow.sinkKind) ?? flow.sinkKind)}${flow.thirdParty ? ' <span class="badge third-party">third party</span>' : ''}</td><td>${flow.sinks.map((sink) => `<code>${e(sink)}</code>`).join(', ')}</td><td class="num">${flow.count}</td></tr>`,
  );
  sections.push(`<section id="flows"><h2>Flows</h2>
${table('flows-table', ['Data type', 'Code', 'Sink', 'Calls', 'Count'], flowRows, 'No personal data reaches a sink.')}
</section>`);

  const findingById = new Map(report.findings.map((finding) => [finding.id, finding]));
  const exceptionById = new Map(report.exceptions.map((exception) => [exception.id, exception]));
  const findingRow = (finding: FindingEntry) =>
    `<tr class="f" ${filterData(finding.dataTypes, finding.controls)}><td>${finding.id}</td><td><span class="badge ${finding.severity}">${finding.severity}</span></td><td><code>${e(finding.ruleId)}</code></td><td>${codeLink(finding.file, finding.line)}</td><td>${escapeWithCode(finding.message)}</td></tr>`;
  const exceptionRow = (exception: ExceptionEntry) =>
    `<tr class="f" ${filterData(exception.dataTypes, exception.controls)}><td>${exception.id}</td><td><code>${e(exception.ruleId)}</code></td><td>${codeLink(exception.file, exception.line)}</td><td>${exception.reason ? escapeWithCode(exception.reason) : '<span class="badge gap">no reason given</span>'}</td><td>${escapeWithCode(exception.message)}</td></tr>`;
  const controlSections = report.controls.map((control) => {
    const heading = control.id === UNMAPPED_CONTROL ? e(control.name) : `${e(control.id)}: ${e(control.name)}`;
    const doc = control.url ? ` <a class="doc" href="${e(control.url)}" rel="noreferrer">regulation text</a>` : '';
    const findings = control.findings.map((id) => findingById.get(id)!).filter(Boolean);
    const exceptions = control.exceptions.map((id) => exceptionById.get(id)!).filter(Boolean);
    return `<div class="control f" id="control-${e(filterToken(control.id))}" data-control="${e(filterToken(control.id))}" ${filterData([...new Set([...findings, ...exceptions].flatMap((item) => item.dataTypes))], [control.id])}>
<h3>${heading} <span class="count-badge">${findings.length} findings, ${exceptions.length} exceptions</span></h3>
<p class="note">${e(control.title)}${doc}</p>
${findings.length > 0 ? table(undefined, ['#', 'Severity', 'Rule', 'Where', 'Finding'], findings.map(findingRow)) : '<p class="muted">No findings.</p>'}
${exceptions.length > 0 ? `<h4>Documented exceptions</h4>${table(undefined, ['#', 'Rule', 'Where', 'Reason', 'Finding'], exceptions.map(exceptionRow))}` : ''}
</div>`;
  });
  sections.push(`<section id="controls"><h2>Findings by control</h2>
<p class="note">A finding counts under every control its rule maps to, so a finding can appear under several controls. Totals: ${countOf(s.findings, 'finding')}, ${countOf(s.exceptions, 'documented exception')}.</p>
${controlSections.join('\n')}
</section>`);

  sections.push(`<section id="exceptions"><h2>Documented exceptions</h2>
<p class="note">Findings suppressed with a <code>phi-lint-disable</code> directive, with the reason it states.</p>
${table('exceptions-table', ['#', 'Rule', 'Where', 'Reason', 'Finding'], report.exceptions.map(exceptionRow), 'No suppressed findings.')}
</section>`);

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="phi-lint ${e(report.tool.version)}">
<title>phi-lint audit report: ${e(report.project)}</title>
<style>${STYLE}</style>
</head>
<body>
${sections.join('\n')}
<footer>Generated by phi-lint ${e(report.tool.version)} on ${e(report.date)}. The findings are those of the same scan as <code>phi-lint --format sarif</code>.</footer>
<script type="application/json" id="phi-lint-report-data">${jsonForScript(report)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

function summaryItem(id: string, count: number, label: string): string {
  return `<li id="summary-${id}"><strong>${count}</strong> ${e(label)}</li>`;
}

function table(id: string | undefined, headers: string[], rows: string[], empty?: string): string {
  if (rows.length === 0 && empty) return `<p class="muted"${id ? ` id="${id}"` : ''}>${e(empty)}</p>`;
  return `<table${id ? ` id="${id}"` : ''}><thead><tr>${headers.map((header) => `<th>${e(header)}</th>`).join('')}</tr></thead><tbody>${rows.join('\n')}</tbody></table>`;
}

const STYLE = `
:root { color-scheme: light; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg-soft: #f6f8fa; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); margin: 0 auto; padding: 16px 24px 48px; max-width: 1240px; }
h1 { font-size: 22px; margin: 8px 0 12px; } h2 { font-size: 18px; border-bottom: 1px solid var(--line); padding-bottom: 4px; margin-top: 32px; } h3 { font-size: 15px; margin: 20px 0 6px; } h4 { font-size: 14px; margin: 12px 0 4px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; } th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; } th { background: var(--bg-soft); font-weight: 600; }
table.meta { width: auto; } table.meta th { width: 90px; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; background: var(--bg-soft); padding: 1px 4px; border-radius: 4px; }
.summary { list-style: none; display: flex; flex-wrap: wrap; gap: 8px; padding: 0; } .summary li { border: 1px solid var(--line); border-radius: 6px; padding: 6px 12px; background: var(--bg-soft); } .summary strong { font-size: 18px; margin-right: 4px; }
.filters { position: sticky; top: 0; z-index: 2; background: #fff; border-bottom: 1px solid var(--line); padding: 8px 0; display: flex; gap: 16px; align-items: center; flex-wrap: wrap; }
.filters select { font: inherit; padding: 2px 4px; } #filter-status { color: var(--muted); }
.note, .muted, .legend { color: var(--muted); } .empty { color: var(--muted); font-style: italic; }
.badge { display: inline-block; border-radius: 10px; padding: 0 8px; font-size: 12px; font-weight: 600; }
.badge.error, .badge.gap { background: #ffebe9; color: #a40e26; } .badge.warning { background: #fff8c5; color: #7d4e00; } .badge.info, .badge.hint { background: #ddf4ff; color: #0a3069; }
.badge.pass { background: #dafbe1; color: #116329; } .badge.exception { background: #fbefff; color: #6e40c9; } .badge.not-checked { background: var(--bg-soft); color: var(--muted); } .badge.third-party { background: #ffebe9; color: #a40e26; }
.count-badge { font-weight: 400; color: var(--muted); font-size: 13px; }
.map-scroll { overflow-x: auto; border: 1px solid var(--line); border-radius: 6px; background: #fff; }
.flow-map { display: block; font: 12px system-ui, sans-serif; }
.flow-map .column-title { font-weight: 600; fill: var(--muted); font-size: 13px; }
.flow-map .node rect { fill: #f6f8fa; stroke: #8c959f; } .flow-map .node text { fill: var(--fg); } .flow-map .node .weight { fill: var(--muted); font-variant-numeric: tabular-nums; }
.flow-map .node-dataType rect { fill: #fff8c5; stroke: #bf8700; } .flow-map .node-file rect { fill: #ddf4ff; stroke: #0969da; }
.flow-map .node-sink rect { fill: #fff1e5; stroke: #bc4c00; } .flow-map .node-thirdParty rect { fill: #ffebe9; stroke: #cf222e; }
.flow-map .node-table rect { fill: #dafbe1; stroke: #1a7f37; } .flow-map .node-store rect { fill: #fbefff; stroke: #8250df; }
.flow-map .edge path { fill: none; stroke-opacity: 0.55; } .flow-map .edge:hover path { stroke-opacity: 0.95; }
.flow-map .edge-flow path { stroke: #bc4c00; } .flow-map .edge-thirdParty path { stroke: #cf222e; } .flow-map .edge-column path { stroke: #1a7f37; } .flow-map .edge-store path { stroke: #8250df; }
.flow-map .count { fill: var(--fg); font-size: 11px; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
.key { display: inline-block; width: 18px; height: 4px; margin: 0 4px 2px 12px; vertical-align: middle; } .key-flow { background: #bc4c00; } .key-thirdParty { background: #cf222e; } .key-column { background: #1a7f37; } .key-store { background: #8250df; }
.filtered-out { display: none; } .flow-map .filtered-out { display: inline; opacity: 0.08; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
`;

/** The filters: hide what does not carry the chosen data type or control; the map dims instead. */
const SCRIPT = `
(function () {
  var typeSelect = document.getElementById('filter-data-type');
  var controlSelect = document.getElementById('filter-control');
  var status = document.getElementById('filter-status');
  function has(element, attribute, value) {
    if (!value) return true;
    var list = (element.getAttribute(attribute) || '').split(' ');
    return list.indexOf(value) >= 0;
  }
  function apply() {
    var type = typeSelect.value;
    var control = controlSelect.value;
    var shown = 0;
    var all = document.querySelectorAll('.f');
    for (var i = 0; i < all.length; i++) {
      var element = all[i];
      var visible = has(element, 'data-dt', type) && has(element, 'data-ctl', control);
      element.classList.toggle('filtered-out', !visible);
      if (visible && element.tagName === 'TR') shown++;
    }
    status.textContent = type || control ? shown + ' matching rows' : '';
    document.body.setAttribute('data-filter-type', type);
    document.body.setAttribute('data-filter-control', control);
  }
  typeSelect.addEventListener('change', apply);
  controlSelect.addEventListener('change', apply);
  apply();
})();
`;
