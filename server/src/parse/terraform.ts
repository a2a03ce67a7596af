import type { Node as TsNode } from 'web-tree-sitter';
import type { ParseAdapter } from './documents';
import { prepareTreeSitter, terraformParser } from './treeSitter';
import { commentsOf, named, refusingAdapter, span, type Literal, type TreeSitterParse } from './treeSitterTrees';

/**
 * Terraform (HCL) files read with tree-sitter, as a small positioned tree: blocks with their
 * labels and bodies, attributes, and expressions. Offsets are UTF-16, as everywhere else.
 * Expressions that a linter can judge statically (literals, lists, objects, references,
 * function calls, heredocs) get their own kinds; anything else keeps its text and the
 * references inside it.
 */

export interface HclSpan {
  start: number;
  end: number;
}

export interface HclFile {
  kind: 'hcl';
  body: HclBody;
  /** Whether tree-sitter had to recover from errors (only sibling files are read that way). */
  hasErrors: boolean;
}

export interface HclBody extends HclSpan {
  items: (HclAttribute | HclBlock)[];
}

export interface HclBlock extends HclSpan {
  kind: 'block';
  type: string;
  typeSpan: HclSpan;
  labels: (HclSpan & { value: string })[];
  body: HclBody;
  /** Offset of `{` and of `}` (-1 when the block is not closed). */
  open: number;
  close: number;
}

export interface HclAttribute extends HclSpan {
  kind: 'attribute';
  name: string;
  nameSpan: HclSpan;
  value: HclExpr;
}

/** `aws_kms_key.main.arn` -> ['aws_kms_key', 'main', 'arn']; indexes and splats are skipped. */
export interface HclTraversal extends HclSpan {
  type: 'traversal';
  parts: string[];
}

export type HclExpr =
  | Literal
  | (HclSpan & { type: 'tuple'; items: HclExpr[] })
  | (HclSpan & { type: 'object'; entries: HclObjectEntry[] })
  | HclTraversal
  | (HclSpan & { type: 'call'; name: string; args: HclExpr[] })
  /** A string with interpolations, or a heredoc: `raw` is its text between the delimiters. */
  | (HclSpan & { type: 'template'; raw: string; refs: HclTraversal[]; heredoc: boolean })
  | (HclSpan & { type: 'other'; text: string; refs: HclTraversal[] });

export interface HclObjectEntry extends HclSpan {
  key: string;
  keySpan: HclSpan;
  value: HclExpr;
}

class Converter {
  constructor(private readonly text: string) {}

  body(node: TsNode | undefined, fallback: HclSpan): HclBody {
    if (!node) return { ...fallback, items: [] };
    const items: (HclAttribute | HclBlock)[] = [];
    for (const child of named(node)) {
      if (child.type === 'attribute') {
        const attribute = this.attribute(child);
        if (attribute) items.push(attribute);
      } else if (child.type === 'block') {
        items.push(this.block(child));
      }
    }
    return { ...span(node), items };
  }

  block(node: TsNode): HclBlock {
    const children = named(node);
    const typeNode = children.find((child) => child.type === 'identifier')!;
    const labels: HclBlock['labels'] = [];
    let bodyNode: TsNode | undefined;
    let open = -1;
    let close = -1;
    for (const child of children) {
      if (child === typeNode) continue;
      if (child.type === 'string_lit') labels.push({ ...span(child), value: this.text.slice(child.startIndex + 1, child.endIndex - 1) });
      else if (child.type === 'identifier') labels.push({ ...span(child), value: child.text });
      else if (child.type === 'block_start') open = child.startIndex;
      else if (child.type === 'block_end') close = child.startIndex === child.endIndex || child.hasError ? -1 : child.startIndex;
      else if (child.type === 'body') bodyNode = child;
    }
    const at = open >= 0 ? open + 1 : node.endIndex;
    return {
      kind: 'block',
      ...span(node),
      type: typeNode ? typeNode.text : '',
      typeSpan: typeNode ? span(typeNode) : span(node),
      labels,
      body: this.body(bodyNode, { start: at, end: at }),
      open,
      close,
    };
  }

  attribute(node: TsNode): HclAttribute | undefined {
    const children = named(node);
    const nameNode = children.find((child) => child.type === 'identifier');
    const valueNode = children.find((child) => child.type === 'expression');
    if (!nameNode) return undefined;
    const value: HclExpr = valueNode ? this.expression(valueNode) : { type: 'other', text: '', refs: [], start: node.endIndex, end: node.endIndex };
    return { kind: 'attribute', ...span(node), name: nameNode.text, nameSpan: span(nameNode), value };
  }

