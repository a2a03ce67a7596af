import { escapeHtml, filterToken, shortenEnd, shortenStart } from './escape';
import { buildMapGraph, orderColumns, type Column, type MapEdge, type MapNode } from './graph';
import type { AuditReport } from './model';

const COLUMN_WIDTH = 260;
const COLUMN_GAP = 190;
const NODE_HEIGHT = 24;
const ROW_GAP = 8;
const TOP = 40;
const MARGIN = 10;
/** About 6.6 px per character at the map's 12 px font: what fits in a node beside its count. */
const LABEL_CHARS = 34;

const COLUMN_TITLES: Record<Column, string> = { data: 'Data types', code: 'Code', target: 'Sinks and stores' };

/**
 * The data-flow map as inline SVG: data types, the files that declare or move them, and the sinks,
 * third parties and stores they reach, with edges as wide as their counts. Sized by its content:
 * the height follows the longest column, so dozens of flows stay legible (and the page scrolls).
 * Nodes and edges carry `data-dt` and `data-ctl` for the page's filters.
 */
export function renderFlowMapSvg(report: AuditReport): string {
  const graph = buildMapGraph(report);
  if (graph.nodes.length === 0) {
    return '<p class="empty" id="flow-map-empty">No personal data was found flowing to a sink or declared in a schema or store.</p>';
  }
  const columns = orderColumns(graph);
  const rows = Math.max(columns.data.length, columns.code.length, columns.target.length);
  const height = TOP + rows * (NODE_HEIGHT + ROW_GAP) + MARGIN;
  const width = MARGIN * 2 + COLUMN_WIDTH * 3 + COLUMN_GAP * 2;
  const position = new Map<string, { x: number; y: number }>();
  (['data', 'code', 'target'] as const).forEach((column, index) => {
    const nodes = columns[column];
    const x = MARGIN + index * (COLUMN_WIDTH + COLUMN_GAP);
    // Shorter columns are centred against the longest one.
    const offset = ((rows - nodes.length) * (NODE_HEIGHT + ROW_GAP)) / 2;
    nodes.forEach((node, row) => position.set(node.id, { x, y: TOP + offset + row * (NODE_HEIGHT + ROW_GAP) }));
  });
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" id="flow-map" class="flow-map" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="flow-map-title">`,
    `<title id="flow-map-title">Data-flow map: ${graph.nodes.filter((node) => node.column === 'data').length} data types, ${graph.nodes.filter((node) => node.column === 'code').length} files, ${graph.nodes.filter((node) => node.column === 'target').length} sinks and stores</title>`,
  );
  (['data', 'code', 'target'] as const).forEach((column, index) => {
    parts.push(`<text class="column-title" x="${MARGIN + index * (COLUMN_WIDTH + COLUMN_GAP)}" y="20">${COLUMN_TITLES[column]}</text>`);
  });
  parts.push('<g class="edges">');
  for (const edge of [...graph.edges].sort((a, b) => b.count - a.count)) parts.push(edgeSvg(edge, position));
  parts.push('</g><g class="nodes">');
  for (const node of graph.nodes) parts.push(nodeSvg(node, position.get(node.id)!));
  parts.push('</g></svg>');
  return parts.join('\n');
}

function filterAttributes(dataTypes: Set<string>, controls: Set<string>): string {
  return `data-dt="${escapeHtml([...dataTypes].map(filterToken).join(' '))}" data-ctl="${escapeHtml([...controls].map(filterToken).join(' '))}"`;
}

function nodeSvg(node: MapNode, at: { x: number; y: number }): string {
  const label = node.kind === 'file' ? shortenStart(node.label, LABEL_CHARS) : shortenEnd(node.label, LABEL_CHARS);
  return [
    `<g class="node node-${node.kind} f" ${filterAttributes(node.dataTypes, node.controls)} data-node="${escapeHtml(node.id)}">`,
    `<title>${escapeHtml(`${node.detail} (${node.weight})`)}</title>`,
    `<rect x="${at.x}" y="${at.y}" width="${COLUMN_WIDTH}" height="${NODE_HEIGHT}" rx="5"/>`,
    `<text x="${at.x + 8}" y="${at.y + 16}">${escapeHtml(label)}</text>`,
    `<text class="weight" x="${at.x + COLUMN_WIDTH - 8}" y="${at.y + 16}" text-anchor="end">${node.weight}</text>`,
    '</g>',
  ].join('');
}

function edgeSvg(edge: MapEdge, position: Map<string, { x: number; y: number }>): string {
  const from = position.get(edge.from)!;
  const to = position.get(edge.to)!;
  const x1 = from.x + COLUMN_WIDTH;
  const y1 = from.y + NODE_HEIGHT / 2;
  const x2 = to.x;
  const y2 = to.y + NODE_HEIGHT / 2;
  const bend = COLUMN_GAP / 2;
  const width = Math.min(10, 1.5 + 1.5 * Math.log2(edge.count));
  const label = edge.count > 1 ? `<text class="count" x="${(x1 + x2) / 2}" y="${(y1 + y2) / 2 - 3}" text-anchor="middle">${edge.count}</text>` : '';
  return [
    `<g class="edge edge-${edge.kind} f" ${filterAttributes(edge.dataTypes, edge.controls)}>`,
    `<title>${escapeHtml(edge.detail)}</title>`,
    `<path d="M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}" stroke-width="${width.toFixed(1)}"/>`,
    label,
    '</g>',
  ].join('');
}
