import { singular, tokenize } from '../tokenize';

/**
 * The schema model every reader yields, whatever the language: columns (with where they are
 * written) and the operations that add, drop and rename them. A declarative source (a Prisma
 * model, a TypeORM entity, a Mongoose schema) declares columns; a migration (SQL, queryRunner,
 * knex, queryInterface) also drops and renames them, in order.
 */

export interface Column {
  /** The table (or collection, or model) as written, without schema qualification. */
  table: string;
  /** The column's name in the database (after `@map`, `{ name: ... }`, `field:`). */
  name: string;
  /** The property that declares it in code, when it differs from the column name. */
  property?: string;
  /** The type as written, when the source says: `character varying`, `String?`, `varchar`. */
  type?: string;
  /** Offsets of the name as written (the property name in code, the identifier in SQL). */
  nameStart: number;
  nameEnd: number;
  /** Offsets of the whole declaration: decorators, column definition, property. */
  declStart: number;
  declEnd: number;
  /** Names of enclosing objects, outermost first (a nested Mongoose path), for classification. */
  context?: string[];
  /** A purpose stated in the schema itself: MySQL `COMMENT '...'`, TypeORM `comment:`, knex `.comment()`. */
  inlineComment?: string;
  /** The comment leader a fix uses to annotate it (`--`, `//`, `///`). */
  commentLeader: string;
  /** The column sits in a SQL string inside a script: the string literal's offsets. */
  embedded?: { start: number; end: number };
}

export type SchemaOp =
  | { kind: 'column'; column: Column; declarative: boolean }
  | { kind: 'dropColumn'; table: string; column: string }
  | { kind: 'dropTable'; table: string }
  | { kind: 'renameColumn'; table: string; from: string; to: Column }
  | { kind: 'renameTable'; from: string; to: string };

/** A comment found in a schema source, in file offsets (SQL comments inside strings included). */
export interface SchemaComment {
  value: string;
  start: number;
  end: number;
}

export interface SchemaFile {
  ops: SchemaOp[];
  /** Comments the readers found beyond the file's own language (SQL inside script strings). */
  embeddedComments: SchemaComment[];
  /** Column comments stated apart from the column: PostgreSQL's `COMMENT ON COLUMN t.c IS '...'`. */
  columnComments: { table: string; column: string; text: string }[];
}

export function emptySchemaFile(): SchemaFile {
  return { ops: [], embeddedComments: [], columnComments: [] };
}

/**
 * The key a table is compared by: case, quotes, separators and a plural `s` do not count, so
 * that an entity `PatientVisit`, a Prisma model `patient_visit` and a SQL table `patient_visits`
 * are the same table (ORMs map one to the other by naming strategies).
 */
export function tableKey(table: string): string {
  return tokenize(unqualified(table)).map(singular).join('');
}

/** The key a column is compared by: case and separators do not count (`dateOfBirth` = `date_of_birth`). */
export function columnKey(column: string): string {
  return column
    .split('.')
    .map((part) => tokenize(part).join(''))
    .join('.');
}

/** `"public"."patients"` -> `patients`. */
function unqualified(table: string): string {
  const parts = table.split('.');
  return parts[parts.length - 1].replace(/^["`[]|["`\]]$/g, '');
}

/** Columns a source declares or adds (the ones a rule judges): added, created and renamed-to. */
export function declaredColumns(file: SchemaFile): Column[] {
  const columns: Column[] = [];
  for (const op of file.ops) {
    if (op.kind === 'column') columns.push(op.column);
    else if (op.kind === 'renameColumn') columns.push(op.to);
  }
  return columns;
}

/** What a schema holds after a sequence of operations: table key -> column keys. */
export class SchemaState {
  private readonly tables = new Map<string, Set<string>>();

  apply(op: SchemaOp): void {
    switch (op.kind) {
      case 'column':
        this.add(op.column.table, op.column.name);
        break;
      case 'dropColumn':
        this.tables.get(tableKey(op.table))?.delete(columnKey(op.column));
        break;
      case 'dropTable':
        this.tables.delete(tableKey(op.table));
        break;
      case 'renameColumn':
        this.tables.get(tableKey(op.table))?.delete(columnKey(op.from));
        this.add(op.to.table, op.to.name);
        break;
      case 'renameTable': {
        const columns = this.tables.get(tableKey(op.from));
        if (!columns) break;
        this.tables.delete(tableKey(op.from));
        const target = this.tables.get(tableKey(op.to)) ?? new Set<string>();
        for (const column of columns) target.add(column);
        this.tables.set(tableKey(op.to), target);
        break;
      }
    }
  }

  has(table: string, column: string): boolean {
    return this.tables.get(tableKey(table))?.has(columnKey(column)) ?? false;
  }

  private add(table: string, column: string): void {
    const key = tableKey(table);
    let columns = this.tables.get(key);
    if (!columns) {
      columns = new Set();
      this.tables.set(key, columns);
    }
    columns.add(columnKey(column));
  }
}

/** A set of (table, column) pairs compared by their keys. */
export class ColumnSet {
  private readonly keys = new Set<string>();

  add(table: string, column: string): void {
    this.keys.add(`${tableKey(table)}\u0000${columnKey(column)}`);
  }

  has(table: string, column: string): boolean {
    return this.keys.has(`${tableKey(table)}\u0000${columnKey(column)}`);
  }

  get size(): number {
    return this.keys.size;
  }
}