  expression(node: TsNode): HclExpr {
    const children = named(node);
    if (node.type === 'expression' || node.type === 'parenthesized_expression') {
      if (children.length === 1) return this.expression(children[0]);
      if (children[0]?.type === 'variable_expr') return this.traversal(node, children) ?? this.other(node);
      return this.other(node);
    }
    switch (node.type) {
      case 'literal_value':
        return children.length === 1 ? this.expression(children[0]) : this.other(node);
      case 'numeric_lit':
        return { type: 'number', value: Number(node.text), ...span(node) };
      case 'bool_lit':
        return { type: 'bool', value: node.text === 'true', ...span(node) };
      case 'null_lit':
        return { type: 'null', ...span(node) };
      case 'string_lit':
        return { type: 'string', value: unescape(this.text.slice(node.startIndex + 1, node.endIndex - 1)), ...span(node) };
      case 'template_expr':
        return children.length === 1 ? this.expression(children[0]) : this.other(node);
      case 'quoted_template': {
        const parts = named(node).filter((child) => child.type !== 'quoted_template_start' && child.type !== 'quoted_template_end');
        if (parts.every((part) => part.type === 'template_literal')) {
          return { type: 'string', value: unescape(this.text.slice(node.startIndex + 1, node.endIndex - 1)), ...span(node) };
        }
        return { type: 'template', raw: this.text.slice(node.startIndex + 1, node.endIndex - 1), refs: this.refsIn(node), heredoc: false, ...span(node) };
      }
      case 'heredoc_template':
        return { type: 'template', raw: this.heredocText(node), refs: this.refsIn(node), heredoc: true, ...span(node) };
      case 'collection_value':
        return children.length === 1 ? this.expression(children[0]) : this.other(node);
      case 'tuple':
        return { type: 'tuple', items: children.filter((child) => child.type === 'expression').map((child) => this.expression(child)), ...span(node) };
      case 'object':
        return { type: 'object', entries: children.filter((child) => child.type === 'object_elem').map((child) => this.objectEntry(child)).filter((entry): entry is HclObjectEntry => !!entry), ...span(node) };
      case 'function_call': {
        const name = children.find((child) => child.type === 'identifier');
        const args = children.find((child) => child.type === 'function_arguments');
        return {
          type: 'call',
          name: name ? name.text : '',
          args: args ? named(args).filter((child) => child.type === 'expression').map((child) => this.expression(child)) : [],
          ...span(node),
        };
      }
      default:
        return this.other(node);
    }
  }

  private objectEntry(node: TsNode): HclObjectEntry | undefined {
    const key = node.childForFieldName('key');
    const value = node.childForFieldName('val');
    if (!key || !value) return undefined;
    const keyExpr = this.expression(key);
    let name: string | undefined;
    if (keyExpr.type === 'string') name = keyExpr.value;
    else if (keyExpr.type === 'traversal' && keyExpr.parts.length === 1) name = keyExpr.parts[0];
    else name = this.text.slice(key.startIndex, key.endIndex);
    return { key: name, keySpan: span(key), value: this.expression(value), ...span(node) };
  }

  /** `a.b.c[0].d` as an expression node whose children are variable_expr, get_attr, index, splat. */
  private traversal(node: TsNode, children: TsNode[]): HclTraversal | undefined {
    const parts: string[] = [];
    for (const child of children) {
      if (child.type === 'variable_expr') parts.push(child.text);
      else if (child.type === 'get_attr') parts.push(child.text.replace(/^\s*\.\s*/, ''));
      else if (child.type === 'index' || child.type === 'splat') {
        // aws_s3_bucket.logs[0].id, aws_s3_bucket.logs[*].id: the same resource for our purposes.
        const inner = child.descendantsOfType('get_attr');
        for (const attr of inner) if (attr) parts.push(attr.text.replace(/^\s*\.\s*/, ''));
      } else return undefined;
    }
    return { type: 'traversal', parts, ...span(node) };
  }

  private other(node: TsNode): HclExpr {
    return { type: 'other', text: node.text, refs: this.refsIn(node), ...span(node) };
  }

  /** Every traversal inside a node (for expressions we do not evaluate). */
  private refsIn(node: TsNode): HclTraversal[] {
    const refs: HclTraversal[] = [];
    for (const variable of node.descendantsOfType('variable_expr')) {
      const expression = variable?.parent;
      if (!variable || !expression) continue;
      const siblings = named(expression);
      const at = siblings.findIndex((child) => child.startIndex === variable.startIndex && child.type === 'variable_expr');
      if (at < 0) continue;
      const chain: TsNode[] = [siblings[at]];
      for (let i = at + 1; i < siblings.length && (siblings[i].type === 'get_attr' || siblings[i].type === 'index' || siblings[i].type === 'splat'); i++) chain.push(siblings[i]);
      const traversal = this.traversal(expression, chain);
      if (traversal) refs.push({ ...traversal, start: variable.startIndex, end: chain[chain.length - 1].endIndex });
    }
    return refs;
  }

