import * as fs from 'fs';
import * as path from 'path';
import { isAlias, isMap, isScalar, isSeq, type Node } from 'yaml';
import { LineIndex } from '../../core/lineIndex';
import { isParseFailure } from '../../parse/documents';
import { parseYamlDocument, type YamlTree } from '../../parse/yaml';
import { applyCallers, callsAround, type ModuleCall } from './moduleCallers';
import { getValue, type IacDocument, type IacEntry, type IacMap, type IacParameter, type IacResource, type IacValue, type Span, asBoolean, asString } from './model';

/**
 * Reads a CloudFormation or SAM template (YAML or JSON, as parse/yaml.ts gives it) into the IaC
 * model. Short-form tags and long-form intrinsics read alike: `!Ref X` and `{"Ref": "X"}` are the
 * same reference, `!GetAtt Key.Arn` and `{"Fn::GetAtt": ["Key", "Arn"]}` too.
 */
export function readCloudFormation(file: string, text: string, tree: YamlTree, options: { callers?: boolean } = {}): IacDocument {
  const reader = new Reader(text, tree);
  const root = tree.contents ? reader.value(tree.contents) : undefined;
  const document: IacDocument = {
    format: 'cloudformation',
    file,
    text,
    json: tree.json,
    resources: [],
    scope: [],
    parameters: new Map(),
    locals: new Map(),
    root: root?.kind === 'map' ? root : undefined,
  };
  if (root?.kind !== 'map') return document;
  const resources = getValue(root, 'Resources');
  if (resources?.kind === 'map') {
    for (const entry of resources.entries) {
      if (entry.value.kind !== 'map') continue;
      const type = asString(getValue(entry.value, 'Type'));
      if (!type) continue;
      const properties = getValue(entry.value, 'Properties');
      const resource: IacResource = {
        format: 'cloudformation',
        file,
        mode: 'resource',
        type,
        name: entry.key,
        nameSpan: entry.keySpan,
        span: entry.span,
        properties: properties?.kind === 'map' ? properties : undefined,
        container: entry.value,
      };
      document.resources.push(resource);
    }
  }
  document.scope = document.resources;
  const parameters = getValue(root, 'Parameters');
  if (parameters?.kind === 'map') {
    for (const entry of parameters.entries) {
      const parameter: IacParameter = {
        name: entry.key,
        file,
        span: entry.keySpan,
        default: getValue(entry.value, 'Default'),
        secret: asBoolean(getValue(entry.value, 'NoEcho')) === true,
        type: asString(getValue(entry.value, 'Type')),
        definition: entry.value.kind === 'map' ? entry.value : undefined,
      };
      document.parameters.set(entry.key, parameter);
    }
  }
  // A nested template's parameters take what the stacks that create it pass.
  if (options.callers !== false && path.isAbsolute(file) && document.parameters.size > 0) {
    applyCallers(document, file, callsAround(path.dirname(file), 'stack', ['.yaml', '.yml', '.json', '.template'], true, stackCalls));
  }
  return document;
}

const NESTING = /AWS::CloudFormation::Stack|AWS::Serverless::Application/;
const stackCallCache = new Map<string, { mtimeMs: number; size: number; calls: ModuleCall[] }>();

/**
 * The nested stacks a template creates from local files: `AWS::CloudFormation::Stack` with a
 * relative `TemplateURL` (as `aws cloudformation package` takes it), SAM
 * `AWS::Serverless::Application` with a relative `Location`, and the `Parameters` they pass.
 */
function stackCalls(file: string): ModuleCall[] {
  try {
    const stat = fs.statSync(file);
    const cached = stackCallCache.get(file);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.calls;
    const calls: ModuleCall[] = [];
    const text = stat.size < 2_000_000 ? fs.readFileSync(file, 'utf8') : '';
    if (NESTING.test(text)) {
      const parsed = parseYamlDocument(file, text, new LineIndex(text), file.toLowerCase().endsWith('.json') ? 'json' : 'yaml');
      const tree = isParseFailure(parsed) ? undefined : (parsed.tree as YamlTree);
      if (tree && isCloudFormationTree(tree)) {
        for (const resource of readCloudFormation(file, text, tree, { callers: false }).resources) {
          const location = asString(getValue(resource.properties, resource.type === 'AWS::CloudFormation::Stack' ? 'TemplateURL' : resource.type === 'AWS::Serverless::Application' ? 'Location' : ''));
          if (location === undefined || /^[a-z][a-z0-9+.-]*:/i.test(location)) continue;
          const parameters = getValue(resource.properties, 'Parameters');
          const args = new Map<string, IacValue>(parameters?.kind === 'map' ? parameters.entries.map((entry) => [entry.key, entry.value]) : []);
          calls.push({ kind: 'stack', name: resource.name, file, target: path.resolve(path.dirname(file), location), args });
        }
      }
    }
    stackCallCache.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, calls });
    if (stackCallCache.size > 2000) stackCallCache.delete(stackCallCache.keys().next().value!);
    return calls;
  } catch {
    return [];
  }
}

