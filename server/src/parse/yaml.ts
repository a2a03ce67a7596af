import { Composer, LineCounter, Pair, Parser, Scalar, YAMLMap, YAMLSeq, isMap, isScalar, isSeq, type Document, type Node, type ScalarTag, type CollectionTag } from 'yaml';
import type { LineIndex } from '../core/lineIndex';
import type { ParseAdapter, ParsedDocument, ParseFailure, SourceComment } from './documents';

/**
 * YAML and JSON with exact positions, for CloudFormation and SAM templates. JSON is read as
 * YAML 1.2 (of which it is a subset), so both give the same positioned tree. CloudFormation's
 * short-form intrinsic functions (`!Ref`, `!GetAtt`, `!Sub`, ...) are registered as tags in
 * scalar, sequence and mapping form, and stay on their nodes (`node.tag`).
 *
 * Tolerance: CloudFormation accepts templates that strict YAML rejects, mostly multi-line
 * quoted strings whose continuation lines are not indented (an inline Lambda `ZipFile: '...'`
 * pasted flush left). When strict parsing fails, such lines are re-indented in a copy and the
 * copy is parsed; every offset is mapped back to the original text through `toOriginal`.
 */
export interface YamlTree {
  kind: 'yaml';
  /** Written as JSON (a `.json` file, or text whose first character is `{`). */
  json: boolean;
  /** The document's root node; offsets are in the parsed text: map them with toOriginal. */
  contents: Node | null;
  /** Maps an offset of the parsed text to the file's text (identity unless repaired). */
  toOriginal(offset: number): number;
  /** Whether the tolerant repair was needed. */
  repaired: boolean;
}

/** CloudFormation's short-form intrinsic functions. */
export const INTRINSIC_TAGS = [
  'Ref',
  'Sub',
  'GetAtt',
  'If',
  'Join',
  'Select',
  'Split',
  'FindInMap',
  'Base64',
  'Cidr',
  'ImportValue',
  'GetAZs',
  'Equals',
  'And',
  'Or',
  'Not',
  'Condition',
  'Transform',
  'Length',
  'ToJsonString',
  'ForEach',
];

const CUSTOM_TAGS: (ScalarTag | CollectionTag)[] = INTRINSIC_TAGS.flatMap((name) => [
  { tag: `!${name}`, resolve: (value: string) => value } as ScalarTag,
  { tag: `!${name}`, collection: 'seq', nodeClass: YAMLSeq, resolve: (value: unknown) => value } as unknown as CollectionTag,
  { tag: `!${name}`, collection: 'map', nodeClass: YAMLMap, resolve: (value: unknown) => value } as unknown as CollectionTag,
]);

interface Attempt {
  doc?: Document.Parsed;
  comments: { offset: number; source: string }[];
  error?: { message: string; offset: number };
}

function attempt(text: string, json: boolean): Attempt {
  const lineCounter = new LineCounter();
  const parser = new Parser(lineCounter.addNewLine);
  const tokens = [...parser.parse(text)];
  const composer = new Composer({ customTags: CUSTOM_TAGS, uniqueKeys: !json, prettyErrors: false, lineCounter });
  const docs = [...composer.compose(tokens, true, text.length)];
  const comments: Attempt['comments'] = [];
  // JSON has no comments, and YAML without a `#` has none either: skip the walk.
  if (!json && text.includes('#')) collectComments(tokens, comments);
  if (docs.length !== 1) {
    return docs.length === 0 ? { doc: undefined, comments } : { comments, error: { message: 'the file holds several YAML documents; a template is one', offset: docs[1].range[0] } };
  }
  const doc = docs[0];
  const first = doc.errors[0];
  if (first) return { comments, error: { message: first.message.split('\n')[0], offset: first.pos[0] } };
  return { doc, comments };
}

/** Every comment token in the concrete syntax tree, wherever it hangs. */
function collectComments(value: unknown, out: { offset: number; source: string }[]): void {
  if (Array.isArray(value)) {
    for (const item of value) collectComments(item, out);
    return;
  }
  if (!value || typeof value !== 'object') return;
  const token = value as { type?: string; offset?: number; source?: string };
  if (token.type === 'comment' && typeof token.offset === 'number' && typeof token.source === 'string') {
    out.push({ offset: token.offset, source: token.source });
    return;
  }
  for (const key of Object.keys(value)) {
    if (key === 'source' || key === 'offset' || key === 'indent' || key === 'type') continue;
    collectComments((value as Record<string, unknown>)[key], out);
  }
}

export interface Insertion {
  /** Offset in the original text. */
  at: number;
  count: number;
}

/**
 * Re-indents the continuation lines of multi-line quoted scalars that are not indented past
 * the line the scalar starts on. Returns undefined when there is nothing to repair.
 */
