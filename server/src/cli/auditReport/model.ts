import * as path from 'path';
import type { DiagnosticData, FileInventoryResult, InventoryDataType, ReportControlsResult } from '../../protocol';
import { messageOf, ruleIdOf, severityName, totals, type RunReport, type SeverityName } from '../report';

/**
 * The audit report as data: everything the HTML and Markdown renderers show, built from the CLI's
 * run (the same diagnostics its SARIF and text output come from) and the inventory the server
 * returned for each file during that run. Plain JSON, so the HTML page can embed it and tests can
 * read it back.
 */
export interface AuditReport {
  tool: { name: 'phi-lint'; version: string };
  /** `git rev-parse HEAD` of the scanned repository, or undefined outside a repository. */
  commit?: string;
  /** ISO 8601. */
  date: string;
  /** The scanned project's folder name. */
  project: string;
  /** What was scanned, relative to the project root ('.' for all of it). */
  scanned: string[];
  summary: {
    filesChecked: number;
    findings: number;
    errors: number;
    warnings: number;
    infos: number;
    exceptions: number;
    dataTypes: number;
    stores: number;
    flows: number;
  };
  dataTypes: DataTypeEntry[];
  types: { name: string; file: string; line: number; fields: { name: string; dataType: string }[] }[];
  columns: { table: string; name: string; dataType: string; purpose: string | undefined; purposeState: string; file: string; line: number }[];
  stores: StoreEntry[];
  postureAspects: { aspect: string; label: string }[];
  sinkKinds: { id: string; label: string; thirdParty: boolean }[];
  flows: FlowEntry[];
  findings: FindingEntry[];
  exceptions: ExceptionEntry[];
  controls: ControlEntry[];
}

export interface DataTypeEntry {
  id: string;
  label: string;
  category: string;
  group: string;
  /** Declarations: `type Patient.ssn`, `column patients.ssn`. */
  declaredIn: { kind: 'type' | 'column'; name: string; file: string; line: number }[];
  /** How many findings (flows and others) involve it. */
  findings: number;
}

export interface StoreEntry {
  name: string;
  type: string;
  format: string;
  reason?: string;
  file: string;
  line: number;
  posture: { aspect: string; status: 'gap' | 'exception' | 'pass' | 'not checked'; findings: { ruleId: string; file: string; line: number }[] }[];
}

/** Data of one type that reaches one sink kind from one file: an edge of the data-flow map. */
export interface FlowEntry {
  dataType: string;
  file: string;
  sinkKind: string;
  /** The calls that receive it: `logger.info`. */
  sinks: string[];
  thirdParty: boolean;
  count: number;
  lines: number[];
  controls: string[];
}

export interface FindingEntry {
  /** `F1`, `F2`, ... in report order, for cross references. */
  id: string;
  ruleId: string;
  severity: SeverityName;
  message: string;
  file: string;
  line: number;
  column: number;
  dataTypes: string[];
  controls: string[];
  sink?: string;
}

export interface ExceptionEntry {
  id: string;
  ruleId: string;
  severity: string;
  message: string;
  file: string;
  line: number;
  reason?: string;
  directiveLine: number;
  dataTypes: string[];
  controls: string[];
}

export interface ControlEntry {
  id: string;
  name: string;
  title: string;
  url?: string;
  findings: string[];
  exceptions: string[];
}

/** The control id findings mapped to none of the listed controls are grouped under. */
export const UNMAPPED_CONTROL = 'unmapped';
/** The data type the map draws IaC stores from: they are classified as PHI as a whole. */
export const STORE_DATA_TYPE = 'phi-store';

export interface BuildOptions {
  controls: ReportControlsResult;
  commit?: string;
  date: Date;
  /** The paths given on the command line (absolute), empty for the whole project. */
  scanned: string[];
}

