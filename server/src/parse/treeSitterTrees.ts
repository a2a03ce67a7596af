import type { Node as TsNode } from 'web-tree-sitter';
import type { LineIndex } from '../core/lineIndex';
import type { LanguageKind } from './languages';
import type { ParseAdapter, ParsedDocument, ParseFailure, SourceComment } from './documents';

/** What the tree-sitter based parsers (Terraform, Bicep) give: their tree, comments, first error. */
export interface TreeSitterParse<T> {
  file: T;
  comments: { start: number; end: number; value: string }[];
  error?: { message: string; offset: number };
}

/** A literal: the Terraform and Bicep trees write them alike, and analysis/iac reads them with one function. */
export type Literal = { start: number; end: number } & ({ type: 'string'; value: string } | { type: 'number'; value: number } | { type: 'bool'; value: boolean } | { type: 'null' });

const LITERAL_TYPES: ReadonlySet<string> = new Set<Literal['type']>(['string', 'number', 'bool', 'null']);

export function isLiteral(expr: { type: string }): expr is Literal {
  return LITERAL_TYPES.has(expr.type);
}

/** A node's offsets in the text. */
export function span(node: TsNode): { start: number; end: number } {
  return { start: node.startIndex, end: node.endIndex };
}

/** A node's named children, comments left out (they may stand anywhere). */
export function named(node: TsNode): TsNode[] {
  return node.namedChildren.filter((child): child is TsNode => child !== null && child.type !== 'comment');
}

/** The comments of a tree, without their markers: `#` (HCL), `//`, `/* *\/`. */
export function commentsOf(root: TsNode): TreeSitterParse<unknown>['comments'] {
  return root.descendantsOfType('comment').flatMap((node) => {
    if (!node) return [];
    const raw = node.text;
    const value = raw.startsWith('#') ? raw.slice(1) : raw.startsWith('//') ? raw.slice(2) : raw.replace(/^\/\*/, '').replace(/\*\/$/, '');
    return [{ start: node.startIndex, end: node.endIndex, value }];
  });
}

/**
 * The adapter of a language whose own tools refuse a file they cannot parse (Terraform, Bicep):
 * so do we, with one diagnostic at the first error, rather than lint what the parser guessed.
 */
export function refusingAdapter<T extends object>(language: LanguageKind, prepare: () => Promise<void>, parse: (text: string) => TreeSitterParse<T> | Error): ParseAdapter {
  return {
    language,
    prepare,
    parse(_filePath: string, text: string, lines: LineIndex): ParsedDocument | ParseFailure {
      const parsed = parse(text);
      if (parsed instanceof Error) return { message: parsed.message, offset: 0 };
      if (parsed.error) return parsed.error;
      const comments: SourceComment[] = parsed.comments.map((comment) => ({ value: comment.value, start: comment.start, end: comment.end, range: lines.range(comment.start, comment.end) }));
      return { language, comments, tree: parsed.file };
    },
  };
}
