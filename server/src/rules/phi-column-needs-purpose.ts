import type { Classification, Classifier } from '../analysis/classifier';
import { PurposeAnnotations, purposeIn, purposePlaceholder, type PurposeAnnotation } from '../analysis/schema/annotations';
import { columnKey, declaredColumns, emptySchemaFile, tableKey, type Column, type SchemaComment, type SchemaFile } from '../analysis/schema/columns';
import { readScriptSchema, SCRIPT_SCHEMA_MARKERS } from '../analysis/schema/jsSchemaReader';
import { readPrismaSchema } from '../analysis/schema/prismaReader';
import { readSqlSchema } from '../analysis/schema/sqlReader';
import type { SchemaConfig } from '../config/config';
import type { DataType, Fix } from '../core/types';
import type { PrismaSchema } from '../parse/prisma';
import type { SqlScript } from '../parse/sql';
import { describeDataType } from './messages';
import type { Rule, RuleContext } from './rule';

const RULE_ID = 'phi-column-needs-purpose';

const SQL_MARKERS = /\btable\b/i;
const PRISMA_MARKERS = /\b(?:model|type)\s+\w+\s*\{/;

/**
 * Data-minimization gate: a new column, field or property of a schema (SQL migrations and SQL in
 * script strings, Prisma, TypeORM, Sequelize, Mongoose, Knex, Drizzle) whose name says it holds
 * PHI needs a stated purpose, `phi-purpose: <why>`, in a comment on it or right above it. "New" is
 * judged against the schema at the base of the change (context.baseline), by table and column,
 * not by changed lines; without a base every such column counts.
 */
export const phiColumnNeedsPurpose: Rule = {
  meta: {
    id: RULE_ID,
    description: 'A new schema column that holds PHI needs a stated purpose (`phi-purpose:`), so that storing it is a decision someone wrote down.',
    defaultSeverity: 'error',
    category: 'schema',
    languages: ['sql', 'prisma', 'javascript'],
    references: ['HIPAA-164.502(b)', 'CPRA-1798.100(c)', 'CPRA-1798.121'].map((id) => ({ id, title: id })),
    // The fix inserts a template a person must complete: offered one by one, never in fix-all.
    fixable: false,
    // Newness is judged against the base by table and column, not by changed lines.
    judgesChanges: true,
  },

  mayApply(text, { language }) {
    if (language === 'sql') return SQL_MARKERS.test(text);
    if (language === 'prisma') return PRISMA_MARKERS.test(text);
    return SCRIPT_SCHEMA_MARKERS.test(text);
  },

  check(context) {
    const { file, comments } = readSchema(context);
    const columns = declaredColumns(file);
    if (columns.length === 0) return;
    const annotations = new PurposeAnnotations(context.lines, [...comments, ...file.embeddedComments]);
    const commentedApart = new Map(file.columnComments.map((entry) => [`${tableKey(entry.table)}\u0000${columnKey(entry.column)}`, entry.text]));
    const encryption = context.config.schema?.requireEncryption;
    for (const column of columns) {
      const classification = classifyColumn(context.classifier, column);
      if (!classification) continue;
      if (context.baseline?.hasColumn(column.table, column.name)) continue;
      const annotation = purposeOf(column, annotations, commentedApart);
      if (annotation.state !== 'stated') report(context, column, classification, annotation);
      if (encryption) {
        const encrypted = encryptionOf(context, column, encryption, annotations);
        if (encrypted.state !== 'stated') reportUnencrypted(context, column, classification.dataType, encryption, encrypted);
      }
    }
  },
};

function readSchema(context: RuleContext): { file: SchemaFile; comments: SchemaComment[] } {
  const file = emptySchemaFile();
  if (context.language === 'javascript') {
    readScriptSchema(context.script, context.text, file);
    return { file, comments: context.script.comments };
  }
  if (context.language === 'sql') readSqlSchema(context.document.tree as SqlScript, { offset: 0, commentLeader: '--' }, file);
  else if (context.language === 'prisma') readPrismaSchema(context.document.tree as PrismaSchema, file);
  return { file, comments: context.document.comments };
}

/**
 * PHI when the column name (or the property declaring it) classifies as a field, read in its
 * table. The audit report's inventory classifies columns the same way.
 */
export function classifyColumn(classifier: Classifier, column: Column): Classification | undefined {
  const outer = [column.table, ...(column.context ?? [])];
  const leaf = column.name.split('.').pop()!;
  for (const name of column.property && column.property !== leaf ? [leaf, column.property] : [leaf]) {
    const classification = classifier.classify(name, outer);
    if (classification?.kind === 'field') return classification;
  }
  return undefined;
}

/** The column's stated purpose: near it, or kept in the database catalog. The audit report's inventory reads it too. */
export function purposeOf(column: Column, annotations: PurposeAnnotations, commentedApart: Map<string, string>): PurposeAnnotation {
  const near = annotations.of(column);
  if (near.state === 'stated') return near;
  // A purpose kept in the database catalog counts too: MySQL `COMMENT '...'`, TypeORM and
  // Sequelize `comment:`, knex `.comment()`, PostgreSQL `COMMENT ON COLUMN`.
  for (const text of [column.inlineComment, commentedApart.get(`${tableKey(column.table)}\u0000${columnKey(column.name)}`)]) {
    const found = text !== undefined ? purposeIn(text) : undefined;
    if (found?.state === 'stated') return found;
  }
  return near;
}

type EncryptionRequirement = NonNullable<SchemaConfig['requireEncryption']>;

/**
 * The optional encryption requirement (`schema.requireEncryption`): the column's type or
 * declaration names one of the project's encrypted types (a whole word: `bytea`,
 * `EncryptedString`, a TypeORM `transformer`), or a comment near it holds the annotation; an
 * annotation that ends with a colon must say how (`phi-encrypted: <how>`).
 */
function encryptionOf(context: RuleContext, column: Column, requirement: EncryptionRequirement, annotations: PurposeAnnotations): PurposeAnnotation {
  const declaration = `${column.type ?? ''} ${context.text.slice(column.declStart, column.declEnd)}`;
  if (requirement.types.some((type) => wholeWord(type).test(declaration))) return { state: 'stated' };
  const tag = requirement.annotation;
  let best: PurposeAnnotation | undefined;
  for (const comment of [...annotations.commentsNear(column).map((candidate) => candidate.value), column.inlineComment ?? '']) {
    if (!tag.endsWith(':')) {
      if (comment.toLowerCase().includes(tag.toLowerCase())) return { state: 'stated' };
      continue;
    }
    const found = purposeIn(comment, tag);
    if (found?.state === 'stated') return found;
    best ??= found;
  }
  return best ?? { state: 'missing' };
}

function wholeWord(word: string): RegExp {
  return new RegExp(`(?<![\\w$])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w$])`, 'i');
}

function reportUnencrypted(context: RuleContext, column: Column, dataType: DataType, requirement: EncryptionRequirement, annotation: PurposeAnnotation): void {
  const subject = context.baseline ? `New column \`${column.table}.${column.name}\`` : `Column \`${column.table}.${column.name}\``;
  const types = requirement.types.map((type) => `\`${type}\``);
  const how = [types.length > 0 ? `store it as ${types.length === 1 ? types[0] : `one of ${types.join(', ')}`}` : '', `state how it is encrypted with \`${requirement.annotation}${requirement.annotation.endsWith(':') ? ' <how>' : ''}\` in a comment on it`]
    .filter(Boolean)
    .join(', or ');
  const state = annotation.state === 'missing' ? 'is not shown to be encrypted' : `says \`${requirement.annotation}\` without saying how`;
  context.report({
    range: context.lines.range(column.nameStart, column.nameEnd),
    message: `${subject} (${describeDataType(dataType)}) ${state}, and this project requires PHI columns to be encrypted at rest: ${how} (HIPAA 164.312(a)(2)(iv), CWE-312).`,
    dataTypes: [dataType],
    fixes: requirement.annotation.endsWith(':') && annotation.state === 'missing' ? [annotationFix(context, column, `${requirement.annotation} <how this column is encrypted>`, 'phi-encrypted')] : [],
  });
}

function report(context: RuleContext, column: Column, classification: Classification, annotation: PurposeAnnotation): void {
  const dataType = classification.dataType;
  const display = `\`${column.table}.${column.name}\``;
  const stores = dataType.category.group === 'phi' ? 'PHI' : 'sensitive personal information';
  const subject = context.baseline ? `New column ${display}` : `Column ${display}`;
  const why = 'every new place that stores it should be a decision someone wrote down, for data minimization (HIPAA 164.502(b) minimum necessary, CPRA 1798.100(c))';
  let message: string;
  if (annotation.state === 'placeholder') {
    message = `${subject} (${describeDataType(dataType)}) stores ${stores}, and its \`phi-purpose:\` still holds a placeholder ("${annotation.text}"). Write the actual purpose: ${why}.`;
  } else if (annotation.state === 'empty') {
    message = `${subject} (${describeDataType(dataType)}) stores ${stores}, and its \`phi-purpose:\` is empty. Write why the column is needed: ${why}.`;
  } else {
    message = `${subject} (${describeDataType(dataType)}) stores ${stores} without a stated purpose. Add \`phi-purpose: <why>\` in a comment on the column or right above it: ${why}.`;
  }
  context.report({
    range: context.lines.range(column.nameStart, column.nameEnd),
    message,
    dataTypes: [dataType],
    fixes: annotation.state === 'missing' ? [annotationFix(context, column, `phi-purpose: ${purposePlaceholder(dataType.label)}`, 'phi-purpose')] : [],
  });
}

/**
 * Inserts `<leader> phi-purpose: <why this column needs DATA TYPE>` on a line of its own above the
 * column's declaration, in the language's comment syntax: `--` in SQL (also inside a multi-line
 * SQL template in a script, where the line is still SQL), `///` in Prisma (a doc comment, so it
 * reaches the generated client), `//` in scripts and above a one-line SQL string. Never safe: the
 * placeholder is reported until a person writes the purpose.
 */
function annotationFix(context: RuleContext, column: Column, annotation: string, kind: string): Fix {
  const { lines } = context;
  let line = lines.positionAt(column.declStart).line;
  let leader = column.commentLeader;
  if (column.embedded) {
    const literalLine = lines.positionAt(column.embedded.start).line;
    const isTemplate = context.text[column.embedded.start] === '`';
    if (!isTemplate || line === literalLine) {
      line = literalLine;
      leader = '//';
    }
  }
  const indent = /^\s*/.exec(lines.lineText(line))![0];
  const at = { line, character: 0 };
  return {
    title: `Add a ${kind} annotation to \`${column.table}.${column.name}\` (then ${kind === 'phi-purpose' ? 'write the purpose' : 'say how it is encrypted'})`,
    edits: [{ range: { start: at, end: at }, newText: `${indent}${leader} ${annotation}${lines.eol}` }],
    safe: false,
  };
}

export default phiColumnNeedsPurpose;
