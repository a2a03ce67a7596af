import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { YamlTree } from '../../parse/yaml';
import { azureNameOf } from './azure';
import { asBoolean, asString, getValue, resolve, type IacDocument, type IacEntry, type IacResource, type IacValue, type Span } from './model';

/**
 * Reads an Azure Resource Manager template (JSON, as parse/yaml.ts gives it) into the IaC model.
 * ARM expressions (`"[parameters('tls')]"`, `"[variables('name')]"`, `"[resourceId(...)]"`) are
 * read as references and calls, so that parameters' defaultValue and variables resolve as
 * CloudFormation parameters and Terraform locals do. Nested resources get their full type
 * (`Microsoft.Sql/servers` + `auditingSettings`) and their parent.
 */

const ARM_SCHEMA = /deploymentTemplate\.json/i;

/** Whether a parsed JSON document is an ARM template (not package.json, not a CloudFormation template). */
export function isArmTree(tree: YamlTree): boolean {
  const root = tree.contents;
  if (!isMap(root)) return false;
  const schema = root.items.find((pair) => isScalar(pair.key) && pair.key.value === '$schema')?.value;
  return isScalar(schema) && typeof schema.value === 'string' && ARM_SCHEMA.test(schema.value);
}

const ARM_SCHEMA_ENTRY = /"\$schema"\s*:\s*"[^"]*deploymentTemplate\.json/i;

/** Cheap test on raw text, before parsing: a `"$schema"` naming a deployment template. */
export function mayBeArmTemplate(text: string): boolean {
  return ARM_SCHEMA_ENTRY.test(text);
}

export function readArm(file: string, text: string, tree: YamlTree): IacDocument {
  const reader = new Reader(text);
  const root = tree.contents ? reader.value(tree.contents) : undefined;
  const document: IacDocument = { format: 'arm', file, text, json: true, resources: [], scope: [], parameters: new Map(), locals: new Map(), root: root?.kind === 'map' ? root : undefined };
  if (root?.kind !== 'map') return document;
  const parameters = getValue(root, 'parameters');
  for (const entry of parameters?.kind === 'map' ? parameters.entries : []) {
    const type = asString(getValue(entry.value, 'type'));
    document.parameters.set(entry.key, {
      name: entry.key,
      file,
      span: entry.keySpan,
      default: getValue(entry.value, 'defaultValue'),
      secret: type !== undefined && /^secure(string|object)$/i.test(type),
      type,
      definition: entry.value.kind === 'map' ? entry.value : undefined,
    });
  }
  const variables = getValue(root, 'variables');
  for (const entry of variables?.kind === 'map' ? variables.entries : []) document.locals.set(`variables.${entry.key}`, { value: entry.value, file });
  const add = (value: IacValue, symbol: IacEntry | undefined, parent: IacResource | undefined) => {
    if (value.kind !== 'map') return;
    const written = asString(getValue(value, 'type'));
    if (!written) return;
    const type = parent && !written.includes('/') ? `${parent.type}/${written}` : written;
    const nameValue = getValue(value, 'name');
    const properties = getValue(value, 'properties');
    const resolvedName = resolve(document, nameValue);
    const name = symbol?.key ?? (resolvedName.state === 'value' ? asString(resolvedName.value) : undefined) ?? (nameValue ? text.slice(nameValue.span.start, nameValue.span.end).replace(/^"|"$/g, '') : type);
    const resource: IacResource = {
      format: 'arm',
      file,
      mode: asBoolean(getValue(value, 'existing')) === true ? 'data' : 'resource',
      type,
      name,
      nameSpan: symbol?.keySpan ?? nameValue?.span ?? getValue(value, 'type')!.span,
      span: symbol?.span ?? value.span,
      properties: properties?.kind === 'map' ? properties : undefined,
      container: value,
      parent,
    };
    document.resources.push(resource);
    for (const child of resourcesIn(getValue(value, 'resources'))) add(child.value, undefined, resource);
  };
  for (const item of resourcesIn(getValue(root, 'resources'))) add(item.value, item.symbol, undefined);
  // A child written at the top level names its parent in its type and name:
  // `Microsoft.Sql/servers/auditingSettings` named `acme-sql/default`.
  const nameOf = (resource: IacResource) => azureNameOf(document, resource);
  for (const resource of document.resources) {
    if (resource.parent) continue;
    const name = nameOf(resource);
    const typeParts = resource.type.split('/');
    if (!name || !name.includes('/') || typeParts.length < 3) continue;
    const parentType = typeParts.slice(0, -1).join('/');
    const parentName = name.slice(0, name.lastIndexOf('/'));
    resource.parent = document.resources.find((candidate) => candidate !== resource && candidate.type === parentType && (candidate.parent ? `${nameOf(candidate.parent)}/${nameOf(candidate)}` : nameOf(candidate)) === parentName);
  }
  document.scope = document.resources;
  return document;
}

/** A `resources` array, or (languageVersion 2.0) an object keyed by symbolic name. */
function resourcesIn(value: IacValue | undefined): { value: IacValue; symbol?: IacEntry }[] {
  if (value?.kind === 'list') return value.items.map((item) => ({ value: item }));
  if (value?.kind === 'map') return value.entries.map((entry) => ({ value: entry.value, symbol: entry }));
  return [];
}

class Reader {
  constructor(private readonly text: string) {}

