import * as fs from 'fs';
import * as path from 'path';
import { parseHcl, type HclBlock, type HclBody, type HclExpr, type HclFile, type HclTraversal } from '../../parse/terraform';
import { isLiteral } from '../../parse/treeSitterTrees';
import { asBoolean, asString, getValue, literalValue, type IacDocument, type IacEntry, type IacMap, type IacParameter, type IacRef, type IacResource, type IacValue } from './model';
import { applyCallers, callsAround, type ModuleCall } from './moduleCallers';

/**
 * Reads Terraform into the IaC model. A Terraform module is a folder: the bucket in main.tf and
 * its encryption resource in encryption.tf belong together, and variables.tf holds the
 * defaults. So the model of one file sees the other `.tf` files of its folder (read from disk,
 * cached by modification time, parsed tolerantly); findings are reported on the linted file's
 * own resources only.
 */

export function traversalRef(parts: readonly string[]): IacRef | undefined {
  if (parts.length === 0) return undefined;
  const [head] = parts;
  if (head === 'var' || head === 'local' || head === 'module' || head === 'each' || head === 'count' || head === 'path' || head === 'self' || head === 'terraform') {
    if (parts.length < 2) return undefined;
    return { target: `${head}.${parts[1]}`, attribute: parts.length > 2 ? parts.slice(2).join('.') : undefined };
  }
  if (head === 'data') {
    if (parts.length < 3) return undefined;
    return { target: `data.${parts[1]}.${parts[2]}`, attribute: parts.length > 3 ? parts.slice(3).join('.') : undefined };
  }
  if (parts.length < 2) return undefined;
  return { target: `${parts[0]}.${parts[1]}`, attribute: parts.length > 2 ? parts.slice(2).join('.') : undefined };
}

function refOf(traversal: HclTraversal): IacRef[] {
  const ref = traversalRef(traversal.parts);
  return ref ? [ref] : [];
}

export function exprToValue(expr: HclExpr): IacValue {
  const span = { start: expr.start, end: expr.end };
  if (isLiteral(expr)) return literalValue(expr);
  switch (expr.type) {
    case 'tuple':
      return { kind: 'list', items: expr.items.map(exprToValue), span };
    case 'object':
      return {
        kind: 'map',
        entries: expr.entries.map((entry) => ({ key: entry.key, keySpan: { start: entry.keySpan.start, end: entry.keySpan.end }, value: exprToValue(entry.value), span: { start: entry.start, end: entry.end } })),
        span,
        flow: true,
      };
    case 'traversal': {
      const ref = traversalRef(expr.parts);
      return ref ? { kind: 'ref', ...ref, span } : { kind: 'unknown', text: expr.parts.join('.'), refs: [], span };
    }
    case 'call':
      return { kind: 'call', name: expr.name, args: expr.args.map(exprToValue), span };
    case 'template':
      // A heredoc or template without interpolation is a plain string (a policy document).
      if (expr.refs.length === 0 && !expr.raw.includes('${') && !expr.raw.includes('%{')) return { kind: 'string', value: expr.raw, span };
      return { kind: 'unknown', text: expr.raw, refs: expr.refs.flatMap(refOf), span };
    case 'other':
      return { kind: 'unknown', text: expr.text, refs: expr.refs.flatMap(refOf), span };
  }
}

export function bodyToMap(body: HclBody, block = false): IacMap {
  const entries: IacEntry[] = [];
  for (const item of body.items) {
    if (item.kind === 'attribute') {
      entries.push({ key: item.name, keySpan: item.nameSpan, value: exprToValue(item.value), span: { start: item.start, end: item.end } });
    } else {
      // `dynamic "rule" { content { ... } }` stands for `rule` blocks whose content we cannot count.
      const key = item.type === 'dynamic' && item.labels[0] ? item.labels[0].value : item.type;
      const inner = item.type === 'dynamic' ? item.body.items.find((child): child is HclBlock => child.kind === 'block' && child.type === 'content') : undefined;
      const value = bodyToMap(inner ? inner.body : item.body, true);
      value.span = { start: item.start, end: item.end };
      entries.push({ key, keySpan: item.typeSpan, value, span: { start: item.start, end: item.end } });
    }
  }
  return { kind: 'map', entries, span: { start: body.start, end: body.end }, block };
}

interface FileModel {
  file: string;
  resources: IacResource[];
  parameters: IacParameter[];
  locals: { name: string; value: IacValue }[];
  /** `module` blocks with a local `source`. */
  modules: ModuleCall[];
}

