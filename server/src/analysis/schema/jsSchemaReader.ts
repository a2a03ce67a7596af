import type { TSESTree } from '@typescript-eslint/types';
import { parseSql } from '../../parse/sql';
import { walk, type ParsedScript } from '../../parse/typescript';
import type { Column, SchemaFile } from './columns';
import { readSqlSchema } from './sqlReader';

type Node = TSESTree.Node;

/**
 * Columns and schema operations in TypeScript and JavaScript:
 * - TypeORM entities (`@Entity`, `@Column`, `@PrimaryColumn`, ...), sequelize-typescript
 *   (`@Table`, `@Column`) and MikroORM (`@Entity`, `@Property`): declarative;
 * - Sequelize `sequelize.define('Patient', {...})` and `Patient.init({...}, { sequelize })`:
 *   declarative; its migrations `queryInterface.createTable / addColumn / removeColumn /
 *   renameColumn / renameTable / dropTable`;
 * - Mongoose `new Schema({...})`, named after `model('Patient', schema)` when the file says so:
 *   declarative, nested paths included;
 * - Knex `knex.schema.createTable / alterTable / table('t', (table) => { table.string('c') })`;
 * - Drizzle `pgTable / mysqlTable / sqliteTable('t', { c: text('c') })`: declarative;
 * - SQL in string and template literals (`queryRunner.query(...)`, `knex.raw(...)`,
 *   ``sql`...` ``): the SQL reader on the literal's content, offsets mapped back to the file.
 * Migration `down` functions are skipped: they undo what `up` did.
 */

/**
 * Cheap test for the raw text: only a file that matches can hold a schema this reader knows.
 * ORM names match by case (`Schema(` but not `schema(`); SQL keywords in any case.
 */
const MARKER_ALTERNATIVES = [
  '@Entity', '@Table', '@Property', 'Column\\(', '\\.define\\(', '\\.init\\(', 'addColumn', 'removeColumn', 'renameColumn', 'createTable',
  'alterTable', 'dropTable', 'renameTable', 'Schema\\(', 'schema\\.table\\(', 'pgTable', 'mysqlTable', 'sqliteTable', 'singlestoreTable',
];
const SQL_MARKER_PHRASES = ['create table', 'alter table', 'drop table', 'rename table', 'comment on column'];
/** `create table` -> `[Cc][Rr][Ee][Aa][Tt][Ee]<space>[Tt][Aa][Bb][Ll][Ee]`, with the space left to the caller. */
const anyCase = (phrase: string, space: string) =>
  phrase
    .split(' ')
    .map((word) => [...word].map((letter) => `[${letter.toUpperCase()}${letter}]`).join(''))
    .join(space);
export const SCRIPT_SCHEMA_MARKERS = new RegExp([...MARKER_ALTERNATIVES, ...SQL_MARKER_PHRASES.map((phrase) => anyCase(phrase, '\\s+'))].join('|'));
/** The same test as a POSIX extended regular expression (for `git grep -E`). */
export const SCRIPT_SCHEMA_MARKERS_ERE = [...MARKER_ALTERNATIVES, ...SQL_MARKER_PHRASES.map((phrase) => anyCase(phrase, '[[:space:]]+'))].join('|');

const SQL_DDL = /\b(create\s+(?:\w+\s+)*table|alter\s+table|drop\s+table|rename\s+table|comment\s+on\s+column)\b/i;

const ENTITY_DECORATORS = new Set(['Entity', 'Table']);
const COLUMN_DECORATORS = new Set([
  'Column', 'PrimaryColumn', 'PrimaryGeneratedColumn', 'CreateDateColumn', 'UpdateDateColumn', 'DeleteDateColumn', 'VersionColumn', 'ObjectIdColumn',
  // MikroORM, inside an @Entity class only.
  'Property', 'PrimaryKey', 'SerializedPrimaryKey', 'Enum',
]);
const MIKRO_ONLY = new Set(['Property', 'PrimaryKey', 'SerializedPrimaryKey', 'Enum']);
const DRIZZLE_TABLES = new Set(['pgTable', 'mysqlTable', 'sqliteTable', 'singlestoreTable']);
const KNEX_COLUMN_TYPES = new Set([
  'increments', 'bigIncrements', 'integer', 'bigInteger', 'bigint', 'tinyint', 'smallint', 'mediumint', 'text', 'string', 'float', 'double', 'decimal',
  'boolean', 'date', 'datetime', 'time', 'timestamp', 'binary', 'enum', 'enu', 'json', 'jsonb', 'uuid', 'ulid', 'specificType', 'geometry',
  'geography', 'point', 'varchar', 'char',
]);