  value(node: Node | null | undefined): IacValue {
    if (!node) return { kind: 'null', span: { start: 0, end: 0 } };
    const range = node.range ?? [0, 0, 0];
    const span = { start: range[0], end: range[1] };
    if (isScalar(node)) {
      const value = node.value;
      if (typeof value === 'string') return value.startsWith('[') && !value.startsWith('[[') && value.endsWith(']') ? this.expression(value, span) : { kind: 'string', value: value.startsWith('[[') ? value.slice(1) : value, span };
      if (typeof value === 'number') return { kind: 'number', value, span };
      if (typeof value === 'boolean') return { kind: 'boolean', value, span };
      return { kind: 'null', span };
    }
    if (isSeq(node)) return { kind: 'list', items: node.items.map((item) => this.value(item as Node)), span };
    if (isMap(node)) {
      const entries: IacEntry[] = [];
      for (const pair of node.items) {
        const key = pair.key as Node | null;
        if (!isScalar(key) || !key.range) continue;
        const keySpan = { start: key.range[0], end: key.range[1] };
        const value = this.value(pair.value as Node);
        entries.push({ key: String(key.value), keySpan, value, span: { start: keySpan.start, end: value.span.end } });
      }
      return { kind: 'map', entries, span, flow: true };
    }
    return { kind: 'unknown', text: this.text.slice(span.start, span.end), refs: [], span };
  }

  /** `"[...]"`: parsed; positions inside it are exact when the JSON string has no escapes. */
  private expression(value: string, span: Span): IacValue {
    const raw = this.text.slice(span.start + 1, span.end - 1);
    const exact = raw === value;
    const parsed = parseArmExpression(value.slice(1, -1), exact ? span.start + 2 : undefined, span);
    if (!parsed) return { kind: 'unknown', text: value, refs: [], span };
    // The whole string is the value: replacing it replaces the quotes and brackets too.
    return { ...parsed, span };
  }
}

/**
 * Parses the inside of an ARM expression. `base` is the offset of its first character in the
 * file when known; otherwise every part gets `fallback`.
 */
export function parseArmExpression(source: string, base: number | undefined, fallback: Span): IacValue | undefined {
  let at = 0;
  const spanOf = (start: number, end: number): Span => (base === undefined ? fallback : { start: base + start, end: base + end });
  const space = () => {
    while (at < source.length && /\s/.test(source[at])) at++;
  };
  const fail = (): never => {
    throw new SyntaxError(`bad ARM expression at ${at}`);
  };
  const primary = (): IacValue => {
    space();
    const start = at;
    if (source[at] === "'") {
      let text = '';
      at++;
      for (;;) {
        if (at >= source.length) fail();
        if (source[at] === "'") {
          if (source[at + 1] === "'") {
            text += "'";
            at += 2;
            continue;
          }
          at++;
          break;
        }
        text += source[at++];
      }
      return { kind: 'string', value: text, span: spanOf(start, at) };
    }
    const number = /^-?\d+(\.\d+)?/.exec(source.slice(at));
    if (number) {
      at += number[0].length;
      return { kind: 'number', value: Number(number[0]), span: spanOf(start, at) };
    }
    const identifier = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(source.slice(at));
    if (!identifier) return fail();
    at += identifier[0].length;
    space();
    if (source[at] !== '(') return { kind: 'unknown', text: identifier[0], refs: [], span: spanOf(start, at) };
    at++;
    const args: IacValue[] = [];
    space();
    if (source[at] === ')') at++;
    else {
      for (;;) {
        args.push(postfix());
        space();
        const next = source[at++];
        if (next === ')') break;
        if (next !== ',') fail();
      }
    }
    return call(identifier[0], args, spanOf(start, at));
  };
  const postfix = (): IacValue => {
    let value = primary();
    const start = value.span.start;
    for (;;) {
      space();
      if (source[at] === '.' || source[at] === '[') {
        const index = source[at] === '[';
        at++;
        if (index) {
          postfix();
          space();
          if (source[at++] !== ']') fail();
        } else {
          const name = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(source.slice(at));
          if (!name) fail();
          at += name![0].length;
        }
        // `reference(x).primaryEndpoints`, `parameters('o').tls`: computed, with the references kept.
        const refs = value.kind === 'ref' ? [{ target: value.target, attribute: value.attribute }] : value.kind === 'unknown' ? value.refs : [];
        value = { kind: 'unknown', text: source, refs, span: base === undefined ? fallback : { start, end: base + at } };
      } else return value;
    }
  };
  try {
    const value = postfix();
    space();
    if (at < source.length) return undefined;
    return value;
  } catch (error) {
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
}

function call(name: string, args: IacValue[], span: Span): IacValue {
  const lower = name.toLowerCase();
  const first = args[0]?.kind === 'string' ? args[0].value : undefined;
  if (lower === 'parameters' && first !== undefined && args.length === 1) return { kind: 'ref', target: first, span };
  if (lower === 'variables' && first !== undefined && args.length === 1) return { kind: 'ref', target: `variables.${first}`, span };
  if (lower === 'true' && args.length === 0) return { kind: 'boolean', value: true, span };
  if (lower === 'false' && args.length === 0) return { kind: 'boolean', value: false, span };
  if (lower === 'null' && args.length === 0) return { kind: 'null', span };
  return { kind: 'call', name: lower, args, span };
}

