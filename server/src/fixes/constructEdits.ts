import type { ConstructDocument } from '../analysis/iac/constructs';
import { entryOf, type IacMap, type IacResource, type IacValue } from '../analysis/iac/model';
import { comparePositions, type LineIndex } from '../core/lineIndex';
import type { TextEdit } from '../core/types';
import { IacEditor, type FixExpression, type FixValue } from './iacEdits';

/**
 * Edits on the props object literal of a CDK or Pulumi construct, in TypeScript or JavaScript
 * syntax: `key: value` entries inserted after their siblings with their indentation (and the
 * trailing comma the file uses), a props argument added when the construct has none. Library
 * constants are written through the file's own imports (`s3.BucketEncryption.KMS` or
 * `BucketEncryption.KMS`, whichever the file imports).
 */

/**
 * A library constant: `{ $symbol: 's3.BucketEncryption.KMS' }`, written as the file imports it.
 * With `$import`, a file that imports the module's classes by name gets the class added to
 * that import: the fix must then carry importEdit()'s edit too.
 */
export type FixSymbol = {
  $symbol: string;
  $import?: true;
};

function isSymbol(value: FixValue | FixSymbol): value is FixSymbol {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && '$symbol' in value;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** An edit that replaces nothing: insertions at one place can be joined into one edit. */
function isInsertion(edit: TextEdit): boolean {
  return comparePositions(edit.range.start, edit.range.end) === 0;
}

export class ConstructEditor extends IacEditor {
  constructor(
    override readonly document: ConstructDocument,
    lines: LineIndex,
  ) {
    super(document, lines);
  }

  override scalarText(value: FixValue): string | undefined {
    if (isSymbol(value)) {
      const written = this.document.symbols.write(value.$symbol);
      if (written !== undefined || !value.$import) return written;
      const importable = this.document.symbols.importable(value.$symbol);
      return importable ? value.$symbol.split('.').slice(1).join('.') : undefined;
    }
    if (typeof value === 'string') return `${this.document.quote}${value.replace(/\\/g, '\\\\').replace(new RegExp(this.document.quote, 'g'), `\\${this.document.quote}`)}${this.document.quote}`;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      if ('$ref' in value) {
        // A construct of the file, by the name it is held in.
        const resource = this.document.scope.find((candidate) => candidate.name === value.$ref);
        const variable = resource ? this.document.sites.get(resource)?.variable : undefined;
        if (!variable) return undefined;
        return value.attribute ? `${variable}.${value.attribute}` : variable;
      }
      if ('$raw' in value) return (value as FixExpression).$raw.typescript;
    }
    return undefined;
  }

  /** `key: value`, a nested object written over several lines at `indent`. */
  override entryText(key: string, value: FixValue, indent: string): string {
    return `${IDENTIFIER.test(key) ? key : JSON.stringify(key)}: ${this.expression(value, indent)}`;
  }

  private expression(value: FixValue, indent: string): string {
    const inline = this.scalarText(value);
    if (inline !== undefined) return inline;
    if (Array.isArray(value)) return `[${value.map((item) => this.expression(item, indent)).join(', ')}]`;
    const map = (typeof value === 'object' && value !== null && '$object' in value ? value.$object : value) as { [key: string]: FixValue };
    const inner = indent + this.step;
    return `{${Object.entries(map)
      .map(([key, item]) => `${this.eol}${inner}${this.entryText(key, item, inner)},`)
      .join('')}${this.eol}${indent}}`;
  }

  /** Replaces a value; a shorthand property (`{ encryption }`) is written out (`encryption: ...`). */
  override replaceValue(value: IacValue, replacement: FixValue): TextEdit | undefined {
    const inline = this.scalarText(replacement);
    if (inline === undefined) return undefined;
    const written = this.document.text.slice(value.span.start, value.span.end);
    const before = this.document.text.slice(0, value.span.start).trimEnd();
    if (IDENTIFIER.test(written) && /[{,]$/.test(before)) return this.replace(value.span, `${written}: ${inline}`);
    return this.replace(value.span, inline);
  }

  /** The imports the `$import` symbols in values need, once each. */
  importEditsFor(values: FixValue[]): TextEdit[] {
    const symbols = new Map<string, FixSymbol>();
    const visit = (value: FixValue) => {
      if (isSymbol(value)) {
        if (value.$import) symbols.set(value.$symbol, value);
      } else if (Array.isArray(value)) value.forEach(visit);
      else if (typeof value === 'object' && value !== null) Object.values(value).forEach((inner) => visit(inner as FixValue));
    };
    values.forEach(visit);
    return [...symbols.values()].flatMap((symbol) => this.importEdit(symbol));
  }

  /** The import a `$import` symbol needs (none when the file can already write it). */
  importEdit(symbol: FixSymbol): TextEdit[] {
    if (!symbol.$import || this.document.symbols.write(symbol.$symbol) !== undefined) return [];
    const importable = this.document.symbols.importable(symbol.$symbol);
    return importable ? [{ range: this.lines.range(importable.at, importable.at), newText: `, ${importable.name}` }] : [];
  }

  /** Adds `key: value` to an object literal, after its last entry. */
  override insertEntry(map: IacMap, key: string, value: FixValue): TextEdit | undefined {
    if (map.entries.some((entry) => entry.key === '*')) return undefined;
    const text = this.document.text;
    const last = map.entries[map.entries.length - 1];
    const startLine = this.lines.positionAt(map.span.start).line;
    const endLine = this.lines.positionAt(map.span.end).line;
    if (!last) {
      const indent = this.indentAt(map.span.start);
      return this.replace(map.span, `{ ${this.entryText(key, value, indent)} }`);
    }
    // A trailing comma after the last entry stays where it is, and the new entry gets one too.
    const after = /^\s*,/.exec(text.slice(last.span.end, map.span.end));
    const at = after ? last.span.end + after[0].length : last.span.end;
    if (startLine === endLine) {
      return { range: this.lines.range(at, at), newText: `${after ? ' ' : ', '}${this.entryText(key, value, this.indentAt(map.span.start))}${after ? ',' : ''}` };
    }
    const indent = ' '.repeat(this.lines.positionAt(last.keySpan.start).character);
    return { range: this.lines.range(at, at), newText: `${after ? '' : ','}${this.eol}${indent}${this.entryText(key, value, indent)}${after ? ',' : ''}` };
  }

  /** Several entries at once, in order, after the object's last entry. */
  insertEntries(map: IacMap, entries: [string, FixValue][]): TextEdit | undefined {
    if (entries.length === 0) return undefined;
    if (map.entries.length === 0) return this.replace(map.span, `{ ${entries.map(([key, value]) => this.entryText(key, value, this.indentAt(map.span.start))).join(', ')} }`);
    const edits = entries.map(([key, value]) => this.insertEntry(map, key, value));
    if (edits.some((edit) => edit === undefined)) return undefined;
    // Every insertion lands at the same place: their texts in order make one edit.
    return { range: edits[0]!.range, newText: edits.map((edit) => edit!.newText).join('') };
  }

  private indentAt(offset: number): string {
    const line = this.lines.lineText(this.lines.positionAt(offset).line);
    return line.slice(0, line.length - line.trimStart().length);
  }

  /** Sets a prop, creating nested objects on the way, or a props argument when there is none. */
  override setProperty(resource: IacResource, path: readonly string[], value: FixValue): TextEdit | undefined {
    if (resource.properties) {
      // An opaque props argument (a spread, a variable): nothing can be added safely.
      if (entryOf(resource.properties, '*')) return undefined;
      return super.setProperty(resource, path, value);
    }
    const site = this.document.sites.get(resource);
    if (!site) return undefined;
    const nested = path.slice(1).reduceRight<FixValue>((inner, key) => ({ [key]: inner }), value);
    const indent = this.indentAt(site.expression.range[0]);
    // CDK constructs without an id would have no place for props; the reader gives them none.
    if (resource.format === 'cdk' && site.expression.arguments.length < 2) return undefined;
    if (resource.format === 'pulumi' && site.expression.arguments.length < 1) return undefined;
    return { range: this.lines.range(site.insertPropsAt, site.insertPropsAt), newText: `, {${this.eol}${indent}${this.step}${this.entryText(path[0], nested, indent + this.step)},${this.eol}${indent}}` };
  }

  /**
   * `new <symbol>(name, { ... });` as a statement of its own after the one that creates
   * `after` (Pulumi's split S3 resources), at that statement's indentation.
   */
  addConstructAfter(after: IacResource, symbol: string, name: string, props: { [key: string]: FixValue }): TextEdit | undefined {
    const site = this.document.sites.get(after);
    const callee = this.document.symbols.write(symbol);
    if (!site?.statementEnd || !callee) return undefined;
    const line = this.lines.positionAt(site.statementEnd).line;
    const indent = this.indentAt(this.lines.lineStart(line));
    const at = this.lines.lineEnd(line);
    const semicolon = this.document.text[site.statementEnd - 1] === ';' ? ';' : '';
    return { range: this.lines.range(at, at), newText: `${this.eol}${this.eol}${indent}new ${callee}(${this.scalarText(name)}, ${this.expression(props, indent)})${semicolon}` };
  }

  /**
   * Several props at once, by dotted path. Insertions that land at the same place (after the
   * last entry of one object) become one edit, in order; a construct without props gets one
   * props argument holding them all.
   */
  override setProperties(resource: IacResource, values: Record<string, FixValue>): (TextEdit | undefined)[] {
    if (!resource.properties) {
      const tree: { [key: string]: FixValue } = {};
      for (const [path, value] of Object.entries(values)) {
        const keys = path.split('.');
        let node = tree;
        for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as { [key: string]: FixValue };
        node[keys[keys.length - 1]] = value;
      }
      const [first, ...rest] = Object.keys(tree);
      if (first === undefined) return [];
      const edit = this.setProperty(resource, [first], tree[first]);
      if (!edit || rest.length === 0) return [edit];
      // The props argument for the first key, with the others added to it.
      const indent = this.indentAt(this.document.sites.get(resource)!.expression.range[0]) + this.step;
      const more = rest.map((key) => `${this.eol}${indent}${this.entryText(key, tree[key], indent)},`).join('');
      const close = edit.newText.lastIndexOf(`${this.eol}`);
      return [{ range: edit.range, newText: `${edit.newText.slice(0, close)}${more}${edit.newText.slice(close)}` }];
    }
    const edits = super.setProperties(resource, values);
    const merged: (TextEdit | undefined)[] = [];
    for (const edit of edits) {
      const previous = merged[merged.length - 1];
      if (edit && previous && isInsertion(previous) && isInsertion(edit) && comparePositions(previous.range.start, edit.range.start) === 0) merged[merged.length - 1] = { range: previous.range, newText: previous.newText + edit.newText };
      else merged.push(edit);
    }
    return merged;
  }

  override addResourceAfter(): TextEdit | undefined {
    return undefined;
  }

  override addParameter(): TextEdit | undefined {
    return undefined;
  }
}
