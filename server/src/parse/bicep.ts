import type { Node as TsNode } from 'web-tree-sitter';
import type { ParseAdapter } from './documents';
import { grammarParser, prepareGrammar } from './treeSitter';
import { commentsOf, named, refusingAdapter, span, type Literal, type TreeSitterParse } from './treeSitterTrees';

/**
 * Bicep files read with tree-sitter (tree-sitter-bicep), as a small positioned tree: parameters,
 * variables and resources (with the resources nested in them), and expressions. Offsets are
 * UTF-16, as everywhere else. Expressions a linter can judge statically (literals, arrays,
 * objects, references such as `storage.id`, function calls) get their own kinds; anything else
 * (a ternary, an interpolated string) keeps its text and the references inside it.
 */

export interface BicepSpan {
  start: number;
  end: number;
}

/** `storage.properties.primaryEndpoints` -> name `storage`, path `['properties', 'primaryEndpoints']`. */
export interface BicepReference extends BicepSpan {
  type: 'reference';
  name: string;
  path: string[];
}

export type BicepExpr =
  | Literal
  | (BicepSpan & { type: 'array'; items: BicepExpr[] })
  | (BicepSpan & { type: 'object'; entries: BicepProperty[]; spread?: true })
  | BicepReference
  | (BicepSpan & { type: 'call'; name: string; args: BicepExpr[] })
  | (BicepSpan & { type: 'other'; text: string; refs: BicepReference[] });

/** `spread`: the object spreads another one in (`...defaults`), so it has entries not written here. */
export type BicepObject = Extract<BicepExpr, { type: 'object' }> & { spread?: true };

export interface BicepProperty extends BicepSpan {
  key: string;
  keySpan: BicepSpan;
  value: BicepExpr;
}

export interface BicepResource extends BicepSpan {
  /** The symbolic name: `storage` in `resource storage '...' = {`. */
  symbol: string;
  symbolSpan: BicepSpan;
  /** `Microsoft.Storage/storageAccounts` (a nested resource's as written: `blobServices`). */
  type: string;
  /** The API version after `@`, when written. */
  apiVersion?: string;
  existing: boolean;
  /** The resource's object (inside `if (...)` or `[for ...: ...]` when it is conditional or a loop). */
  body?: BicepObject;
  /** Resources declared inside this one's body. */
  children: BicepResource[];
}

export interface BicepParameter extends BicepSpan {
  name: string;
  nameSpan: BicepSpan;
  type?: string;
  default?: BicepExpr;
  /** `@secure()`. */
  secure: boolean;
}

export interface BicepVariable extends BicepSpan {
  name: string;
  nameSpan: BicepSpan;
  value: BicepExpr;
}

export interface BicepFile {
  kind: 'bicep';
  parameters: BicepParameter[];
  variables: BicepVariable[];
  resources: BicepResource[];
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', "'": "'", $: '$' };

class Converter {
  resource(node: TsNode): BicepResource {
    const children = named(node);
    const symbol = children.find((child) => child.type === 'identifier');
    const typeNode = children.find((child) => child.type === 'string');
    const typeText = typeNode ? this.stringValue(typeNode) ?? '' : '';
    const at = typeText.indexOf('@');
    const resource: BicepResource = {
      ...span(node),
      symbol: symbol?.text ?? '',
      symbolSpan: symbol ? span(symbol) : span(node),
      type: at >= 0 ? typeText.slice(0, at) : typeText,
      apiVersion: at >= 0 ? typeText.slice(at + 1) : undefined,
      existing: node.children.some((child) => child?.type === 'existing'),
      children: [],
    };
    const bodyNode = this.bodyOf(children.find((child) => child !== symbol && child !== typeNode));
    if (bodyNode) resource.body = this.object(bodyNode, resource.children);
    return resource;
  }

  /** The object of `= { }`, `= if (c) { }`, `= [for x in xs: { }]`, `= [for x in xs: if (c) { }]`. */
  private bodyOf(node: TsNode | undefined): TsNode | undefined {
    if (!node) return undefined;
    if (node.type === 'object') return node;
    if (node.type === 'if_statement') return this.bodyOf(named(node).find((child) => child.type === 'object'));
    if (node.type === 'for_statement') {
      const body = node.childForFieldName('body');
      return this.bodyOf(body ?? named(node).find((child) => child.type === 'object' || child.type === 'if_statement'));
    }
    return undefined;
  }