/** Reads the schema a parsed script declares or migrates. Never throws on shapes it does not know. */
export function readScriptSchema(script: ParsedScript, text: string, into: SchemaFile): void {
  if (!SCRIPT_SCHEMA_MARKERS.test(text)) return;
  new ScriptSchemaReader(script, text, into).read();
}

class ScriptSchemaReader {
  /** Mongoose: schema variable or schema node -> model name, from `model('Patient', schema)`. */
  private readonly modelNames = new Map<string | Node, string>();

  constructor(
    private readonly script: ParsedScript,
    private readonly text: string,
    private readonly into: SchemaFile,
  ) {}

  read(): void {
    this.collectModelNames();
    walk(this.script.ast, (node) => {
      if (isDownFunction(node)) return false;
      switch (node.type) {
        case 'ClassDeclaration':
        case 'ClassExpression':
          this.readClass(node);
          return undefined;
        case 'CallExpression':
          return this.readCall(node);
        case 'NewExpression':
          if (isMongooseSchema(node)) this.readMongoose(node);
          return undefined;
        case 'Literal':
          if (typeof node.value === 'string' && SQL_DDL.test(node.value)) this.readSqlLiteral(node.range[0] + 1, node.range[1] - 1, undefined, node);
          return undefined;
        case 'TemplateLiteral':
          if (node.quasis.some((quasi) => SQL_DDL.test(quasi.value.raw))) this.readSqlLiteral(node.range[0] + 1, node.range[1] - 1, node.quasis, node);
          return undefined;
        default:
          return undefined;
      }
    });
  }

  // ---- TypeORM, sequelize-typescript, MikroORM ----

  private readClass(node: TSESTree.ClassDeclaration | TSESTree.ClassExpression): void {
    const entity = (node.decorators ?? []).find((decorator) => ENTITY_DECORATORS.has(decoratorName(decorator) ?? ''));
    const className = node.id?.name;
    let table = className ?? 'entity';
    if (entity) {
      const args = decoratorArgs(entity);
      const named = stringValue(args[0]) ?? stringValue(propertyOf(args.find(isObject), 'name')) ?? stringValue(propertyOf(args.find(isObject), 'tableName'));
      if (named) table = named;
    }
    for (const member of node.body.body) {
      if (member.type !== 'PropertyDefinition' && member.type !== 'TSAbstractPropertyDefinition') continue;
      const decorator = (member.decorators ?? []).find((candidate) => {
        const name = decoratorName(candidate) ?? '';
        return COLUMN_DECORATORS.has(name) && (entity !== undefined || !MIKRO_ONLY.has(name));
      });
      if (!decorator || member.computed) continue;
      const property = keyName(member.key);
      if (!property) continue;
      const args = decoratorArgs(decorator);
      const options = args.find(isObject);
      const name = stringValue(propertyOf(options, 'name')) ?? stringValue(propertyOf(options, 'field')) ?? stringValue(propertyOf(options, 'fieldName')) ?? property;
      const typeNode = args[0] && !isObject(args[0]) ? args[0] : propertyOf(options, 'type');
      const type = typeNode ? this.typeText(typeNode) : member.typeAnnotation ? this.source(member.typeAnnotation.typeAnnotation) : undefined;
      const decorators = member.decorators ?? [];
      const declStart = Math.min(member.range[0], ...decorators.map((candidate) => candidate.range[0]));
      this.push(
        {
          table,
          name,
          property: name !== property ? property : undefined,
          type,
          ...this.keyRange(member.key),
          declStart,
          declEnd: member.range[1],
          inlineComment: stringValue(propertyOf(options, 'comment')),
          commentLeader: '//',
        },
        true,
      );
    }
  }