export function repairQuotedScalars(text: string): { text: string; insertions: Insertion[] } | undefined {
  const insertions: Insertion[] = [];
  const lines: { start: number; text: string }[] = [];
  for (let start = 0; start <= text.length; ) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    lines.push({ start, text: text.slice(start, end) });
    if (newline < 0) break;
    start = newline + 1;
  }
  const indentOf = (line: string) => line.length - line.trimStart().length;
  let quote: '"' | "'" | undefined;
  let ownerIndent = 0;
  let blockScalarIndent: number | undefined;
  for (const line of lines) {
    const body = line.text.replace(/\r$/, '');
    let i = 0;
    if (quote) {
      if (body.trim() !== '' && indentOf(body) <= ownerIndent) {
        const wanted = ownerIndent + 2 - indentOf(body);
        insertions.push({ at: line.start, count: wanted });
      }
    } else {
      if (blockScalarIndent !== undefined) {
        if (body.trim() === '' || indentOf(body) > blockScalarIndent) continue;
        blockScalarIndent = undefined;
      }
      ownerIndent = indentOf(body);
      i = ownerIndent;
      // `key: |`, `- >-`, `ZipFile: !Sub |`: the lines below are a block scalar's content.
      if (/(?:^|\s)[|>][-+1-9]?[-+]?\s*(?:#.*)?$/.test(body)) {
        blockScalarIndent = ownerIndent;
        continue;
      }
    }
    for (; i < body.length; i++) {
      const ch = body[i];
      if (quote === "'") {
        if (ch === "'") {
          if (body[i + 1] === "'") i++;
          else quote = undefined;
        }
      } else if (quote === '"') {
        if (ch === '\\') i++;
        else if (ch === '"') quote = undefined;
      } else if (ch === '#' && (i === 0 || /\s/.test(body[i - 1]))) {
        break;
      } else if ((ch === "'" || ch === '"') && (i === 0 || /[\s:\-[{,]/.test(body[i - 1]))) {
        // A quote that opens a scalar: at a value position, not inside a plain word (it's).
        const before = body.slice(0, i).trimEnd();
        if (before === '' || /[:\-[{,]$/.test(before) || /![A-Za-z]+$/.test(before)) quote = ch;
      }
    }
  }
  if (insertions.length === 0) return undefined;
  let repaired = '';
  let cursor = 0;
  for (const insertion of insertions) {
    repaired += text.slice(cursor, insertion.at) + ' '.repeat(insertion.count);
    cursor = insertion.at;
  }
  repaired += text.slice(cursor);
  return { text: repaired, insertions };
}

function offsetMapper(insertions: readonly Insertion[]): (offset: number) => number {
  if (insertions.length === 0) return (offset) => offset;
  return (offset) => {
    let shift = 0;
    for (const insertion of insertions) {
      const at = insertion.at + shift;
      if (offset < at) break;
      if (offset < at + insertion.count) return insertion.at;
      shift += insertion.count;
    }
    return offset - shift;
  };
}

class JsonError {
  constructor(
    readonly message: string,
    readonly offset: number,
  ) {}
}

/**
 * Strict JSON (RFC 8259) into the yaml package's nodes (YAMLMap, YAMLSeq, Scalar, Pair) with
 * their ranges, so that templates read the same whatever they are written in. Duplicate keys are
 * kept (JSON.parse keeps the last; CloudFormation accepts them too).
 */
export function parseJsonNodes(text: string): Node | JsonError {
  let at = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const fail = (message: string): never => {
    throw new JsonError(message, at);
  };
  const space = () => {
    for (;;) {
      const code = text.charCodeAt(at);
      if (code === 32 || code === 10 || code === 13 || code === 9) at++;
      else return;
    }
  };
  const string = (): Scalar => {
    const start = at++;
    let escaped = false;
    for (;;) {
      const code = text.charCodeAt(at);
      if (Number.isNaN(code) || code === 10 || code === 13) fail('unterminated string');
      if (code === 92) {
        escaped = true;
        at += 2;
      } else if (code === 34) {
        at++;
        break;
      } else if (code < 32) fail('control character in string');
      else at++;
    }
    const raw = text.slice(start, at);
    const node = new Scalar(escaped ? (JSON.parse(raw) as string) : raw.slice(1, -1));
    node.range = [start, at, at];
    return node;
  };
  const value = (): Node => {
    space();
    const start = at;
    const code = text.charCodeAt(at);
    if (code === 123 /* { */) {
      at++;
      const map = new YAMLMap();
      map.flow = true;
      space();
      if (text.charCodeAt(at) === 125) at++;
      else {
        for (;;) {
          space();
          if (text.charCodeAt(at) !== 34) fail('expected a double-quoted property name');
          const key = string();
          space();
          if (text.charCodeAt(at) !== 58) fail("expected ':'");
          at++;
          map.items.push(new Pair(key, value()));
          space();
          const next = text.charCodeAt(at++);
          if (next === 125) break;
          if (next !== 44) {
            at--;
            fail("expected ',' or '}'");
          }
        }
      }
      map.range = [start, at, at];
      return map;
    }
    if (code === 91 /* [ */) {
      at++;
      const seq = new YAMLSeq();
      seq.flow = true;
      space();
      if (text.charCodeAt(at) === 93) at++;
      else {
        for (;;) {
          seq.items.push(value());
          space();
          const next = text.charCodeAt(at++);
          if (next === 93) break;
          if (next !== 44) {
            at--;
            fail("expected ',' or ']'");
          }
        }
      }
      seq.range = [start, at, at];
      return seq;
    }
    if (code === 34) return string();
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(at, at + 64));
    if (!literal) fail('unexpected character');
    at += literal![0].length;
    const word = literal![0];
    const node = new Scalar(word === 'true' ? true : word === 'false' ? false : word === 'null' ? null : Number(word));
    node.range = [start, at, at];
    return node;
  };
  try {
    const root = value();
    space();
    if (at < text.length) fail('unexpected content after the end of the document');
    return root;
  } catch (error) {
    if (error instanceof JsonError) return error;
    throw error;
  }
}

/** Where JSON.parse stops, as a parse failure; undefined for valid JSON. */
function strictJsonError(text: string): ParseFailure | undefined {
  try {
    JSON.parse(text.replace(/^\uFEFF/, ''));
    return undefined;
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    return { message: `invalid JSON: ${message.replace(/ in JSON at position \d+.*$/, '').replace(/^JSON\.parse: /, '')}`, offset: position ? Number(position[1]) : 0 };
  }
}

/** The `$schema` of an ARM deployment template (resource group, subscription, management group, tenant). */
const ARM_TEMPLATE_SCHEMA = /"\$schema"\s*:\s*"[^"]*deploymentTemplate\.json/i;

/**
 * JSON with `//` and `/* *\/` comments outside strings: the text with every comment replaced by
 * spaces (line breaks kept, so offsets stay put), and the comments.
 */
export function blankJsonComments(text: string): { text: string; comments: { start: number; end: number; value: string }[] } {
  const comments: { start: number; end: number; value: string }[] = [];
  let out = '';
  let cursor = 0;
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code === 34 /* " */) {
      for (at++; at < text.length && text.charCodeAt(at) !== 34; at++) if (text.charCodeAt(at) === 92) at++;
      continue;
    }
    if (code !== 47 /* / */ || (text[at + 1] !== '/' && text[at + 1] !== '*')) continue;
    const block = text[at + 1] === '*';
    const close = block ? text.indexOf('*/', at + 2) : -1;
    let end = block ? (close < 0 ? text.length : close + 2) : text.indexOf('\n', at);
    if (end < 0) end = text.length;
    if (!block && text[end - 1] === '\r') end--;
    const raw = text.slice(at, end);
    comments.push({ start: at, end, value: block ? raw.slice(2, close < 0 ? undefined : -2) : raw.slice(2) });
    out += text.slice(cursor, at) + raw.replace(/[^\r\n]/g, ' ');
    cursor = end;
    at = end - 1;
  }
  return { text: out + text.slice(cursor), comments };
}