  /** An object; resources declared in it go to `nested` when given (a resource's body). */
  object(node: TsNode, nested?: BicepResource[]): BicepObject {
    const entries: BicepProperty[] = [];
    let spread = false;
    for (const child of named(node)) {
      if (isSpread(child)) spread = true;
      if (child.type !== 'object_property') continue;
      const parts = named(child);
      const declaration = parts.find((part) => part.type === 'resource_declaration');
      if (declaration) {
        nested?.push(this.resource(declaration));
        continue;
      }
      const [keyNode, valueNode] = parts;
      if (!keyNode || !valueNode) continue;
      const key = keyNode.type === 'string' ? this.stringValue(keyNode) : keyNode.text;
      if (key === undefined) continue;
      entries.push({ ...span(child), key, keySpan: span(keyNode), value: this.expression(valueNode) });
    }
    return spread ? { type: 'object', entries, spread: true, ...span(node) } : { type: 'object', entries, ...span(node) };
  }

  expression(node: TsNode): BicepExpr {
    switch (node.type) {
      case 'string': {
        const value = this.stringValue(node);
        return value !== undefined ? { type: 'string', value, ...span(node) } : this.other(node);
      }
      case 'number':
        return { type: 'number', value: Number(node.text), ...span(node) };
      case 'boolean':
        return { type: 'bool', value: node.text === 'true', ...span(node) };
      case 'null':
        return { type: 'null', ...span(node) };
      case 'array':
        return { type: 'array', items: named(node).map((child) => this.expression(child)), ...span(node) };
      case 'object':
        return this.object(node);
      case 'identifier':
        return { type: 'reference', name: node.text, path: [], ...span(node) };
      case 'member_expression':
      case 'subscript_expression':
        return this.reference(node) ?? this.other(node);
      case 'call_expression': {
        const fn = node.childForFieldName('function');
        const args = node.childForFieldName('arguments');
        if (!fn || fn.type !== 'identifier') return this.other(node);
        return { type: 'call', name: fn.text, args: args ? named(args).map((child) => this.expression(child)) : [], ...span(node) };
      }
      case 'parenthesized_expression': {
        const children = named(node);
        return children.length === 1 ? this.expression(children[0]) : this.other(node);
      }
      default:
        return this.other(node);
    }
  }

  /** `a.b.c`, `a[0].b`, `a.b!.c`: a reference to `a` with the property names on the way. */
  private reference(node: TsNode): BicepReference | undefined {
    const path: string[] = [];
    let current: TsNode | null = node;
    while (current && (current.type === 'member_expression' || current.type === 'subscript_expression' || current.type === 'non_null_assertion_expression')) {
      if (current.type === 'member_expression') {
        const property = current.childForFieldName('property');
        if (property) path.unshift(property.text);
      }
      current = current.childForFieldName('object') ?? named(current)[0] ?? null;
    }
    if (!current || current.type !== 'identifier') return undefined;
    return { type: 'reference', name: current.text, path, ...span(node) };
  }

  private other(node: TsNode): BicepExpr {
    const refs: BicepReference[] = [];
    const walk = (candidate: TsNode) => {
      if (candidate.type === 'identifier' || candidate.type === 'member_expression') {
        const parent = candidate.parent;
        // The function name of a call and a property name are no references.
        if (parent?.type === 'call_expression' && parent.childForFieldName('function')?.startIndex === candidate.startIndex) return;
        const ref = candidate.type === 'identifier' ? { type: 'reference' as const, name: candidate.text, path: [], ...span(candidate) } : this.reference(candidate);
        if (ref) {
          refs.push(ref);
          return;
        }
      }
      for (const child of named(candidate)) walk(child);
    };
    walk(node);
    return { type: 'other', text: node.text, refs, ...span(node) };
  }

