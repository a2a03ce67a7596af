import type { LineIndex } from '../core/lineIndex';
import type { TextEdit } from '../core/types';
import { entryOf, getValue, type IacDocument, type IacMap, type IacResource, type IacValue, type Span } from '../analysis/iac/model';

/**
 * Builds text edits on CloudFormation (YAML or JSON), Terraform, ARM templates and Bicep, in place: an inserted
 * property lands after its siblings with their indentation and the file's line breaks, a
 * replaced value keeps everything around it, comments stay where they are.
 */

/** A value to write, whatever the format. */
export type FixValue = string | number | boolean | FixRef | FixExpression | FixObject | FixValue[] | { [key: string]: FixValue };

/**
 * `!Ref X` / `!GetAtt X.Arn` in CloudFormation; `var.x` / `aws_kms_key.k.arn` in Terraform;
 * `x` / `vault.id` in Bicep; `[parameters('x')]` in ARM (parameters only).
 */
export interface FixRef {
  $ref: string;
  attribute?: string;
}

/** Raw text per format (`!Sub ...`, `jsonencode(...)`). */
export interface FixExpression {
  $raw: { cloudformation?: string; json?: string; terraform?: string; bicep?: string; typescript?: string };
}

/** A Terraform argument holding a map (`tags = { ... }`) rather than a nested block. */
export interface FixObject {
  $object: { [key: string]: FixValue };
}

function isRef(value: FixValue): value is FixRef {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && '$ref' in value;
}
function isRaw(value: FixValue): value is FixExpression {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && '$raw' in value;
}
function isObject(value: FixValue): value is FixObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && '$object' in value;
}
function isMapValue(value: FixValue): value is { [key: string]: FixValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isRef(value) && !isRaw(value) && !isObject(value);
}

const YAML_RESERVED = /^(true|false|yes|no|on|off|null|y|n|~)$/i;

