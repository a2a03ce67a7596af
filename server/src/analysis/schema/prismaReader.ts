import { parsePrisma, type PrismaSchema } from '../../parse/prisma';
import type { SchemaFile } from './columns';

/** Prisma's scalar types; a field of any other type is a relation, an enum or a composite type. */
const SCALARS = new Set(['String', 'Boolean', 'Int', 'BigInt', 'Float', 'Decimal', 'DateTime', 'Json', 'Bytes', 'Unsupported']);

/**
 * Columns of a Prisma schema: the scalar, enum and composite-type fields of each model and
 * composite type (relation fields hold no column). The table is `@@map` or the model name; the
 * column is `@map` or the field name.
 */
export function readPrismaSchema(schema: PrismaSchema, into: SchemaFile): void {
  const models = new Set(schema.blocks.filter((block) => block.keyword === 'model' || block.keyword === 'view').map((block) => block.name));
  for (const block of schema.blocks) {
    if (block.keyword !== 'model' && block.keyword !== 'type') continue;
    const table = block.map ?? block.name;
    for (const field of block.fields) {
      const base = field.baseType.replace(/\(.*$/, '');
      if (!SCALARS.has(base) && models.has(base)) continue;
      if (/@relation\b/.test(field.attributes)) continue;
      into.ops.push({
        kind: 'column',
        declarative: true,
        column: {
          table,
          name: field.map ?? field.name,
          property: field.map ? field.name : undefined,
          type: field.type,
          nameStart: field.nameStart,
          nameEnd: field.nameEnd,
          declStart: field.start,
          declEnd: field.end,
          commentLeader: '///',
        },
      });
    }
  }
}

export function readPrismaText(text: string, into: SchemaFile): void {
  readPrismaSchema(parsePrisma(text), into);
}
