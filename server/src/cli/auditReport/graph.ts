import { commonFolder } from './escape';
import { STORE_DATA_TYPE, type AuditReport } from './model';

/**
 * The data-flow map as a three-column graph: data types -> code (files) -> sinks and stores.
 * Shared by the SVG of the HTML page and the mermaid block of the Markdown report.
 */
export type Column = 'data' | 'code' | 'target';

export interface MapNode {
  id: string;
  column: Column;
  label: string;
  /** Hover text: the full label and what it stands for. */
  detail: string;
  kind: 'dataType' | 'file' | 'sink' | 'thirdParty' | 'table' | 'store';
  /** Data types and controls of the flows through it, for the page's filters. */
  dataTypes: Set<string>;
  controls: Set<string>;
  weight: number;
}

export interface MapEdge {
  from: string;
  to: string;
  count: number;
  kind: 'flow' | 'thirdParty' | 'column' | 'store';
  detail: string;
  dataTypes: Set<string>;
  controls: Set<string>;
}

export interface MapGraph {
  nodes: MapNode[];
  edges: MapEdge[];
}

export function buildMapGraph(report: AuditReport): MapGraph {
  const nodes = new Map<string, MapNode>();
  const edges = new Map<string, MapEdge>();
  const labelOf = new Map(report.dataTypes.map((type) => [type.id, type.label]));
  const sinkKinds = new Map(report.sinkKinds.map((kind) => [kind.id, kind]));
  const node = (id: string, column: Column, kind: MapNode['kind'], label: string, detail: string): MapNode => {
    let found = nodes.get(id);
    if (!found) {
      found = { id, column, kind, label, detail, dataTypes: new Set(), controls: new Set(), weight: 0 };
      nodes.set(id, found);
    }
    return found;
  };
  const link = (from: MapNode, to: MapNode, kind: MapEdge['kind'], count: number, dataType: string, controls: readonly string[], detail: string) => {
    const key = `${from.id}\u0000${to.id}`;
    let edge = edges.get(key);
    if (!edge) {
      edge = { from: from.id, to: to.id, count: 0, kind, detail: '', dataTypes: new Set(), controls: new Set() };
      edges.set(key, edge);
    }
    edge.count += count;
    edge.detail = edge.detail ? `${edge.detail}; ${detail}` : detail;
    for (const target of [edge, from, to]) {
      target.dataTypes.add(dataType);
      for (const control of controls) target.controls.add(control);
    }
    // A data type weighs what leaves it; code, sinks and stores what reaches them.
    if (from.column === 'data') from.weight += count;
    to.weight += count;
  };
  const dataNode = (id: string) => node(`d:${id}`, 'data', 'dataType', labelOf.get(id) ?? id, `data type: ${labelOf.get(id) ?? id}`);
  const fileNode = (file: string) => node(`f:${file}`, 'code', 'file', file, `code: ${file}`);

  for (const flow of report.flows) {
    const kind = sinkKinds.get(flow.sinkKind);
    const label = kind?.label ?? flow.sinkKind;
    const target = node(`s:${flow.sinkKind}`, 'target', flow.thirdParty ? 'thirdParty' : 'sink', label, `${flow.thirdParty ? 'third party' : 'sink'}: ${label}`);
    const file = fileNode(flow.file);
    const what = `${labelOf.get(flow.dataType) ?? flow.dataType}`;
    link(dataNode(flow.dataType), file, 'flow', flow.count, flow.dataType, flow.controls, `${what} in ${flow.file} (${flow.count})`);
    link(file, target, flow.thirdParty ? 'thirdParty' : 'flow', flow.count, flow.dataType, flow.controls, `${what} to ${label}${flow.sinks.length > 0 ? ` via ${flow.sinks.join(', ')}` : ''} (${flow.count})`);
  }
  for (const column of report.columns) {
    const table = node(`t:${column.file}\u0000${column.table}`, 'target', 'table', `table ${column.table}`, `schema table ${column.table} (${column.file})`);
    const file = fileNode(column.file);
    const what = labelOf.get(column.dataType) ?? column.dataType;
    link(dataNode(column.dataType), file, 'column', 1, column.dataType, [], `${what}: column ${column.table}.${column.name}`);
    link(file, table, 'column', 1, column.dataType, [], `${column.table}.${column.name} (${what})`);
  }
  const findingControls = new Map(report.findings.map((finding) => [`${finding.file}:${finding.line}:${finding.ruleId}`, finding.controls]));
  for (const store of report.stores) {
    const gaps = store.posture.filter((aspect) => aspect.status === 'gap');
    const controls = gaps.flatMap((aspect) => aspect.findings.flatMap((finding) => findingControls.get(`${finding.file}:${finding.line}:${finding.ruleId}`) ?? []));
    const target = node(`r:${store.file}\u0000${store.name}`, 'target', 'store', store.name, `PHI store ${store.name} (${store.type})${gaps.length > 0 ? `: gaps in ${gaps.map((gap) => gap.aspect).join(', ')}` : ''}`);
    const file = fileNode(store.file);
    const phi = node(`d:${STORE_DATA_TYPE}`, 'data', 'dataType', 'PHI (store classified as PHI)', 'data type: whatever a resource tagged or named as a PHI store holds');
    link(phi, file, 'store', 1, STORE_DATA_TYPE, controls, `PHI store ${store.name} declared in ${store.file}`);
    link(file, target, 'store', 1, STORE_DATA_TYPE, controls, `${store.name} (${store.type})`);
  }
  // Files are labelled below the folder they all share: `src/routes/patients.ts`, not the whole path.
  const files = [...nodes.values()].filter((candidate) => candidate.kind === 'file');
  const shared = commonFolder(files.map((file) => file.label));
  if (shared) for (const file of files) file.label = file.label.slice(shared.length);
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

/**
 * Orders each column to keep edges short: data types by weight, then files and targets by the
 * mean position of what feeds them (one barycentre pass), ties by label.
 */
export function orderColumns(graph: MapGraph): Record<Column, MapNode[]> {
  const byColumn = (column: Column) => graph.nodes.filter((node) => node.column === column);
  const data = byColumn('data').sort((a, b) => b.weight - a.weight || a.label.localeCompare(b.label));
  const position = new Map<string, number>(data.map((node, index) => [node.id, index]));
  const place = (nodes: MapNode[]) => {
    const centre = new Map<string, number>();
    for (const node of nodes) {
      const incoming = graph.edges.filter((edge) => edge.to === node.id && position.has(edge.from));
      const total = incoming.reduce((sum, edge) => sum + edge.count, 0);
      centre.set(node.id, total > 0 ? incoming.reduce((sum, edge) => sum + position.get(edge.from)! * edge.count, 0) / total : Number.MAX_SAFE_INTEGER);
    }
    // Files stay together with the others of their folder (a module), the folders in the order of their mean centre.
    const groupOf = (node: MapNode) => (node.kind === 'file' ? node.label.slice(0, node.label.lastIndexOf('/') + 1) : '');
    const groups = new Map<string, number[]>();
    for (const node of nodes) groups.set(groupOf(node), [...(groups.get(groupOf(node)) ?? []), Math.min(centre.get(node.id)!, 1e9)]);
    const groupCentre = new Map([...groups].map(([group, centres]) => [group, centres.reduce((sum, value) => sum + value, 0) / centres.length]));
    nodes.sort(
      (a, b) =>
        groupCentre.get(groupOf(a))! - groupCentre.get(groupOf(b))! ||
        groupOf(a).localeCompare(groupOf(b)) ||
        centre.get(a.id)! - centre.get(b.id)! ||
        a.label.localeCompare(b.label),
    );
    nodes.forEach((node, index) => position.set(node.id, index));
    return nodes;
  };
  const code = place(byColumn('code'));
  const target = place(byColumn('target'));
  return { data, code, target };
}