  /** The lines between `<<EOT` and `EOT`; `<<-` strips the common indentation. */
  private heredocText(node: TsNode): string {
    const identifiers = named(node).filter((child) => child.type === 'heredoc_identifier');
    const start = node.childCount > 0 ? this.text.indexOf('\n', identifiers[0]?.endIndex ?? node.startIndex) + 1 : node.startIndex;
    const closing = identifiers[1];
    const end = closing ? this.text.lastIndexOf('\n', closing.startIndex) + 1 : node.endIndex;
    let body = start > 0 && end >= start ? this.text.slice(start, end) : '';
    if (this.text.slice(node.startIndex, node.startIndex + 3) === '<<-') {
      const lines = body.split('\n');
      const indents = lines.filter((line) => line.trim() !== '').map((line) => line.length - line.trimStart().length);
      const common = indents.length > 0 ? Math.min(...indents) : 0;
      body = lines.map((line) => line.slice(Math.min(common, line.length - line.trimStart().length))).join('\n');
    }
    return body;
  }
}

/** HCL string escapes: `\"`, `\\`, `\n`, `\t`, `\r`, `\uNNNN`; `$${` and `%%{` stand for `${`, `%{`. */
function unescape(raw: string): string {
  if (!raw.includes('\\') && !raw.includes('$${') && !raw.includes('%%{')) return raw;
  return raw
    .replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_, escape: string) => {
      if (escape[0] === 'u' || escape[0] === 'U') return String.fromCodePoint(parseInt(escape.slice(1), 16));
      return ({ n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' } as Record<string, string>)[escape] ?? escape;
    })
    .replace(/\$\$\{/g, '${')
    .replace(/%%\{/g, '%{');
}

/** The first error tree-sitter recovered from, for the parse-error diagnostic. */
function firstError(node: TsNode): { message: string; offset: number } | undefined {
  if (node.isMissing) {
    // A missing `}` is found at the end of the file; the block it closes starts far above.
    let block: TsNode | null = node.parent;
    while (node.type === '}' && block && block.type !== 'block' && block.type !== 'object') block = block.parent;
    if (node.type === '}' && block) {
      const header = block.text.split('\n')[0].replace(/\{.*$/, '{').trim().slice(0, 60);
      return { message: `\`${header}\` is never closed (a \`}\` is missing)`, offset: block.startIndex };
    }
    return { message: `missing ${JSON.stringify(node.type)}`, offset: node.startIndex };
  }
  if (node.isError) {
    const text = node.text;
    const snippet = text.split('\n')[0].trim().slice(0, 60);
    // A block that swallowed the rest of the file: its brace is never closed.
    const opened = (text.match(/\{/g) ?? []).length - (text.match(/\}/g) ?? []).length;
    if (opened > 0 && /\{\s*(#.*|\/\/.*)?$/.test(text.split('\n')[0])) return { message: `\`${snippet.replace(/\{.*$/, '{')}\` is never closed (a \`}\` is missing)`, offset: node.startIndex };
    return { message: `unexpected ${snippet ? JSON.stringify(snippet) : 'input'}`, offset: node.startIndex };
  }
  for (const child of node.children) {
    if (child && child.hasError) {
      const found = firstError(child);
      if (found) return found;
    }
  }
  return node.hasError ? { message: 'invalid syntax', offset: node.startIndex } : undefined;
}

export type HclParse = TreeSitterParse<HclFile>;

/** Parses HCL tolerantly: the tree of whatever could be read, and the first error if any. */
export function parseHcl(text: string): HclParse | Error {
  const parser = terraformParser();
  if (parser instanceof Error) return parser;
  const tree = parser.parse(text);
  if (!tree) return new Error('tree-sitter returned no tree');
  try {
    const root = tree.rootNode;
    const converter = new Converter(text);
    const bodyNode = named(root).find((child) => child.type === 'body');
    const file: HclFile = { kind: 'hcl', body: converter.body(bodyNode, { start: 0, end: text.length }), hasErrors: root.hasError };
    const comments = commentsOf(root);
    return { file, comments, error: root.hasError ? firstError(root) : undefined };
  } finally {
    tree.delete();
  }
}

export const terraformAdapter: ParseAdapter = refusingAdapter('terraform', prepareTreeSitter, parseHcl);
