import { parseSql, type SqlColumnDef, type SqlName, type SqlScript } from '../../parse/sql';
import type { Column, SchemaFile } from './columns';

/**
 * Where a SQL text sits in its file: a .sql file is the text itself; SQL inside a script string
 * starts at the string's content, and names built by interpolation (`${table}`) are read back
 * from the source as they are written.
 */
export interface SqlOrigin {
  /** File offset of the SQL text's first character. */
  offset: number;
  /** The file's text, to read interpolated names back. */
  source?: string;
  /** The string literal holding the SQL, when it is embedded in a script. */
  embedded?: { start: number; end: number };
  commentLeader: string;
}

/** Schema operations of a SQL text, in statement order, with file offsets. */
export function readSqlSchema(script: SqlScript, origin: SqlOrigin, into: SchemaFile): void {
  const at = (offset: number) => offset + origin.offset;
  const nameOf = (name: SqlName) => {
    if (origin.source && name.name.includes('__')) {
      const written = origin.source.slice(at(name.start), at(name.end));
      if (written.includes('${')) return written;
    }
    return name.name;
  };
  const column = (table: string, def: SqlColumnDef): Column => ({
    table,
    name: nameOf(def.name),
    type: def.type,
    nameStart: at(def.name.start),
    nameEnd: at(def.name.end),
    declStart: at(def.start),
    declEnd: at(def.end),
    inlineComment: def.comment,
    commentLeader: origin.commentLeader,
    embedded: origin.embedded,
  });
  for (const statement of script.statements) {
    switch (statement.kind) {
      case 'createTable': {
        const table = nameOf(statement.table);
        for (const def of statement.columns) into.ops.push({ kind: 'column', column: column(table, def), declarative: false });
        break;
      }
      case 'alterTable': {
        let table = nameOf(statement.table);
        for (const action of statement.actions) {
          switch (action.kind) {
            case 'addColumn':
              into.ops.push({ kind: 'column', column: column(table, action.column), declarative: false });
              break;
            case 'dropColumn':
              into.ops.push({ kind: 'dropColumn', table, column: nameOf(action.column) });
              break;
            case 'renameColumn':
              into.ops.push({
                kind: 'renameColumn',
                table,
                from: nameOf(action.from),
                to: column(table, { name: action.to, start: action.start, end: action.end }),
              });
              break;
            case 'changeColumn': {
              const to = column(table, action.column);
              if (nameOf(action.from).toLowerCase() === to.name.toLowerCase()) into.ops.push({ kind: 'column', column: to, declarative: false });
              else into.ops.push({ kind: 'renameColumn', table, from: nameOf(action.from), to });
              break;
            }
            case 'renameTable': {
              const to = nameOf(action.to);
              into.ops.push({ kind: 'renameTable', from: table, to });
              table = to;
              break;
            }
          }
        }
        break;
      }
      case 'dropTable':
        for (const table of statement.tables) into.ops.push({ kind: 'dropTable', table: nameOf(table) });
        break;
      case 'renameTable':
        for (const rename of statement.renames) into.ops.push({ kind: 'renameTable', from: nameOf(rename.from), to: nameOf(rename.to) });
        break;
      case 'commentOnColumn':
        into.columnComments.push({ table: nameOf(statement.table), column: nameOf(statement.column), text: statement.text });
        break;
    }
  }
  if (origin.embedded) {
    for (const comment of script.comments) into.embeddedComments.push({ value: comment.value, start: at(comment.start), end: at(comment.end) });
  }
}

/** Reads a .sql file's text. */
export function readSqlText(text: string, into: SchemaFile): void {
  readSqlSchema(parseSql(text), { offset: 0, commentLeader: '--' }, into);
}