export function buildAuditReport(run: RunReport, options: BuildOptions): AuditReport {
  const relative = (file: string) => path.relative(run.root, file).split(path.sep).join('/') || '.';
  const controlIds = new Set(options.controls.controls.map((control) => control.id));
  const controlsOf = (references: readonly { id: string }[]) => {
    const ids = references.map((reference) => reference.id).filter((id) => controlIds.has(id));
    return ids.length > 0 ? ids : [UNMAPPED_CONTROL];
  };
  const sinkKindOf = new Map(options.controls.sinks.map((sink) => [sink.rule, sink]));
  const dataTypes = new Map<string, DataTypeEntry>();
  const noteType = (type: InventoryDataType): DataTypeEntry => {
    let entry = dataTypes.get(type.id);
    if (!entry) {
      entry = { id: type.id, label: type.label, category: type.category, group: type.group, declaredIn: [], findings: 0 };
      dataTypes.set(type.id, entry);
    }
    return entry;
  };

  const findings: FindingEntry[] = [];
  const flows = new Map<string, FlowEntry>();
  for (const file of run.files) {
    for (const diagnostic of file.diagnostics) {
      const data = diagnostic.data as DiagnosticData | undefined;
      const ruleId = ruleIdOf(diagnostic);
      const controls = controlsOf(data?.references ?? []);
      const entry: FindingEntry = {
        id: `F${findings.length + 1}`,
        ruleId,
        severity: severityName(diagnostic),
        message: messageOf(diagnostic),
        file: relative(file.path),
        line: diagnostic.range.start.line + 1,
        column: diagnostic.range.start.character + 1,
        dataTypes: (data?.dataTypes ?? []).map((type) => type.id),
        controls,
        ...(data?.sink ? { sink: data.sink } : {}),
      };
      findings.push(entry);
      for (const type of data?.dataTypes ?? []) noteType(type).findings++;
      const sinkKind = sinkKindOf.get(ruleId);
      if (!sinkKind) continue;
      for (const type of entry.dataTypes) {
        const key = `${type}\u0000${entry.file}\u0000${ruleId}`;
        let flow = flows.get(key);
        if (!flow) {
          flow = { dataType: type, file: entry.file, sinkKind: ruleId, sinks: [], thirdParty: sinkKind.thirdParty, count: 0, lines: [], controls: [] };
          flows.set(key, flow);
        }
        flow.count++;
        flow.lines.push(entry.line);
        if (entry.sink && !flow.sinks.includes(entry.sink)) flow.sinks.push(entry.sink);
        for (const control of controls) if (!flow.controls.includes(control)) flow.controls.push(control);
      }
    }
  }

  const types: AuditReport['types'] = [];
  const columns: AuditReport['columns'] = [];
  const exceptions: ExceptionEntry[] = [];
  const storeFindings: FileInventoryResult['storeFindings'] = [];
  const stores: { store: FileInventoryResult['stores'][number]; file: string }[] = [];
  for (const file of run.files) {
    const inventory = file.inventory;
    if (!inventory) continue;
    const where = relative(file.path);
    for (const type of inventory.types) {
      types.push({ name: type.name, file: where, line: type.range.start.line + 1, fields: type.fields.map((field) => ({ name: field.name, dataType: field.dataType.id })) });
      for (const field of type.fields) noteType(field.dataType).declaredIn.push({ kind: 'type', name: `${type.name}.${field.name}`, file: where, line: type.range.start.line + 1 });
    }
    for (const column of inventory.columns) {
      const line = column.range.start.line + 1;
      columns.push({ table: column.table, name: column.name, dataType: column.dataType.id, purpose: column.purpose.text, purposeState: column.purpose.state, file: where, line });
      noteType(column.dataType).declaredIn.push({ kind: 'column', name: `${column.table}.${column.name}`, file: where, line });
    }
    for (const exception of inventory.exceptions) {
      exceptions.push({
        id: `E${exceptions.length + 1}`,
        ruleId: exception.ruleId,
        severity: exception.severity,
        message: exception.message,
        file: where,
        line: exception.range.start.line + 1,
        ...(exception.reason !== undefined ? { reason: exception.reason } : {}),
        directiveLine: exception.directiveRange.start.line + 1,
        dataTypes: exception.dataTypes.map((type) => type.id),
        controls: controlsOf(exception.references),
      });
      for (const type of exception.dataTypes) noteType(type);
    }
    storeFindings.push(...inventory.storeFindings.map((finding) => ({ ...finding, scope: `${finding.scope}\u0000${where}` })));
    for (const store of inventory.stores) stores.push({ store, file: where });
  }

  const storeEntries: StoreEntry[] = stores.map(({ store, file }) => {
    // A finding judges this store when it names it in the same template (or Terraform module).
    const own = storeFindings.filter((finding) => finding.resource === store.name && finding.scope.split('\u0000')[0] === store.scope);
    return {
      name: store.name,
      type: store.type,
      format: store.format,
      ...(store.reason ? { reason: store.reason } : {}),
      file,
      line: store.range.start.line + 1,
      posture: options.controls.posture.map(({ aspect }) => {
        const about = own.filter((finding) => finding.aspects.includes(aspect));
        const open = about.filter((finding) => !finding.suppressed);
        const status = open.length > 0 ? 'gap' : about.length > 0 ? 'exception' : store.checkedAspects.includes(aspect) ? 'pass' : 'not checked';
        return { aspect, status, findings: (open.length > 0 ? open : about).map((finding) => ({ ruleId: finding.ruleId, file: finding.scope.split('\u0000')[1], line: finding.range.start.line + 1 })) };
      }),
    };
  });

  const controls: ControlEntry[] = [
    ...options.controls.controls.map((control) => ({ id: control.id, name: control.name, title: control.title, ...(control.url ? { url: control.url } : {}), findings: [] as string[], exceptions: [] as string[] })),
    { id: UNMAPPED_CONTROL, name: 'Not mapped to a control', title: 'Findings whose rule names none of the controls above (parse errors, unused suppressions)', findings: [], exceptions: [] },
  ];
  const byId = new Map(controls.map((control) => [control.id, control]));
  for (const finding of findings) for (const id of finding.controls) byId.get(id)?.findings.push(finding.id);
  for (const exception of exceptions) for (const id of exception.controls) byId.get(id)?.exceptions.push(exception.id);

  const sum = totals(run.files);
  const flowList = [...flows.values()].sort((a, b) => a.dataType.localeCompare(b.dataType) || a.file.localeCompare(b.file) || a.sinkKind.localeCompare(b.sinkKind));
  const dataTypeList = [...dataTypes.values()].sort((a, b) => groupRank(a.group) - groupRank(b.group) || a.label.localeCompare(b.label));
  return {
    tool: { name: 'phi-lint', version: run.version },
    ...(options.commit ? { commit: options.commit } : {}),
    date: options.date.toISOString(),
    project: path.basename(run.root),
    scanned: options.scanned.length > 0 ? options.scanned.map(relative) : ['.'],
    summary: {
      filesChecked: run.files.length,
      findings: findings.length,
      errors: sum.errors,
      warnings: sum.warnings,
      infos: sum.infos,
      exceptions: exceptions.length,
      dataTypes: dataTypeList.length,
      stores: storeEntries.length,
      flows: flowList.length,
    },
    dataTypes: dataTypeList,
    types,
    columns,
    stores: storeEntries,
    postureAspects: options.controls.posture,
    sinkKinds: options.controls.sinks.map((sink) => ({ id: sink.rule, label: sink.label, thirdParty: sink.thirdParty })),
    flows: flowList,
    findings,
    exceptions,
    controls: controls.filter((control) => control.id !== UNMAPPED_CONTROL || control.findings.length + control.exceptions.length > 0),
  };
}

/** PHI first, then other personal information. */
function groupRank(group: string): number {
  return group === 'phi' ? 0 : group === 'pii' ? 1 : 2;
}