function yamlScalar(value: string | number | boolean): string {
  if (typeof value !== 'string') return String(value);
  // Plain when YAML reads it back as this string: no indicator, no `: ` or ` #`, no number or boolean.
  if (/^[A-Za-z_/][A-Za-z0-9_.,:/@ ()-]*$/.test(value) && !YAML_RESERVED.test(value) && !/:$|\s$|: | #/.test(value)) return value;
  return `'${value.replace(/'/g, "''")}'`;
}

export class IacEditor {
  readonly eol: string;
  /** One level of indentation in this file. */
  readonly step: string;

  constructor(
    readonly document: IacDocument,
    readonly lines: LineIndex,
  ) {
    this.eol = lines.eol;
    this.step = this.detectStep();
  }

  private get format(): 'yaml' | 'json' | 'terraform' | 'bicep' {
    return this.document.format === 'terraform' || this.document.format === 'bicep' ? this.document.format : this.document.json ? 'json' : 'yaml';
  }

  private column(offset: number): number {
    return this.lines.positionAt(offset).character;
  }

  private indentOfLine(offset: number): string {
    const line = this.lines.lineText(this.lines.positionAt(offset).line);
    return line.slice(0, line.length - line.trimStart().length);
  }

  private detectStep(): string {
    const text = this.document.text;
    const match = /\n( +|\t)\S/.exec(text);
    if (!match) return '  ';
    if (match[1] === '\t') return '\t';
    // The smallest indentation a line has is one step (2 in most templates, 4 in some JSON).
    let smallest = match[1].length;
    for (const other of text.matchAll(/\n( +)\S/g)) smallest = Math.min(smallest, other[1].length);
    return ' '.repeat(Math.max(1, Math.min(smallest, 8)));
  }

  /** The key of a resource's properties: CloudFormation `Properties`, ARM and Bicep `properties`. */
  private get propertiesKey(): string {
    return this.document.format === 'cloudformation' ? 'Properties' : 'properties';
  }

  private range(start: number, end: number) {
    return this.lines.range(start, end);
  }

  // -------------------------------------------------------------------------------------------
  // Rendering

  /** A value as it is written inline: `true`, `aws:kms`, `!Ref X`, `"x"`, `var.x`. */
  scalarText(value: FixValue): string | undefined {
    const format = this.format;
    if (isRaw(value)) return format === 'terraform' ? value.$raw.terraform : format === 'bicep' ? value.$raw.bicep : format === 'json' ? value.$raw.json : value.$raw.cloudformation;
    if (isRef(value)) {
      if (format === 'terraform' || format === 'bicep') return value.attribute ? `${value.$ref}.${value.attribute}` : value.$ref;
      if (this.document.format === 'arm') return value.attribute ? undefined : JSON.stringify(`[parameters('${value.$ref}')]`);
      if (format === 'json') return value.attribute ? `{ "Fn::GetAtt": [${JSON.stringify(value.$ref)}, ${JSON.stringify(value.attribute)}] }` : `{ "Ref": ${JSON.stringify(value.$ref)} }`;
      return value.attribute ? `!GetAtt ${value.$ref}.${value.attribute}` : `!Ref ${value.$ref}`;
    }
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      if (format === 'yaml') return yamlScalar(value);
      if (format === 'bicep') return bicepScalar(value);
      return JSON.stringify(value);
    }
    return undefined;
  }

  /** `key: value` (YAML), `"key": value` (JSON), `key = value` or `key { ... }` (Terraform), at `indent`. */
  entryText(key: string, value: FixValue, indent: string): string {
    const step = this.step;
    const eol = this.eol;
    const format = this.format;
    const inline = this.scalarText(value);
    if (format === 'yaml') {
      if (inline !== undefined) return `${key}: ${inline}`;
      if (Array.isArray(value)) {
        return `${key}:${value.map((item) => `${eol}${indent}${step}- ${this.yamlItem(item, `${indent}${step}  `)}`).join('')}`;
      }
      const map = isObject(value) ? value.$object : (value as { [key: string]: FixValue });
      return `${key}:${Object.entries(map).map(([innerKey, inner]) => `${eol}${indent}${step}${this.entryText(innerKey, inner, indent + step)}`).join('')}`;
    }
    if (format === 'json') return `${JSON.stringify(key)}: ${this.jsonValue(value, indent)}`;
    if (format === 'bicep') return `${/^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : bicepScalar(key)}: ${this.bicepValue(value, indent)}`;
    // Terraform
    if (inline !== undefined) return `${key} = ${inline}`;
    if (isObject(value)) {
      const inner = Object.entries(value.$object).map(([innerKey, innerValue]) => `${eol}${indent}${step}${/^[A-Za-z_][A-Za-z0-9_-]*$/.test(innerKey) ? innerKey : JSON.stringify(innerKey)} = ${this.hclExpression(innerValue, indent + step)}`);
      return `${key} = {${inner.join('')}${eol}${indent}}`;
    }
    if (Array.isArray(value)) return value.map((item) => this.entryText(key, item, indent)).join(`${eol}${indent}`);
    const entries = Object.entries(value as { [key: string]: FixValue }).map(([innerKey, inner]) => `${eol}${indent}${step}${this.entryText(innerKey, inner, indent + step)}`);
    return `${key} {${entries.join('')}${eol}${indent}}`;
  }

  private yamlItem(item: FixValue, indent: string): string {
    const inline = this.scalarText(item);
    if (inline !== undefined) return inline;
    const map = isObject(item) ? item.$object : Array.isArray(item) ? {} : (item as { [key: string]: FixValue });
    return Object.entries(map)
      .map(([key, value], index) => (index === 0 ? '' : `${this.eol}${indent}`) + this.entryText(key, value, indent))
      .join('');
  }

  private jsonValue(value: FixValue, indent: string): string {
    const inline = this.scalarText(value);
    if (inline !== undefined) return inline;
    const inner = indent + this.step;
    if (Array.isArray(value)) return `[${value.map((item) => `${this.eol}${inner}${this.jsonValue(item, inner)}`).join(',')}${this.eol}${indent}]`;
    const map = isObject(value) ? value.$object : (value as { [key: string]: FixValue });
    return `{${Object.entries(map)
      .map(([key, item]) => `${this.eol}${inner}${JSON.stringify(key)}: ${this.jsonValue(item, inner)}`)
      .join(',')}${this.eol}${indent}}`;
  }

  /** A Bicep value: objects and arrays one entry a line, without commas. */
  private bicepValue(value: FixValue, indent: string): string {
    const inline = this.scalarText(value);
    if (inline !== undefined) return inline;
    const inner = indent + this.step;
    if (Array.isArray(value)) return `[${value.map((item) => `${this.eol}${inner}${this.bicepValue(item, inner)}`).join('')}${this.eol}${indent}]`;
    const map = isObject(value) ? value.$object : (value as { [key: string]: FixValue });
    return `{${Object.entries(map)
      .map(([key, item]) => `${this.eol}${inner}${this.entryText(key, item, inner)}`)
      .join('')}${this.eol}${indent}}`;
  }

  private hclExpression(value: FixValue, indent: string): string {
    const inline = this.scalarText(value);
    if (inline !== undefined) return inline;
    if (Array.isArray(value)) return `[${value.map((item) => this.hclExpression(item, indent)).join(', ')}]`;
    const map = isObject(value) ? value.$object : (value as { [key: string]: FixValue });
    return `{${Object.entries(map)
      .map(([key, item]) => `${this.eol}${indent}${this.step}${key} = ${this.hclExpression(item, indent + this.step)}`)
      .join('')}${this.eol}${indent}}`;
  }

  // -------------------------------------------------------------------------------------------
  // Edits

  replace(span: Span, newText: string): TextEdit {
    return { range: this.range(span.start, span.end), newText };
  }

  /** Replaces a value with another, written for the format. */
  replaceValue(value: IacValue, replacement: FixValue): TextEdit | undefined {
    const inline = this.scalarText(replacement);
    if (inline === undefined) return undefined;
    return this.replace(value.span, inline);
  }

  /** Replaces a whole entry (key and value) with `key: value` written anew at the entry's place. */
  replaceEntry(entry: { keySpan: Span; span: Span }, key: string, value: FixValue): TextEdit {
    const indent = ' '.repeat(this.column(entry.keySpan.start));
    let end = entry.span.end;
    // A YAML block collection's span takes its last line break: keep it.
    const position = this.lines.positionAt(end);
    if (position.character === 0 && position.line > this.lines.positionAt(entry.keySpan.start).line) end = this.lines.lineEnd(position.line - 1);
    return this.replace({ start: entry.keySpan.start, end }, this.entryText(key, value, indent));
  }

  /** Where the last line of a span ends (after a trailing comment), for inserting after it. */
  private endOfLastLine(end: number): number {
    let line = this.lines.positionAt(end).line;
    // A block scalar's span ends at the start of the next line: it belongs to the line before.
    if (this.lines.positionAt(end).character === 0 && line > 0 && end > 0) line--;
    return this.lines.lineEnd(line);
  }

  /** Adds `key: value` to a map, after its last entry. */
  insertEntry(map: IacMap, key: string, value: FixValue, container?: { resource: IacResource }): TextEdit | undefined {
    const format = this.format;
    if (format === 'terraform') return this.insertIntoBlock(map, key, value, container?.resource);
    if (format === 'bicep') return this.insertIntoBicepObject(map, key, value);
    if (map.flow || format === 'json') {
      const entry = (indent: string) => this.flowEntry(key, value, indent);
      const inline = this.insertIntoEmptyOrOneLineObject(map, entry);
      if (inline) return inline;
      const last = map.entries[map.entries.length - 1];
      const indent = ' '.repeat(this.column(last.keySpan.start));
      return { range: this.range(last.span.end, last.span.end), newText: `,${this.eol}${indent}${entry(indent)}` };
    }
    const last = map.entries[map.entries.length - 1];
    if (!last) return undefined;
    const indent = ' '.repeat(this.column(last.keySpan.start));
    const at = this.endOfLastLine(last.span.end);
    return { range: this.range(at, at), newText: `${this.eol}${indent}${this.entryText(key, value, indent)}` };
  }

  /**
   * Adds a property to a Bicep object: on a line of its own after the last one (after its
   * trailing comment), with its indentation; `{}` is opened up; a one-line `{ a: 1 }` takes a comma.
   */
  private insertIntoBicepObject(map: IacMap, key: string, value: FixValue): TextEdit | undefined {
    const entry = (indent: string) => this.entryText(key, value, indent);
    const inline = this.insertIntoEmptyOrOneLineObject(map, entry);
    if (inline) return inline;
    const last = map.entries[map.entries.length - 1];
    const indent = ' '.repeat(this.column(last.keySpan.start));
    const at = this.endOfLastLine(last.span.end);
    return { range: this.range(at, at), newText: `${this.eol}${indent}${entry(indent)}` };
  }

  /**
   * Braced objects (JSON, YAML flow maps, Bicep) alike: `{}` opened up onto lines of its own, a
   * one-line `{ a: 1 }` extended with `, entry`. Undefined for an object over several lines,
   * where the formats differ (JSON needs a comma, Bicep a line of its own).
   */
  private insertIntoEmptyOrOneLineObject(map: IacMap, entry: (indent: string) => string): TextEdit | undefined {
    const last = map.entries[map.entries.length - 1];
    if (!last) {
      const indent = this.indentOfLine(map.span.start);
      const inner = indent + this.step;
      return this.replace(map.span, `{${this.eol}${inner}${entry(inner)}${this.eol}${indent}}`);
    }
    const sameLine = this.lines.positionAt(map.span.start).line === this.lines.positionAt(map.span.end).line;
    if (sameLine) return { range: this.range(last.span.end, last.span.end), newText: `, ${entry(this.indentOfLine(last.span.start))}` };
    return undefined;
  }

  /** An entry inside a flow map or a JSON object: JSON syntax, valid YAML too. */
  private flowEntry(key: string, value: FixValue, indent: string): string {
    if (this.format === 'json') return this.entryText(key, value, indent);
    return `${JSON.stringify(key)}: ${this.jsonValue(value, indent).replace(/^!Ref (.*)$/, '{ "Ref": "$1" }')}`;
  }

  /** Adds an argument or nested block before a Terraform block's closing brace. */
  private insertIntoBlock(map: IacMap, key: string, value: FixValue, resource?: IacResource): TextEdit | undefined {
    const close = resource && resource.properties === map ? resource.braces?.close : this.closingBrace(map);
    if (close === undefined || close < 0) return undefined;
    const blockIndent = this.indentOfLine(map.span.start === close ? close : resource ? resource.span.start : map.span.start);
    const first = map.entries[0];
    const indent = first ? ' '.repeat(this.column(first.span.start)) : blockIndent + this.step;
    const closeLine = this.lines.positionAt(close).line;
    const beforeClose = this.lines.lineText(closeLine).slice(0, this.lines.positionAt(close).character);
    const text = this.entryText(key, value, indent);
    if (beforeClose.trim() === '') {
      const at = this.lines.lineStart(closeLine);
      return { range: this.range(at, at), newText: `${indent}${text}${this.eol}` };
    }
    // `{}` or `{ a = 1 }` on one line: open the block up.
    const closeIndent = resource ? this.indentOfLine(resource.span.start) : this.indentOfLine(close);
    return { range: this.range(close, close), newText: `${this.eol}${indent}${text}${this.eol}${closeIndent}` };
  }

  /** A nested block's `}`: the last `}` of its span. */
  private closingBrace(map: IacMap): number {
    const at = this.document.text.lastIndexOf('}', map.span.end - 1);
    return at >= map.span.start ? at : -1;
  }

  /**
   * Sets a property of a resource, creating the maps (CloudFormation) or nested blocks
   * (Terraform) on the way: `setProperty(r, ['EncryptionAtRestOptions', 'Enabled'], true)`.
   */
  setProperty(resource: IacResource, path: readonly string[], value: FixValue): TextEdit | undefined {
    let map: IacMap | undefined = resource.properties;
    if (!map) {
      // A CloudFormation, ARM or Bicep resource without properties: add them.
      if (this.document.format === 'terraform') return undefined;
      return this.insertEntry(resource.container, this.propertiesKey, nest(path, value));
    }
    for (let i = 0; i < path.length; i++) {
      const entry = entryOf(map, path[i]);
      if (!entry) return this.insertEntry(map, path[i], nest(path.slice(i + 1), value), { resource });
      if (i === path.length - 1) return this.replaceValue(entry.value, value);
      let next: IacValue = entry.value;
      if (next.kind === 'list' && next.items[0]) next = next.items[0];
      if (next.kind !== 'map') return undefined;
      map = next;
    }
    return undefined;
  }

  /**
   * Sets several properties at once, given by dotted path: maps they share are created once
   * (`StreamEncryption.EncryptionType` and `StreamEncryption.KeyId` land in one map).
   */
  setProperties(resource: IacResource, values: Record<string, FixValue>): (TextEdit | undefined)[] {
    const tree: { [key: string]: FixValue } = {};
    for (const [path, value] of Object.entries(values)) {
      const keys = path.split('.');
      let node = tree;
      keys.slice(0, -1).forEach((key) => {
        if (!isMapValue(node[key] ?? {})) node[key] = {};
        node[key] ??= {};
        node = node[key] as { [key: string]: FixValue };
      });
      node[keys[keys.length - 1]] = value;
    }
    if (!resource.properties) return this.document.format !== 'terraform' ? [this.insertEntry(resource.container, this.propertiesKey, tree)] : [undefined];
    return this.setTree(resource, tree, []);
  }

  private setTree(resource: IacResource, tree: { [key: string]: FixValue }, base: string[]): (TextEdit | undefined)[] {
    const edits: (TextEdit | undefined)[] = [];
    for (const [key, value] of Object.entries(tree)) {
      const path = [...base, key];
      let existing = base.reduce<IacValue | undefined>((map, part) => {
        const next = getValue(map?.kind === 'list' ? map.items[0] : map, part);
        return next;
      }, resource.properties);
      if (existing?.kind === 'list') existing = existing.items[0];
      const current = getValue(existing, key);
      if (current && (current.kind === 'map' || (current.kind === 'list' && current.items[0]?.kind === 'map')) && isMapValue(value)) edits.push(...this.setTree(resource, value, path));
      else edits.push(this.setProperty(resource, path, value));
    }
    return edits;
  }

  /** Adds a resource after another: a Terraform block, a CloudFormation logical id. */
  addResourceAfter(after: IacResource, name: string, type: string, properties: { [key: string]: FixValue }): TextEdit | undefined {
    if (this.document.format === 'terraform') {
      const [, label] = name.split('.');
      // As `terraform fmt` writes them: the `=` of consecutive one-line arguments aligned.
      const entries = Object.entries(properties);
      const inline = entries.map(([, value]) => this.scalarText(value) !== undefined && !String(this.scalarText(value)).includes('\n'));
      const width = (index: number) => {
        let start = index;
        while (start > 0 && inline[start - 1]) start--;
        let end = index;
        while (end + 1 < entries.length && inline[end + 1]) end++;
        return Math.max(...entries.slice(start, end + 1).map(([key]) => key.length));
      };
      const body = entries
        .map(([key, value], index) =>
          inline[index] ? `${this.eol}${this.step}${key.padEnd(width(index))} = ${this.scalarText(value)}` : `${this.eol}${this.step}${this.entryText(key, value, this.step)}`,
        )
        .join('');
      const at = after.span.end;
      return { range: this.range(at, at), newText: `${this.eol}${this.eol}resource "${type}" "${label}" {${body}${this.eol}}` };
    }
    const resources = getValue(this.document.root, 'Resources');
    if (resources?.kind !== 'map') return undefined;
    const definition: FixValue = { Type: type, Properties: properties };
    const entry = resources.entries.find((candidate) => candidate.key === after.name);
    if (!entry) return undefined;
    if (this.format === 'json' || resources.flow) {
      const indent = ' '.repeat(this.column(entry.keySpan.start));
      return { range: this.range(entry.span.end, entry.span.end), newText: `,${this.eol}${indent}${this.flowEntry(name, definition, indent)}` };
    }
    const indent = ' '.repeat(this.column(entry.keySpan.start));
    const at = this.endOfLastLine(entry.span.end);
    return { range: this.range(at, at), newText: `${this.eol}${indent}${this.entryText(name, definition, indent)}` };
  }

  /**
   * Declares a CloudFormation parameter or a Terraform variable. Nothing when one of that name
   * exists already (the fix then only refers to it).
   */
  addParameter(name: string, definition: { type: string; description: string; default?: string; secret?: boolean }): TextEdit | undefined {
    if (this.document.parameters.has(name)) return undefined;
    // ARM and Bicep fixes name no new parameter (yet).
    if (this.document.format === 'arm' || this.document.format === 'bicep') return undefined;
    if (this.document.format === 'terraform') {
      const lines = [`variable "${name}" {`, `${this.step}description = ${JSON.stringify(definition.description)}`, `${this.step}type        = ${definition.type}`];
      if (definition.default !== undefined) lines.push(`${this.step}default     = ${JSON.stringify(definition.default)}`);
      if (definition.secret) lines.push(`${this.step}sensitive   = true`);
      lines.push('}');
      const text = this.document.text;
      const end = text.length;
      const lead = text.endsWith('\n') ? this.eol : `${this.eol}${this.eol}`;
      return { range: this.range(end, end), newText: `${lead}${lines.join(this.eol)}${this.eol}` };
    }
    const root = this.document.root;
    if (!root) return undefined;
    const parameter: { [key: string]: FixValue } = { Type: definition.type, Description: definition.description };
    if (definition.default !== undefined) parameter.Default = definition.default;
    if (definition.secret) parameter.NoEcho = true;
    const parameters = getValue(root, 'Parameters');
    if (parameters?.kind === 'map' && parameters.entries.length > 0) return this.insertEntry(parameters, name, parameter);
    const resources = entryOf(root, 'Resources');
    if (!resources) return undefined;
    if (this.format === 'json' || root.flow) {
      const indent = ' '.repeat(this.column(resources.keySpan.start));
      const at = resources.keySpan.start;
      return { range: this.range(at, at), newText: `"Parameters": ${this.jsonValue({ [name]: parameter }, indent)},${this.eol}${indent}` };
    }
    // A `Parameters:` section right before `Resources:`.
    const at = this.lines.lineStart(this.lines.positionAt(resources.keySpan.start).line);
    return { range: this.range(at, at), newText: `${this.entryText('Parameters', { [name]: parameter }, '')}${this.eol}${this.eol}` };
  }
}

/** A Bicep string literal: single quotes, with `\`, `'` and `${` escaped. */
function bicepScalar(value: string | number | boolean): string {
  if (typeof value !== 'string') return String(value);
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\$\{/g, '\\${')}'`;
}

/** `['A', 'B']`, v -> `{ A: { B: v } }`. */
function nest(path: readonly string[], value: FixValue): FixValue {
  return path.reduceRight<FixValue>((inner, key) => ({ [key]: inner }), value);
}
