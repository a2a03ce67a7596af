import type { LineIndex } from '../core/lineIndex';
import type { Range } from '../core/types';
import type { LanguageKind } from './languages';

/** A comment in any language, in offsets and positions: suppressions and annotations read it. */
export interface SourceComment {
  value: string;
  range: Range;
  start: number;
  end: number;
  /**
   * A suppression written as data rather than as a comment (a CloudFormation resource's
   * `Metadata`, since JSON templates have no comments): `value` holds the directive text and it
   * covers the lines from `startLine` to `endLine` (0-based, inclusive) instead of one line.
   * `label` names it in messages.
   */
  scope?: { startLine: number; endLine: number; label: string };
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
  /**
   * Loads what parse() needs and cannot load synchronously (a WebAssembly grammar). The server
   * and the tests await prepareAdapters() once before linting; parse() before that fails.
   */
  prepare?(): Promise<void>;
}

export function isParseFailure(result: object): result is ParseFailure {
  return typeof (result as ParseFailure).message === 'string' && typeof (result as ParseFailure).offset === 'number';
}