  // ---- calls: Sequelize, Knex, Drizzle, Mongoose ----

  /** Returns false when the call's arguments were read whole and need no further walk. */
  private readCall(node: TSESTree.CallExpression): boolean | undefined {
    const name = calleeName(node.callee);
    if (!name) return undefined;
    const args = node.arguments;
    if (DRIZZLE_TABLES.has(name) || (name === 'table' && node.callee.type === 'MemberExpression' && isObjectOrObjectFactory(args[1]))) {
      const table = stringValue(args[0]);
      const columns = objectOrFactoryResult(args[1]);
      if (table && columns) {
        this.readDrizzle(table, columns);
        return false;
      }
    }
    if (isMongooseSchema(node)) {
      this.readMongoose(node);
      return undefined;
    }
    switch (name) {
      case 'define': {
        const model = stringValue(args[0]);
        if (model && isObject(args[1])) {
          const table = stringValue(propertyOf(asObject(args[2]), 'tableName')) ?? model;
          this.readSequelizeAttributes(table, args[1], true);
        }
        return undefined;
      }
      case 'init': {
        const options = asObject(args[1]);
        if (isObject(args[0]) && options && (propertyOf(options, 'sequelize') || propertyOf(options, 'tableName') || propertyOf(options, 'modelName'))) {
          const owner = node.callee.type === 'MemberExpression' && node.callee.object.type === 'Identifier' ? node.callee.object.name : undefined;
          const table = stringValue(propertyOf(options, 'tableName')) ?? stringValue(propertyOf(options, 'modelName')) ?? owner;
          if (table) this.readSequelizeAttributes(table, args[0], true);
        }
        return undefined;
      }
      case 'addColumn': {
        const table = tableArgument(args[0]);
        const column = args[1];
        if (table && column && isStringLiteral(column)) {
          const options = asObject(args[2]);
          this.push(
            {
              table,
              name: column.value as string,
              type: options ? this.typeText(propertyOf(options, 'type')) : args[2] ? this.typeText(args[2]) : undefined,
              nameStart: column.range[0] + 1,
              nameEnd: column.range[1] - 1,
              declStart: node.range[0],
              declEnd: node.range[1],
              inlineComment: stringValue(propertyOf(options, 'comment')),
              commentLeader: '//',
            },
            false,
          );
        }
        return undefined;
      }
      case 'removeColumn': {
        const table = tableArgument(args[0]);
        const column = stringValue(args[1]);
        if (table && column) this.into.ops.push({ kind: 'dropColumn', table, column });
        return undefined;
      }
      case 'renameColumn': {
        const table = tableArgument(args[0]);
        if (table) this.pushRename(table, args[1], args[2], node);
        return undefined;
      }
      case 'dropTable':
      case 'dropTableIfExists': {
        const table = tableArgument(args[0]);
        if (table) this.into.ops.push({ kind: 'dropTable', table });
        return undefined;
      }
      case 'renameTable': {
        const from = tableArgument(args[0]);
        const to = tableArgument(args[1]);
        if (from && to) this.into.ops.push({ kind: 'renameTable', from, to });
        return undefined;
      }
      case 'createTable':
      case 'createTableIfNotExists':
      case 'alterTable':
      case 'table': {
        const table = tableArgument(args[0]);
        if (!table) return undefined;
        if (isObject(args[1]) && name !== 'table') {
          // Sequelize's queryInterface.createTable('patients', { ... })
          this.readSequelizeAttributes(table, args[1], false);
          return undefined;
        }
        const callback = args[1];
        if (callback && (callback.type === 'ArrowFunctionExpression' || callback.type === 'FunctionExpression')) {
          const param = callback.params[0];
          if (param?.type === 'Identifier') this.readKnexBuilder(table, param.name, callback.body);
        }
        return undefined;
      }
      default:
        return undefined;
    }
  }