  /** A string without interpolation, unescaped; undefined when it interpolates. */
  stringValue(node: TsNode): string | undefined {
    const text = node.text;
    // The common case, read without walking the children: `'plain'`.
    if (!text.startsWith("'''") && !text.includes('\\') && !text.includes('${')) return text.slice(1, -1);
    let value = '';
    for (const child of named(node)) {
      if (child.type === 'string_content') value += child.text;
      else if (child.type === 'escape_sequence') {
        const escape = child.text.slice(1);
        value += escape.startsWith('u{') ? String.fromCodePoint(parseInt(escape.slice(2, -1), 16)) : (ESCAPES[escape] ?? escape);
      } else return undefined;
    }
    // `'''multi-line'''` strings drop the line break right after the opening quotes.
    if (node.text.startsWith("'''")) value = value.replace(/^\r?\n/, '');
    return value;
  }
}

/**
 * The spread operator (`...defaults` in an object or array, Bicep 0.27) that tree-sitter-bicep
 * 1.1 does not know: valid Bicep, read as an error node. Tolerated; the object is marked open.
 */
function isSpread(node: TsNode): boolean {
  return node.isError && /^\.\.\.\s*[A-Za-z_(]/.test(node.text);
}

/** The first error tree-sitter recovered from, for the parse-error diagnostic. */
function firstError(node: TsNode): { message: string; offset: number } | undefined {
  if (node.isMissing) return { message: `missing ${JSON.stringify(node.type)}`, offset: node.startIndex };
  if (isSpread(node)) return undefined;
  if (node.isError) {
    const firstLine = node.text.split('\n')[0];
    const shorten = (text: string) => (text.length > 80 ? `${text.slice(0, 79)}…` : text);
    // A declaration that swallowed the rest of the file: its brace is never closed.
    const opened = (node.text.match(/\{/g) ?? []).length - (node.text.match(/\}/g) ?? []).length;
    if (opened > 0 && /\{\s*(\/\/.*)?$/.test(firstLine)) return { message: `\`${shorten(firstLine.replace(/\{.*$/, '{').trim())}\` is never closed (a \`}\` is missing)`, offset: node.startIndex };
    const snippet = shorten(firstLine.trim());
    return { message: `unexpected ${snippet ? JSON.stringify(snippet) : 'input'}`, offset: node.startIndex };
  }
  for (const child of node.children) {
    if (child && (child.hasError || child.isMissing)) {
      const found = firstError(child);
      if (found) return found;
    }
  }
  return undefined;
}

export type BicepParse = TreeSitterParse<BicepFile>;

/** Parses Bicep: the tree, its comments, and the first syntax error if any. */
export function parseBicep(text: string): BicepParse | Error {
  const parser = grammarParser('bicep');
  if (parser instanceof Error) return parser;
  const tree = parser.parse(text);
  if (!tree) return new Error('tree-sitter returned no tree');
  try {
    const root = tree.rootNode;
    const converter = new Converter();
    const file: BicepFile = { kind: 'bicep', parameters: [], variables: [], resources: [] };
    let decorators: TsNode[] = [];
    for (const node of named(root)) {
      if (node.type === 'decorators') {
        decorators = named(node);
        continue;
      }
      const own = decorators;
      decorators = [];
      const children = named(node);
      const identifier = children.find((child) => child.type === 'identifier');
      if (node.type === 'resource_declaration') file.resources.push(converter.resource(node));
      else if (node.type === 'parameter_declaration' && identifier) {
        const typeNode = children.find((child) => child.type === 'type');
        const value = children.find((child) => child !== identifier && child !== typeNode);
        file.parameters.push({
          ...span(node),
          name: identifier.text,
          nameSpan: span(identifier),
          type: typeNode?.text,
          default: value ? converter.expression(value) : undefined,
          secure: own.some((decorator) => /^@\s*(sys\.)?secure\s*\(/.test(decorator.text)),
        });
      } else if (node.type === 'variable_declaration' && identifier) {
        const value = children.find((child) => child !== identifier && child.type !== 'type');
        if (value) file.variables.push({ ...span(node), name: identifier.text, nameSpan: span(identifier), value: converter.expression(value) });
      }
    }
    const comments = commentsOf(root);
    return { file, comments, error: root.hasError ? firstError(root) : undefined };
  } finally {
    tree.delete();
  }
}

export const bicepAdapter: ParseAdapter = refusingAdapter('bicep', () => prepareGrammar('bicep'), parseBicep);