/** Whether a parsed YAML/JSON document is a CloudFormation template (not Kubernetes, not package.json). */
export function isCloudFormationTree(tree: YamlTree): boolean {
  const root = tree.contents;
  if (!isMap(root)) return false;
  const get = (key: string) => root.items.find((pair) => isScalar(pair.key) && pair.key.value === key)?.value;
  if (get('AWSTemplateFormatVersion') !== undefined) return true;
  const resources = get('Resources');
  if (!isMap(resources)) return false;
  return resources.items.some((pair) => {
    if (!isMap(pair.value)) return false;
    const type = pair.value.items.find((inner) => isScalar(inner.key) && inner.key.value === 'Type')?.value;
    return isScalar(type) && typeof type.value === 'string' && /^(AWS|Alexa|Custom)::/.test(type.value);
  });
}

class Reader {
  constructor(
    private readonly text: string,
    private readonly tree: YamlTree,
  ) {}

  private span(node: Node): Span {
    const range = node.range ?? [0, 0, 0];
    let start = this.tree.toOriginal(range[0]);
    const end = this.tree.toOriginal(range[1]);
    // The node's range starts after its tag: `!GetAtt [A, Arn]` starts at `[`. Include the tag,
    // so that replacing the value replaces the whole of it.
    const tag = node.tag;
    if (tag && tag.startsWith('!') && !tag.startsWith('!!')) {
      let at = start;
      while (at > 0 && /[ \t\r\n]/.test(this.text[at - 1])) at--;
      if (this.text.slice(at - tag.length, at) === tag) start = at - tag.length;
    }
    return { start, end };
  }

  value(node: Node | null | undefined): IacValue {
    if (!node) return { kind: 'null', span: { start: 0, end: 0 } };
    const span = this.span(node);
    const tag = node.tag && node.tag.startsWith('!') && !node.tag.startsWith('!!') ? node.tag.slice(1) : undefined;
    if (tag) return this.intrinsic(tag, this.untagged(node, span), span);
    const plain = this.untagged(node, span);
    if (plain.kind === 'map' && plain.entries.length === 1) {
      const [only] = plain.entries;
      if (only.key === 'Ref') return this.intrinsic('Ref', only.value, span);
      if (only.key.startsWith('Fn::')) return this.intrinsic(only.key.slice(4), only.value, span);
    }
    return plain;
  }

  private untagged(node: Node, span: Span): IacValue {
    if (isScalar(node)) {
      const value = node.value;
      if (typeof value === 'string') return { kind: 'string', value, span };
      if (typeof value === 'number') return { kind: 'number', value, span };
      if (typeof value === 'boolean') return { kind: 'boolean', value, span };
      if (value === null || value === undefined) return { kind: 'null', span };
      return { kind: 'string', value: String(value), span };
    }
    if (isSeq(node)) return { kind: 'list', items: node.items.map((item) => this.value(item as Node)), span };
    if (isMap(node)) {
      const entries: IacEntry[] = [];
      for (const pair of node.items) {
        const key = pair.key as Node | null;
        if (!isScalar(key)) continue;
        const keySpan = this.span(key);
        const value = pair.value === null ? ({ kind: 'null', span: { start: keySpan.end, end: keySpan.end } } as IacValue) : this.value(pair.value as Node);
        entries.push({ key: String(key.value), keySpan, value, span: { start: keySpan.start, end: Math.max(value.span.end, keySpan.end) } });
      }
      return { kind: 'map', entries, span, flow: node.flow === true };
    }
    if (isAlias(node)) return { kind: 'unknown', text: this.text.slice(span.start, span.end), refs: [], span };
    return { kind: 'unknown', text: this.text.slice(span.start, span.end), refs: [], span };
  }

  private intrinsic(name: string, argument: IacValue, span: Span): IacValue {
    if (name === 'Ref') {
      const target = asString(argument);
      return target !== undefined ? { kind: 'ref', target, span } : { kind: 'call', name: 'Ref', args: [argument], span };
    }
    if (name === 'GetAtt') {
      if (argument.kind === 'string') {
        const dot = argument.value.indexOf('.');
        if (dot > 0) return { kind: 'ref', target: argument.value.slice(0, dot), attribute: argument.value.slice(dot + 1), span };
      }
      if (argument.kind === 'list' && argument.items.length >= 2) {
        const target = asString(argument.items[0]);
        const attribute = asString(argument.items[1]);
        if (target !== undefined && attribute !== undefined) return { kind: 'ref', target, attribute, span };
      }
      return { kind: 'call', name: 'Fn::GetAtt', args: [argument], span };
    }
    const fn = name === 'Condition' ? 'Condition' : `Fn::${name}`;
    return { kind: 'call', name: fn, args: argument.kind === 'list' ? argument.items : [argument], span };
  }
}

/** The resource's own map, for inserting `Properties` when it has none. */
export function propertiesOrContainer(resource: IacResource): IacMap {
  return resource.properties ?? resource.container;
}