  private readSequelizeAttributes(table: string, attributes: TSESTree.ObjectExpression, declarative: boolean): void {
    for (const property of attributes.properties) {
      if (property.type !== 'Property' || property.computed) continue;
      const key = keyName(property.key);
      if (!key) continue;
      const value = property.value;
      if (value.type === 'FunctionExpression' || value.type === 'ArrowFunctionExpression') continue;
      const options = asObject(value);
      const typeNode = options ? propertyOf(options, 'type') : value;
      const type = this.typeText(typeNode);
      if (type && /\bVIRTUAL\b/.test(type)) continue;
      const field = stringValue(propertyOf(options, 'field'));
      this.push(
        {
          table,
          name: field ?? key,
          property: field && field !== key ? key : undefined,
          type,
          ...this.keyRange(property.key),
          declStart: property.range[0],
          declEnd: property.range[1],
          inlineComment: stringValue(propertyOf(options, 'comment')),
          commentLeader: '//',
        },
        declarative,
      );
    }
  }

  /** `(table) => { table.string('ssn').comment('...'); table.dropColumn('x'); }` */
  private readKnexBuilder(table: string, param: string, body: Node): void {
    walk(body, (node) => {
      if (node.type !== 'CallExpression') return undefined;
      const chain = callChain(node);
      if (!chain || chain.root !== param) return undefined;
      const [builder, ...modifiers] = chain.calls;
      const method = builder.name;
      const args = builder.node.arguments;
      if (KNEX_COLUMN_TYPES.has(method)) {
        const column = args[0];
        if (column && isStringLiteral(column)) {
          const comment = modifiers.find((call) => call.name === 'comment');
          this.push(
            {
              table,
              name: column.value as string,
              type: method === 'specificType' ? (stringValue(args[1]) ?? method) : method,
              nameStart: column.range[0] + 1,
              nameEnd: column.range[1] - 1,
              declStart: node.range[0],
              declEnd: node.range[1],
              inlineComment: comment ? stringValue(comment.node.arguments[0]) : undefined,
              commentLeader: '//',
            },
            false,
          );
        }
      } else if (method === 'dropColumn' || method === 'dropColumns') {
        for (const arg of args) {
          const column = stringValue(arg);
          if (column) this.into.ops.push({ kind: 'dropColumn', table, column });
        }
      } else if (method === 'renameColumn') {
        this.pushRename(table, args[0], args[1], node);
      }
      return false;
    });
  }

  /** `pgTable('patients', { ssn: text('ssn').notNull() })` */
  private readDrizzle(table: string, columns: TSESTree.ObjectExpression): void {
    for (const property of columns.properties) {
      if (property.type !== 'Property' || property.computed) continue;
      const key = keyName(property.key);
      if (!key || property.value.type !== 'CallExpression') continue;
      const chain = callChain(property.value);
      const builder = chain?.calls[0] ?? (property.value.callee.type === 'Identifier' ? { name: property.value.callee.name, node: property.value } : undefined);
      if (!builder) continue;
      const named = stringValue(builder.node.arguments[0]);
      this.push(
        {
          table,
          name: named ?? key,
          property: named && named !== key ? key : undefined,
          type: builder.name,
          ...this.keyRange(property.key),
          declStart: property.range[0],
          declEnd: property.range[1],
          commentLeader: '//',
        },
        true,
      );
    }
  }

  // ---- Mongoose ----