export function isJsonText(filePath: string, text: string): boolean {
  return filePath.toLowerCase().endsWith('.json') || /^\uFEFF?\s*\{/.test(text);
}

/** Parses a YAML or JSON file; comments are those of YAML (JSON has none). */
export function parseYamlDocument(filePath: string, text: string, lines: LineIndex, language: 'yaml' | 'json'): ParsedDocument | ParseFailure {
  const json = language === 'json' || isJsonText(filePath, text);
  if (json) {
    // ARM templates may hold `//` and `/* */` comments (Azure accepts them): blanked out, with
    // positions kept, and read as comments (suppressions). CloudFormation JSON stays strict.
    const armComments = ARM_TEMPLATE_SCHEMA.test(text) && /\/[/*]/.test(text) ? blankJsonComments(text) : undefined;
    const source = armComments?.text ?? text;
    // JSON is read by its own small parser (strict, as CloudFormation is, and far faster than
    // reading it as YAML), into the same positioned nodes.
    const contents = parseJsonNodes(source);
    if (!(contents instanceof JsonError)) {
      const tree: YamlTree = { kind: 'yaml', json, contents, toOriginal: (offset) => offset, repaired: false };
      const comments: SourceComment[] = (armComments?.comments ?? []).map((comment) => ({ ...comment, range: lines.range(comment.start, comment.end) }));
      return { language, comments: [...comments, ...metadataSuppressions(tree, lines)], tree };
    }
    return strictJsonError(source) ?? { message: `invalid JSON: ${contents.message}`, offset: contents.offset };
  }
  let result = attempt(text, json);
  let toOriginal = (offset: number) => offset;
  let repaired = false;
  if (result.error && !json) {
    const repair = repairQuotedScalars(text);
    if (repair) {
      const second = attempt(repair.text, json);
      if (!second.error) {
        result = second;
        toOriginal = offsetMapper(repair.insertions);
        repaired = true;
      }
    }
  }
  if (result.error) return { message: result.error.message, offset: result.error.offset };
  const comments: SourceComment[] = result.comments.map((comment) => {
    const start = toOriginal(comment.offset);
    const end = toOriginal(comment.offset + comment.source.length);
    return { value: comment.source.replace(/^#/, ''), start, end, range: lines.range(start, end) };
  });
  const tree: YamlTree = { kind: 'yaml', json, contents: (result.doc?.contents as Node | null | undefined) ?? null, toOriginal, repaired };
  comments.push(...metadataSuppressions(tree, lines));
  return { language, comments, tree };
}

function mapGet(node: unknown, key: string): unknown {
  if (!isMap(node)) return undefined;
  const pair = node.items.find((item) => isScalar(item.key) && item.key.value === key);
  return pair?.value ?? undefined;
}

/**
 * Suppressions written in a CloudFormation resource's Metadata, or an ARM resource's metadata
 * (JSON templates have no comments):
 *
 *   Metadata:
 *     phi-lint:
 *       suppress:
 *         - id: iac-s3-logging-tls-versioning
 *           reason: access logs of this bucket go to the organization trail
 *
 * Each entry becomes a directive that covers the resource's lines.
 */
function metadataSuppressions(tree: YamlTree, lines: LineIndex): SourceComment[] {
  const out: SourceComment[] = [];
  const resources = mapGet(tree.contents, 'Resources');
  if (isMap(resources)) {
    for (const pair of resources.items) {
      if (!isScalar(pair.key) || !pair.key.range) continue;
      const suppress = mapGet(mapGet(mapGet(pair.value, 'Metadata'), 'phi-lint'), 'suppress');
      const resourceEnd = (pair.value as Node | null)?.range?.[1] ?? pair.key.range[1];
      suppressionsIn(tree, lines, suppress, { start: pair.key.range[0], end: resourceEnd }, `Metadata suppression on ${String(pair.key.value)}`, out);
    }
  }
  // An ARM template's resources: `"metadata": { "phi-lint": { "suppress": [...] } }` on each,
  // nested resources included.
  const armResources = (list: unknown) => {
    const items = isSeq(list) ? list.items : isMap(list) ? list.items.map((pair) => pair.value) : [];
    for (const item of items) {
      if (!isMap(item) || !item.range) continue;
      const suppress = mapGet(mapGet(mapGet(item, 'metadata'), 'phi-lint'), 'suppress');
      const name = mapGet(item, 'name');
      suppressionsIn(tree, lines, suppress, { start: item.range[0], end: item.range[1] }, `metadata suppression on ${isScalar(name) ? String(name.value) : 'a resource'}`, out);
      armResources(mapGet(item, 'resources'));
    }
  };
  if (tree.json) armResources(mapGet(tree.contents, 'resources'));
  return out;
}

/** The directives of one resource's `suppress` list, covering the resource's lines. */
function suppressionsIn(tree: YamlTree, lines: LineIndex, suppress: unknown, resource: { start: number; end: number }, label: string, out: SourceComment[]): void {
  if (!isSeq(suppress)) return;
  const scope = {
    startLine: lines.positionAt(tree.toOriginal(resource.start)).line,
    endLine: lines.positionAt(Math.max(tree.toOriginal(resource.end) - 1, 0)).line,
    label,
  };
  for (const item of suppress.items) {
    const id = mapGet(item, 'id') ?? mapGet(item, 'rule');
    const reason = mapGet(item, 'reason');
    const range = (item as Node).range;
    if (!isScalar(id) || !range) continue;
    const reasonText = isScalar(reason) ? String(reason.value ?? '').trim() : '';
    const start = tree.toOriginal(range[0]);
    const end = tree.toOriginal(range[1]);
    out.push({ value: ` phi-lint-disable-line ${String(id.value)}${reasonText ? ` -- ${reasonText.replace(/\s+/g, ' ')}` : ''}`, start, end, range: lines.range(start, end), scope });
  }
}

export const yamlAdapter: ParseAdapter = {
  language: 'yaml',
  parse: (filePath, text, lines) => parseYamlDocument(filePath, text, lines, 'yaml'),
};

export const jsonAdapter: ParseAdapter = {
  language: 'json',
  parse: (filePath, text, lines) => parseYamlDocument(filePath, text, lines, 'json'),
};
