import type { LineIndex } from '../core/lineIndex';
import type { ParseAdapter, ParsedDocument, SourceComment } from './documents';

/**
 * A tolerant reader of Prisma schema files: blocks (`model`, `type`, `view`, `enum`,
 * `datasource`, `generator`), their fields with type and attributes, `@map` / `@@map`, and the
 * `//` and `///` comments. A line it does not understand is skipped, so it never fails.
 */

export interface PrismaField {
  name: string;
  nameStart: number;
  nameEnd: number;
  /** The type as written: `String?`, `Visit[]`, `Unsupported("citext")`. */
  type: string;
  /** The type without `?`, `[]` and `!`: `String`, `Visit`. */
  baseType: string;
  /** `@map("column_name")`: the column's name in the database. */
  map?: string;
  /** Attributes as written: `@unique @db.VarChar(11)`. */
  attributes: string;
  /** The field's line, from its first to its last character (comments excluded). */
  start: number;
  end: number;
}

export interface PrismaBlock {
  keyword: string;
  name: string;
  nameStart: number;
  nameEnd: number;
  /** `@@map("table_name")`. */
  map?: string;
  fields: PrismaField[];
  start: number;
  end: number;
}

export interface PrismaCommentNode {
  /** The text after `//` (so a `///` doc comment's value starts with `/`). */
  value: string;
  start: number;
  end: number;
}

export interface PrismaSchema {
  blocks: PrismaBlock[];
  comments: PrismaCommentNode[];
}

const BLOCK_START = /^(model|type|view|enum|datasource|generator)\s+([A-Za-z_][\w]*)\s*\{/;
const FIELD = /^([A-Za-z_][\w]*)\s+([A-Za-z_][\w]*(?:\([^)]*\))?(?:\[\])?[?!]?)/;
const MAP = /@map\(\s*(?:name\s*:\s*)?"((?:[^"\\]|\\.)*)"/;
const BLOCK_MAP = /^@@map\(\s*(?:name\s*:\s*)?"((?:[^"\\]|\\.)*)"/;

/** Parses a Prisma schema. Never throws. */
export function parsePrisma(text: string): PrismaSchema {
  const blocks: PrismaBlock[] = [];
  const comments: PrismaCommentNode[] = [];
  let current: PrismaBlock | undefined;
  let lineStart = 0;
  while (lineStart <= text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline < 0 ? text.length : newline;
    const raw = text.slice(lineStart, lineEnd).replace(/\r$/, '');
    const commentAt = commentStart(raw);
    if (commentAt >= 0) comments.push({ value: raw.slice(commentAt + 2), start: lineStart + commentAt, end: lineStart + raw.length });
    const code = commentAt >= 0 ? raw.slice(0, commentAt) : raw;
    const indent = code.length - code.trimStart().length;
    const trimmed = code.trim();
    const codeStart = lineStart + indent;
    if (!current) {
      const match = BLOCK_START.exec(trimmed);
      if (match) {
        const nameStart = codeStart + trimmed.indexOf(match[2], match[1].length);
        current = { keyword: match[1], name: match[2], nameStart, nameEnd: nameStart + match[2].length, fields: [], start: codeStart, end: lineEnd };
        blocks.push(current);
        // `model A { id Int @id }` on one line is unusual but valid.
        const rest = trimmed.slice(match[0].length);
        if (rest.includes('}')) {
          const inner = rest.slice(0, rest.indexOf('}'));
          const innerStart = codeStart + match[0].length + (inner.length - inner.trimStart().length);
          if (inner.trim()) readBlockLine(current, inner.trim(), innerStart);
          current.end = lineEnd;
          current = undefined;
        }
      }
    } else if (trimmed.startsWith('}')) {
      current.end = lineStart + indent + 1;
      current = undefined;
    } else if (trimmed) {
      readBlockLine(current, trimmed, codeStart);
    }
    if (newline < 0) break;
    lineStart = newline + 1;
  }
  return { blocks, comments };
}

function readBlockLine(block: PrismaBlock, trimmed: string, start: number): void {
  const blockMap = BLOCK_MAP.exec(trimmed);
  if (blockMap) {
    block.map = blockMap[1];
    return;
  }
  if (trimmed.startsWith('@@') || block.keyword === 'enum' || block.keyword === 'datasource' || block.keyword === 'generator') return;
  const field = FIELD.exec(trimmed);
  if (!field) return;
  const attributes = trimmed.slice(field[0].length).trim();
  const map = MAP.exec(attributes)?.[1];
  block.fields.push({
    name: field[1],
    nameStart: start,
    nameEnd: start + field[1].length,
    type: field[2],
    baseType: field[2].replace(/(\[\])?[?!]?$/, ''),
    map,
    attributes,
    start,
    end: start + trimmed.length,
  });
}

/** Where a `//` comment starts on a line, outside double-quoted strings; -1 when none. */
function commentStart(line: string): number {
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') {
      inString = true;
    } else if (ch === '/' && line[i + 1] === '/') {
      return i;
    }
  }
  return -1;
}

/** The Prisma parse adapter: its tree is a PrismaSchema. */
export const prismaAdapter: ParseAdapter = {
  language: 'prisma',
  parse(_filePath: string, text: string, lines: LineIndex): ParsedDocument {
    const schema = parsePrisma(text);
    const comments: SourceComment[] = schema.comments.map((comment) => ({
      value: comment.value,
      start: comment.start,
      end: comment.end,
      range: lines.range(comment.start, comment.end),
    }));
    return { language: 'prisma', comments, tree: schema };
  },
};
