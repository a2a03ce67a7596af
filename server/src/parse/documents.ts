import type { LineIndex } from '../core/lineIndex';
import type { Range } from '../core/types';
import type { LanguageKind } from './languages';

/** A comment in any language, in offsets and positions: suppressions and annotations read it. */
export interface SourceComment {
  value: string;
  range: Range;
  start: number;
  end: number;
}

/** What a parse adapter returns for a language other than JavaScript. */
export interface ParsedDocument {
  language: LanguageKind;
  comments: SourceComment[];
  /** The adapter's own tree; rules for that language know its shape. */
  tree: unknown;
}

export interface ParseFailure {
  message: string;
  offset: number;
}

/** Parses one language with exact positions. Registered in parse/adapters.ts. */
export interface ParseAdapter {
  language: LanguageKind;
  parse(filePath: string, text: string, lines: LineIndex): ParsedDocument | ParseFailure;
}

export function isParseFailure(result: object): result is ParseFailure {
  return typeof (result as ParseFailure).message === 'string' && typeof (result as ParseFailure).offset === 'number';
}