function readFile(file: string, hcl: HclFile): FileModel {
  const model: FileModel = { file, resources: [], parameters: [], locals: [], modules: [] };
  for (const item of hcl.body.items) {
    if (item.kind !== 'block') continue;
    if ((item.type === 'resource' || item.type === 'data') && item.labels.length >= 2) {
      const [typeLabel, nameLabel] = item.labels;
      const body = bodyToMap(item.body, true);
      const prefix = item.type === 'data' ? 'data.' : '';
      model.resources.push({
        format: 'terraform',
        file,
        mode: item.type === 'data' ? 'data' : 'resource',
        type: typeLabel.value,
        name: `${prefix}${typeLabel.value}.${nameLabel.value}`,
        nameSpan: { start: nameLabel.start, end: nameLabel.end },
        span: { start: item.start, end: item.end },
        properties: body,
        container: body,
        braces: { open: item.open, close: item.close },
      });
    } else if (item.type === 'variable' && item.labels.length >= 1) {
      const body = bodyToMap(item.body, true);
      const type = getValue(body, 'type');
      model.parameters.push({
        name: item.labels[0].value,
        file,
        span: { start: item.labels[0].start, end: item.labels[0].end },
        default: getValue(body, 'default'),
        secret: asBoolean(getValue(body, 'sensitive')) === true,
        type: type ? (type.kind === 'unknown' ? type.text : asString(type)) : undefined,
        definition: body,
        braces: { open: item.open, close: item.close },
      });
    } else if (item.type === 'module' && item.labels.length >= 1) {
      const args = new Map<string, IacValue>();
      for (const attribute of item.body.items) if (attribute.kind === 'attribute') args.set(attribute.name, exprToValue(attribute.value));
      const source = asString(args.get('source'));
      if (source !== undefined && /^\.\.?\//.test(source)) model.modules.push({ kind: 'module', name: item.labels[0].value, file, target: path.resolve(path.dirname(file), source), args });
    } else if (item.type === 'locals') {
      for (const attribute of item.body.items) {
        if (attribute.kind === 'attribute') model.locals.push({ name: attribute.name, value: exprToValue(attribute.value) });
      }
    }
  }
  return model;
}

const siblingCache = new Map<string, { mtimeMs: number; size: number; model: FileModel }>();

function siblingModel(file: string): FileModel | undefined {
  try {
    const stat = fs.statSync(file);
    const cached = siblingCache.get(file);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.model;
    const parsed = parseHcl(fs.readFileSync(file, 'utf8'));
    if (parsed instanceof Error) return undefined;
    const model = readFile(file, parsed.file);
    siblingCache.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, model });
    if (siblingCache.size > 2000) siblingCache.delete(siblingCache.keys().next().value!);
    return model;
  } catch {
    return undefined;
  }
}

/** The other `.tf` files of a module folder (not `.tf.json`, not overrides' merge semantics). */
function siblingFiles(file: string): string[] {
  const dir = path.dirname(file);
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      // `main.fixed.tf`: the expected output of a fix next to a test fixture, no part of the module.
      .filter((entry) => entry.isFile() && entry.name.endsWith('.tf') && !entry.name.endsWith('.fixed.tf') && path.join(dir, entry.name) !== file)
      .map((entry) => path.join(dir, entry.name))
      .sort();
  } catch {
    return [];
  }
}

export function readTerraform(file: string, text: string, hcl: HclFile, options: { siblings?: boolean } = {}): IacDocument {
  const own = readFile(file, hcl);
  const document: IacDocument = {
    format: 'terraform',
    file,
    text,
    json: false,
    resources: own.resources,
    scope: [...own.resources],
    parameters: new Map(),
    locals: new Map(),
  };
  const models = [own];
  if (options.siblings !== false) {
    for (const sibling of siblingFiles(file)) {
      const model = siblingModel(sibling);
      if (model) models.push(model);
    }
  }
  for (const [index, model] of models.entries()) {
    if (index > 0) document.scope.push(...model.resources);
    for (const parameter of model.parameters) if (!document.parameters.has(parameter.name)) document.parameters.set(parameter.name, parameter);
    for (const local of model.locals) if (!document.locals.has(local.name)) document.locals.set(local.name, { value: local.value, file: model.file });
  }
  // A module's variables take what the `module` blocks around it pass.
  if (options.siblings !== false && document.parameters.size > 0) {
    applyCallers(document, path.dirname(file), callsAround(path.dirname(file), 'module', ['.tf'], false, (candidate) => siblingModel(candidate)?.modules ?? []));
  }
  return document;
}