  private collectModelNames(): void {
    if (!/\bmodel\s*[(<]/.test(this.text)) return;
    walk(this.script.ast, (node) => {
      if (node.type !== 'CallExpression' || calleeName(node.callee) !== 'model') return undefined;
      const name = stringValue(node.arguments[0]);
      const schema = node.arguments[1];
      if (!name || !schema) return undefined;
      if (schema.type === 'Identifier') this.modelNames.set(schema.name, name);
      else this.modelNames.set(schema, name);
      return undefined;
    });
  }

  private readMongoose(node: TSESTree.NewExpression | TSESTree.CallExpression): void {
    const definition = node.arguments[0];
    if (!isObject(definition)) return;
    const parent = this.script.parents.get(node);
    const variable = parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier' ? parent.id.name : undefined;
    const table = this.modelNames.get(node) ?? (variable ? (this.modelNames.get(variable) ?? (variable.replace(/Schema$/i, '') || variable)) : 'schema');
    this.readMongooseFields(table, definition, []);
  }

  private readMongooseFields(table: string, definition: TSESTree.ObjectExpression, path: string[]): void {
    for (const property of definition.properties) {
      if (property.type !== 'Property' || property.computed) continue;
      const key = keyName(property.key);
      if (!key) continue;
      let value: Node = property.value;
      if (value.type === 'ArrayExpression' && value.elements.length === 1 && value.elements[0]?.type === 'ObjectExpression' && !propertyOf(value.elements[0], 'type')) {
        value = value.elements[0];
      }
      if (value.type === 'ObjectExpression' && !propertyOf(value, 'type')) {
        this.readMongooseFields(table, value, [...path, key]);
        continue;
      }
      if (value.type === 'FunctionExpression' || value.type === 'ArrowFunctionExpression') continue;
      const options = asObject(value);
      this.push(
        {
          table,
          name: [...path, key].join('.'),
          property: path.length > 0 ? key : undefined,
          type: this.typeText(options ? propertyOf(options, 'type') : value),
          ...this.keyRange(property.key),
          declStart: property.range[0],
          declEnd: property.range[1],
          context: path.length > 0 ? path : undefined,
          commentLeader: '//',
        },
        true,
      );
    }
  }

  // ---- SQL in strings ----

  private readSqlLiteral(start: number, end: number, quasis: TSESTree.TemplateElement[] | undefined, literal: Node): void {
    if (end <= start) return;
    let content: string;
    if (quasis) {
      // Interpolations become identifier characters of the same length, so offsets map 1:1.
      const chars = new Array<string>(end - start).fill('_');
      for (const quasi of quasis) {
        const rawStart = quasi.range[0] + 1;
        for (let i = 0; i < quasi.value.raw.length; i++) {
          const at = rawStart + i - start;
          if (at >= 0 && at < chars.length) chars[at] = this.text[rawStart + i];
        }
      }
      content = chars.join('');
    } else {
      content = this.text.slice(start, end);
    }
    // Escapes keep their length: `\n` becomes two spaces, `\'` a space and the quote.
    content = content.replace(/\\(.)/gs, (_match, ch: string) => (/[ntrbfv0\n]/.test(ch) ? '  ' : ` ${ch}`));
    readSqlSchema(parseSql(content), { offset: start, source: this.text, embedded: { start: literal.range[0], end: literal.range[1] }, commentLeader: '--' }, this.into);
  }

  // ---- helpers ----

  /** `renameColumn(table, from, to)` in Sequelize and Knex: the new name is a column declared here. */
  private pushRename(table: string, fromNode: Node | undefined, to: Node | undefined, node: Node): void {
    const from = fromNode && stringValue(fromNode);
    if (!from || !to || !isStringLiteral(to)) return;
    this.into.ops.push({
      kind: 'renameColumn',
      table,
      from,
      to: { table, name: to.value as string, nameStart: to.range[0] + 1, nameEnd: to.range[1] - 1, declStart: node.range[0], declEnd: node.range[1], commentLeader: '//' },
    });
  }

  private push(column: Column, declarative: boolean): void {
    this.into.ops.push({ kind: 'column', column, declarative });
  }

  private source(node: Node): string {
    return this.text.slice(node.range[0], node.range[1]);
  }

  /** A type as written: `'varchar'` -> varchar, `DataTypes.STRING(11)` -> DataTypes.STRING(11), `String` -> String. */
  private typeText(node: Node | undefined): string | undefined {
    if (!node) return undefined;
    const value = stringValue(node);
    if (value !== undefined) return value;
    if (node.type === 'ArrowFunctionExpression' || node.type === 'FunctionExpression' || node.type === 'ObjectExpression') return undefined;
    return this.source(node).replace(/\s+/g, ' ');
  }

  /** The range of a property key's name (inside the quotes for a string key). */
  private keyRange(key: Node): { nameStart: number; nameEnd: number } {
    if (key.type === 'Literal') return { nameStart: key.range[0] + 1, nameEnd: key.range[1] - 1 };
    return { nameStart: key.range[0], nameEnd: key.range[1] };
  }
}

function isDownFunction(node: Node): boolean {
  switch (node.type) {
    case 'MethodDefinition':
    case 'Property':
    case 'PropertyDefinition':
      return !node.computed && keyName(node.key) === 'down';
    case 'FunctionDeclaration':
      return node.id?.name === 'down';
    case 'VariableDeclarator':
      return node.id.type === 'Identifier' && node.id.name === 'down';
    case 'AssignmentExpression':
      return node.left.type === 'MemberExpression' && !node.left.computed && node.left.property.type === 'Identifier' && node.left.property.name === 'down';
    default:
      return false;
  }
}

function isMongooseSchema(node: TSESTree.NewExpression | TSESTree.CallExpression): boolean {
  const callee = node.callee;
  const named = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier' ? callee.property.name : undefined;
  if (named !== 'Schema') return false;
  // `new Schema({...})` anywhere; a bare `Schema({...})` call only as mongoose.Schema.
  return node.type === 'NewExpression' || callee.type === 'MemberExpression';
}

function calleeName(callee: Node): string | undefined {
  if (callee.type === 'Identifier') return callee.name;
  if (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier') return callee.property.name;
  return undefined;
}

/** `t.string('ssn').notNull().comment('x')` -> root `t`, calls innermost first. */
function callChain(node: TSESTree.CallExpression): { root: string; calls: { name: string; node: TSESTree.CallExpression }[] } | undefined {
  const calls: { name: string; node: TSESTree.CallExpression }[] = [];
  let current: Node = node;
  while (current.type === 'CallExpression' && current.callee.type === 'MemberExpression' && !current.callee.computed && current.callee.property.type === 'Identifier') {
    calls.unshift({ name: current.callee.property.name, node: current });
    current = current.callee.object;
  }
  if (current.type === 'CallExpression' && current.callee.type === 'Identifier') {
    // Drizzle: `text('ssn').notNull()` starts with a plain call.
    calls.unshift({ name: current.callee.name, node: current });
    return { root: '', calls };
  }
  if (current.type !== 'Identifier' || calls.length === 0) return undefined;
  return { root: current.name, calls };
}

function decoratorName(decorator: TSESTree.Decorator): string | undefined {
  const expression = decorator.expression.type === 'CallExpression' ? decorator.expression.callee : decorator.expression;
  return calleeName(expression);
}

function decoratorArgs(decorator: TSESTree.Decorator): TSESTree.CallExpressionArgument[] {
  return decorator.expression.type === 'CallExpression' ? decorator.expression.arguments : [];
}

function keyName(key: Node): string | undefined {
  if (key.type === 'Identifier') return key.name;
  if (key.type === 'Literal' && (typeof key.value === 'string' || typeof key.value === 'number')) return String(key.value);
  return undefined;
}

function isObject(node: Node | undefined): node is TSESTree.ObjectExpression {
  return node?.type === 'ObjectExpression';
}

function asObject(node: Node | undefined): TSESTree.ObjectExpression | undefined {
  return isObject(node) ? node : undefined;
}

function isStringLiteral(node: Node): node is TSESTree.StringLiteral {
  return node.type === 'Literal' && typeof node.value === 'string';
}

function isObjectOrObjectFactory(node: Node | undefined): boolean {
  return objectOrFactoryResult(node) !== undefined;
}

/** `{ ... }` or `(t) => ({ ... })`: Drizzle's two ways of listing columns. */
function objectOrFactoryResult(node: Node | undefined): TSESTree.ObjectExpression | undefined {
  if (isObject(node)) return node;
  if (node?.type === 'ArrowFunctionExpression' && isObject(node.body)) return node.body;
  return undefined;
}

function propertyOf(object: TSESTree.ObjectExpression | undefined, name: string): Node | undefined {
  if (!object) return undefined;
  for (const property of object.properties) {
    if (property.type === 'Property' && !property.computed && keyName(property.key) === name) return property.value;
  }
  return undefined;
}

/** A string literal's value, or a template literal without interpolation. */
function stringValue(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0].value.cooked ?? undefined;
  return undefined;
}

/** Sequelize and knex accept `'patients'` or `{ tableName: 'patients', schema: 'public' }`. */
function tableArgument(node: Node | undefined): string | undefined {
  return stringValue(node) ?? stringValue(propertyOf(asObject(node), 'tableName'));
}
