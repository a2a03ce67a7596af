import type { LineIndex } from '../core/lineIndex';
import type { ParseAdapter, ParsedDocument, SourceComment } from './documents';

/**
 * A tolerant reader of SQL DDL, for the PostgreSQL, MySQL and SQLite dialects. It does not
 * validate SQL: it tokenizes (strings, quoted identifiers "x" `x` [x], -- # and nested block
 * comments, dollar-quoted strings) and recognizes the statements that shape a schema: CREATE
 * TABLE, ALTER TABLE (ADD / DROP / RENAME / CHANGE column, RENAME TO), DROP TABLE, RENAME TABLE
 * and COMMENT ON COLUMN. Whatever else a file holds (functions, inserts, grants, dialect syntax
 * it does not know) is skipped statement by statement, so it never fails.
 */

export type SqlTokenKind = 'word' | 'quoted' | 'string' | 'number' | 'punct' | 'other';

export interface SqlToken {
  kind: SqlTokenKind;
  /** Words and punctuation as written; quoted identifiers and strings unquoted. */
  value: string;
  start: number;
  end: number;
}

export interface SqlCommentNode {
  /** The text after `--` or `#`, or between `/*` and `*\/`. */
  value: string;
  start: number;
  end: number;
}

/** A possibly qualified name (`public.patients`); offsets are those of its last part. */
export interface SqlName {
  name: string;
  /** All parts, outermost first: ['public', 'patients']. */
  parts: string[];
  start: number;
  end: number;
}

export interface SqlColumnDef {
  name: SqlName;
  /** The type as written, whitespace collapsed (`character varying(255)`); absent in SQLite's typeless columns. */
  type?: string;
  /** MySQL's `COMMENT 'text'` column attribute. */
  comment?: string;
  /** The whole definition, name to last token. */
  start: number;
  end: number;
}

export type SqlAlterAction =
  | { kind: 'addColumn'; column: SqlColumnDef }
  | { kind: 'dropColumn'; column: SqlName }
  | { kind: 'renameColumn'; from: SqlName; to: SqlName; start: number; end: number }
  /** MySQL `CHANGE [COLUMN] old new type`: a rename (when the names differ) and a new definition. */
  | { kind: 'changeColumn'; from: SqlName; column: SqlColumnDef }
  | { kind: 'renameTable'; to: SqlName };

export type SqlStatement =
  | { kind: 'createTable'; table: SqlName; columns: SqlColumnDef[]; start: number; end: number }
  | { kind: 'alterTable'; table: SqlName; actions: SqlAlterAction[]; start: number; end: number }
  | { kind: 'dropTable'; tables: SqlName[]; start: number; end: number }
  | { kind: 'renameTable'; renames: { from: SqlName; to: SqlName }[]; start: number; end: number }
  | { kind: 'commentOnColumn'; table: SqlName; column: SqlName; text: string; start: number; end: number };

export interface SqlScript {
  statements: SqlStatement[];
  comments: SqlCommentNode[];
}

const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_PART = /[A-Za-z0-9_$\u0080-\uffff]/;
const BRACKET_IDENTIFIER = /^\[([A-Za-z_][\w $#@.-]*)\]/;

/** Tokenizes SQL. Never throws: an unterminated string or comment runs to the end of the text. */
export function tokenizeSql(text: string): { tokens: SqlToken[]; comments: SqlCommentNode[] } {
  const tokens: SqlToken[] = [];
  const comments: SqlCommentNode[] = [];
  const length = text.length;
  let i = 0;
  const lineEnd = (from: number) => {
    const newline = text.indexOf('\n', from);
    return newline < 0 ? length : text[newline - 1] === '\r' ? newline - 1 : newline;
  };
  while (i < length) {
    const ch = text[i];
    const next = text[i + 1];
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\f' || ch === '\v') {
      i++;
    } else if (ch === '-' && next === '-') {
      const end = lineEnd(i);
      comments.push({ value: text.slice(i + 2, end), start: i, end });
      i = end;
    } else if (ch === '#' && (next === undefined || /\s|!/.test(next))) {
      // MySQL's hash comment (PostgreSQL's # operator never starts a DDL token followed by a space).
      const end = lineEnd(i);
      comments.push({ value: text.slice(i + 1, end), start: i, end });
      i = end;
    } else if (ch === '/' && next === '*') {
      // PostgreSQL nests block comments; the others do not, and never write /* inside one.
      let depth = 1;
      let j = i + 2;
      while (j < length && depth > 0) {
        if (text[j] === '/' && text[j + 1] === '*') {
          depth++;
          j += 2;
        } else if (text[j] === '*' && text[j + 1] === '/') {
          depth--;
          j += 2;
        } else {
          j++;
        }
      }
      const closed = depth === 0;
      comments.push({ value: text.slice(i + 2, closed ? j - 2 : j), start: i, end: j });
      i = j;
    } else if (ch === "'" || ((ch === 'E' || ch === 'e' || ch === 'N' || ch === 'n') && next === "'")) {
      const quote = ch === "'" ? i : i + 1;
      const { value, end } = readQuoted(text, quote, "'", true);
      tokens.push({ kind: 'string', value, start: i, end });
      i = end;
    } else if (ch === '"' || ch === '`') {
      const { value, end } = readQuoted(text, i, ch, false);
      tokens.push({ kind: 'quoted', value, start: i, end });
      i = end;
    } else if (ch === '[' && BRACKET_IDENTIFIER.test(text.slice(i, i + 130))) {
      const match = BRACKET_IDENTIFIER.exec(text.slice(i, i + 130))!;
      tokens.push({ kind: 'quoted', value: match[1], start: i, end: i + match[0].length });
      i += match[0].length;
    } else if (ch === '$' && /[$A-Za-z_]/.test(next ?? '')) {
      const tag = /^\$[A-Za-z_]*\$/.exec(text.slice(i, i + 64));
      if (tag) {
        const close = text.indexOf(tag[0], i + tag[0].length);
        const end = close < 0 ? length : close + tag[0].length;
        tokens.push({ kind: 'string', value: text.slice(i + tag[0].length, close < 0 ? length : close), start: i, end });
        i = end;
      } else {
        tokens.push({ kind: 'other', value: ch, start: i, end: i + 1 });
        i++;
      }
    } else if (WORD_START.test(ch)) {
      let j = i + 1;
      while (j < length && WORD_PART.test(text[j])) j++;
      tokens.push({ kind: 'word', value: text.slice(i, j), start: i, end: j });
      i = j;
    } else if (/[0-9]/.test(ch)) {
      let j = i + 1;
      while (j < length && /[0-9.eE_]/.test(text[j])) j++;
      tokens.push({ kind: 'number', value: text.slice(i, j), start: i, end: j });
      i = j;
    } else if (ch === '(' || ch === ')' || ch === ',' || ch === ';' || ch === '.') {
      tokens.push({ kind: 'punct', value: ch, start: i, end: i + 1 });
      i++;
    } else {
      tokens.push({ kind: 'other', value: ch, start: i, end: i + 1 });
      i++;
    }
  }
  return { tokens, comments };
}

function readQuoted(text: string, open: number, quote: string, backslashEscapes: boolean): { value: string; end: number } {
  let value = '';
  let j = open + 1;
  while (j < text.length) {
    const c = text[j];
    if (backslashEscapes && c === '\\' && j + 1 < text.length) {
      value += text[j + 1];
      j += 2;
    } else if (c === quote) {
      if (text[j + 1] === quote) {
        value += quote;
        j += 2;
      } else {
        return { value, end: j + 1 };
      }
    } else {
      value += c;
      j++;
    }
  }
  return { value, end: text.length };
}

/** Reads the schema statements of a SQL text. Never throws. */
export function parseSql(text: string): SqlScript {
  const { tokens, comments } = tokenizeSql(text);
  const statements: SqlStatement[] = [];
  let from = 0;
  for (let i = 0; i <= tokens.length; i++) {
    if (i === tokens.length || (tokens[i].kind === 'punct' && tokens[i].value === ';')) {
      if (i > from) {
        try {
          const statement = readStatement(new Cursor(tokens.slice(from, i)));
          if (statement) statements.push(statement);
        } catch {
          // A statement phi-lint cannot read holds no schema it knows; the next one may.
        }
      }
      from = i + 1;
    }
  }
  return { statements, comments };
}

class Cursor {
  index = 0;
  constructor(readonly tokens: SqlToken[]) {}

  get done(): boolean {
    return this.index >= this.tokens.length;
  }

  peek(offset = 0): SqlToken | undefined {
    return this.tokens[this.index + offset];
  }

  /** Whether the next tokens are these keywords (unquoted words, any case). */
  isWord(...words: string[]): boolean {
    return words.every((word, offset) => {
      const token = this.peek(offset);
      return token?.kind === 'word' && token.value.toUpperCase() === word;
    });
  }

  eatWords(...words: string[]): boolean {
    if (!this.isWord(...words)) return false;
    this.index += words.length;
    return true;
  }

  isPunct(value: string): boolean {
    const token = this.peek();
    return token?.kind === 'punct' && token.value === value;
  }

  next(): SqlToken | undefined {
    return this.tokens[this.index++];
  }

  /** A name: identifier parts joined by dots. */
  name(): SqlName | undefined {
    const parts: SqlToken[] = [];
    for (;;) {
      const token = this.peek();
      if (!token || (token.kind !== 'word' && token.kind !== 'quoted')) break;
      parts.push(token);
      this.index++;
      if (!this.isPunct('.')) break;
      this.index++;
    }
    if (parts.length === 0) return undefined;
    const last = parts[parts.length - 1];
    return { name: last.value, parts: parts.map((part) => part.value), start: last.start, end: last.end };
  }

  /** Splits the tokens up to the end of the cursor (or the parenthesis closing the current depth) on commas at depth 0. */
  splitOnCommas(untilClose: boolean): SqlToken[][] {
    const groups: SqlToken[][] = [[]];
    let depth = 0;
    while (!this.done) {
      const token = this.next()!;
      if (token.kind === 'punct' && token.value === '(') depth++;
      if (token.kind === 'punct' && token.value === ')') {
        if (depth === 0 && untilClose) break;
        depth--;
      }
      if (depth === 0 && token.kind === 'punct' && token.value === ',') groups.push([]);
      else groups[groups.length - 1].push(token);
    }
    return groups.filter((group) => group.length > 0);
  }
}

/** Words that begin a table constraint or index rather than a column (unquoted only). */
const TABLE_CONSTRAINTS = new Set(['CONSTRAINT', 'PRIMARY', 'FOREIGN', 'UNIQUE', 'INDEX', 'KEY', 'CHECK', 'FULLTEXT', 'SPATIAL', 'EXCLUDE', 'LIKE', 'PERIOD']);
/** Words that end a column's type and begin its constraints. */
const COLUMN_ATTRIBUTES = new Set([
  'CONSTRAINT', 'NOT', 'NULL', 'DEFAULT', 'PRIMARY', 'REFERENCES', 'CHECK', 'UNIQUE', 'COLLATE', 'GENERATED', 'AUTO_INCREMENT',
  'AUTOINCREMENT', 'COMMENT', 'IDENTITY', 'AS', 'ON', 'CHARSET', 'STORAGE', 'COMPRESSION', 'INVISIBLE', 'VISIBLE', 'FIRST', 'AFTER',
  'COLUMN_FORMAT', 'ENCODE', 'SRID',
]);
const DROP_NOT_A_COLUMN = new Set(['CONSTRAINT', 'INDEX', 'KEY', 'PRIMARY', 'FOREIGN', 'CHECK', 'DEFAULT', 'PARTITION', 'TRIGGER', 'PERIOD', 'SYSTEM']);
const TABLE_MODIFIERS = ['OR', 'REPLACE', 'GLOBAL', 'LOCAL', 'TEMP', 'TEMPORARY', 'UNLOGGED', 'VIRTUAL', 'FOREIGN', 'EXTERNAL', 'TRANSIENT'];

function readStatement(cursor: Cursor): SqlStatement | undefined {
  const first = cursor.peek();
  if (!first) return undefined;
  const start = first.start;
  const end = cursor.tokens[cursor.tokens.length - 1].end;
  if (cursor.eatWords('CREATE')) {
    while (TABLE_MODIFIERS.some((word) => cursor.isWord(word))) cursor.index++;
    if (!cursor.eatWords('TABLE')) return undefined;
    cursor.eatWords('IF', 'NOT', 'EXISTS');
    const table = cursor.name();
    if (!table || !cursor.isPunct('(')) return undefined;
    cursor.index++;
    const columns = cursor
      .splitOnCommas(true)
      .map(columnDef)
      .filter((column): column is SqlColumnDef => column !== undefined);
    return { kind: 'createTable', table, columns, start, end };
  }
  if (cursor.eatWords('ALTER', 'TABLE')) {
    cursor.eatWords('IF', 'EXISTS');
    cursor.eatWords('ONLY');
    const table = cursor.name();
    if (!table) return undefined;
    if (cursor.peek()?.value === '*') cursor.index++;
    const actions = cursor
      .splitOnCommas(false)
      .flatMap((group) => alterAction(group))
      .filter((action): action is SqlAlterAction => action !== undefined);
    return { kind: 'alterTable', table, actions, start, end };
  }
  if (cursor.eatWords('DROP')) {
    while (cursor.isWord('TEMPORARY') || cursor.isWord('FOREIGN')) cursor.index++;
    if (!cursor.eatWords('TABLE')) return undefined;
    cursor.eatWords('IF', 'EXISTS');
    const tables = cursor
      .splitOnCommas(false)
      .map((group) => new Cursor(group).name())
      .filter((name): name is SqlName => name !== undefined);
    return { kind: 'dropTable', tables, start, end };
  }
  if (cursor.eatWords('RENAME', 'TABLE')) {
    const renames: { from: SqlName; to: SqlName }[] = [];
    for (const group of cursor.splitOnCommas(false)) {
      const part = new Cursor(group);
      const from = part.name();
      if (!from || !part.eatWords('TO')) continue;
      const to = part.name();
      if (to) renames.push({ from, to });
    }
    return { kind: 'renameTable', renames, start, end };
  }
  if (cursor.eatWords('COMMENT', 'ON', 'COLUMN')) {
    const target = cursor.name();
    if (!target || target.parts.length < 2 || !cursor.eatWords('IS')) return undefined;
    const text = cursor.next();
    if (text?.kind !== 'string') return undefined;
    const tableParts = target.parts.slice(0, -1);
    // The table part's offsets are not kept apart; the column's stand for both.
    const table: SqlName = { name: tableParts[tableParts.length - 1], parts: tableParts, start: target.start, end: target.end };
    return { kind: 'commentOnColumn', table, column: { name: target.name, parts: [target.name], start: target.start, end: target.end }, text: text.value, start, end };
  }
  return undefined;
}

function columnDef(group: SqlToken[]): SqlColumnDef | undefined {
  const first = group[0];
  if (!first || (first.kind !== 'word' && first.kind !== 'quoted')) return undefined;
  if (first.kind === 'word' && TABLE_CONSTRAINTS.has(first.value.toUpperCase())) return undefined;
  const name: SqlName = { name: first.value, parts: [first.value], start: first.start, end: first.end };
  let typeEnd = 1;
  let depth = 0;
  let comment: string | undefined;
  for (; typeEnd < group.length; typeEnd++) {
    const token = group[typeEnd];
    if (token.kind === 'punct' && token.value === '(') depth++;
    else if (token.kind === 'punct' && token.value === ')') depth--;
    else if (depth === 0 && token.kind === 'word') {
      const word = token.value.toUpperCase();
      if (COLUMN_ATTRIBUTES.has(word)) break;
      if (word === 'CHARACTER' && group[typeEnd + 1]?.kind === 'word' && group[typeEnd + 1].value.toUpperCase() === 'SET') break;
    }
  }
  for (let i = typeEnd; i < group.length - 1; i++) {
    if (group[i].kind === 'word' && group[i].value.toUpperCase() === 'COMMENT' && group[i + 1].kind === 'string') comment = group[i + 1].value;
  }
  const typeTokens = group.slice(1, typeEnd);
  const type = typeTokens.length > 0 ? joinTokens(typeTokens) : undefined;
  return { name, type, comment, start: first.start, end: group[group.length - 1].end };
}

/** Type text from tokens: words spaced, punctuation tight (`character varying(255)`, `numeric(10,2)`, `text[]`). */
function joinTokens(tokens: SqlToken[]): string {
  let out = '';
  let previous: SqlToken | undefined;
  for (const token of tokens) {
    const text = token.kind === 'quoted' ? `"${token.value}"` : token.kind === 'string' ? `'${token.value}'` : token.value;
    const tight = !previous || token.kind === 'punct' || token.kind === 'other' || (previous.kind === 'punct' && previous.value !== ',') || previous.kind === 'other';
    out += tight ? text : ` ${text}`;
    previous = token;
  }
  return out;
}

function alterAction(group: SqlToken[]): (SqlAlterAction | undefined)[] {
  const cursor = new Cursor(group);
  const actionStart = group[0].start;
  const actionEnd = group[group.length - 1].end;
  if (cursor.eatWords('ADD')) {
    const hasColumnWord = cursor.eatWords('COLUMN');
    cursor.eatWords('IF', 'NOT', 'EXISTS');
    if (cursor.isPunct('(')) {
      // MySQL: ADD [COLUMN] (a INT, b TEXT)
      cursor.index++;
      return cursor.splitOnCommas(true).map((inner) => {
        const column = columnDef(inner);
        return column ? { kind: 'addColumn', column } : undefined;
      });
    }
    const rest = group.slice(cursor.index);
    if (!hasColumnWord && rest[0]?.kind === 'word' && TABLE_CONSTRAINTS.has(rest[0].value.toUpperCase())) return [];
    const column = columnDef(rest);
    return column ? [{ kind: 'addColumn', column }] : [];
  }
  if (cursor.eatWords('DROP')) {
    const hasColumnWord = cursor.eatWords('COLUMN');
    if (!hasColumnWord && cursor.peek()?.kind === 'word' && DROP_NOT_A_COLUMN.has(cursor.peek()!.value.toUpperCase())) return [];
    cursor.eatWords('IF', 'EXISTS');
    const column = cursor.name();
    return column ? [{ kind: 'dropColumn', column }] : [];
  }
  if (cursor.eatWords('RENAME')) {
    if (cursor.eatWords('TO') || cursor.eatWords('AS')) {
      const to = cursor.name();
      return to ? [{ kind: 'renameTable', to }] : [];
    }
    const hasColumnWord = cursor.eatWords('COLUMN');
    if (!hasColumnWord && (cursor.isWord('CONSTRAINT') || cursor.isWord('INDEX') || cursor.isWord('KEY'))) return [];
    const from = cursor.name();
    if (!from || !cursor.eatWords('TO')) return [];
    const to = cursor.name();
    return to ? [{ kind: 'renameColumn', from, to, start: actionStart, end: actionEnd }] : [];
  }
  if (cursor.eatWords('CHANGE')) {
    cursor.eatWords('COLUMN');
    const from = cursor.name();
    const column = columnDef(group.slice(cursor.index));
    return from && column ? [{ kind: 'changeColumn', from, column }] : [];
  }
  return [];
}

/** The SQL parse adapter: its tree is a SqlScript; comments carry suppressions and annotations. */
export const sqlAdapter: ParseAdapter = {
  language: 'sql',
  parse(_filePath: string, text: string, lines: LineIndex): ParsedDocument {
    const script = parseSql(text);
    const comments: SourceComment[] = script.comments.map((comment) => ({
      value: comment.value,
      start: comment.start,
      end: comment.end,
      range: lines.range(comment.start, comment.end),
    }));
    return { language: 'sql', comments, tree: script };
  },
};
