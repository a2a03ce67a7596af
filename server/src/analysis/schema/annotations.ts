import type { LineIndex } from '../../core/lineIndex';
import type { Column, SchemaComment } from './columns';

/** The annotation that states why a column holding PHI exists. */
export const PURPOSE_TAG = 'phi-purpose:';

/** What the quick-fix writes; a purpose that still holds it has not been written. */
export function purposePlaceholder(dataTypeLabel: string): string {
  return `<why this column needs ${dataTypeLabel}>`;
}

export type PurposeState = 'stated' | 'placeholder' | 'empty' | 'missing';

export interface PurposeAnnotation {
  state: PurposeState;
  /** The purpose as written, when there is one. */
  text?: string;
}

const NOT_A_PURPOSE = /^(?:todo|tbd|tbc|fixme|xxx|n\/?a|none|null|why|purpose|reason|\?+|\.+|-+|_+)[.!:]*$/i;

/** Whether the text after `phi-purpose:` states a purpose. */
export function purposeStateOf(text: string): Exclude<PurposeState, 'missing'> {
  const purpose = text.replace(/\*\/\s*$/, '').trim();
  if (!purpose) return 'empty';
  if (/^<[^<>]*>[.!]?$/.test(purpose) || /<why this column/i.test(purpose) || NOT_A_PURPOSE.test(purpose)) return 'placeholder';
  return 'stated';
}

/** The purpose in a comment's or string's text, up to the end of its line; undefined without the tag. */
export function purposeIn(text: string, tag = PURPOSE_TAG): PurposeAnnotation | undefined {
  const at = text.toLowerCase().indexOf(tag.toLowerCase());
  if (at < 0) return undefined;
  const rest = text.slice(at + tag.length);
  const newline = rest.search(/\r?\n/);
  const purpose = (newline < 0 ? rest : rest.slice(0, newline)).replace(/\*\/\s*$/, '').trim();
  return { state: purposeStateOf(purpose), text: purpose || undefined };
}

/**
 * Finds the `phi-purpose:` annotation of a column: in a comment on one of the lines of its
 * declaration (a trailing comment; for an entity, on its decorators' lines), or in the block of
 * comment-only lines right above the declaration (no blank line in between). Comments of the
 * file's own language and of SQL embedded in its strings count alike.
 */
export class PurposeAnnotations {
  /** Comments touching each line. */
  private readonly byLine = new Map<number, SchemaComment[]>();
  /** Lines whose only content is comments. */
  private readonly commentOnly = new Set<number>();

  constructor(
    private readonly lines: LineIndex,
    comments: readonly SchemaComment[],
  ) {
    const covered = new Map<number, [number, number][]>();
    for (const comment of comments) {
      const first = lines.positionAt(comment.start).line;
      const last = lines.positionAt(Math.max(comment.start, comment.end - 1)).line;
      for (let line = first; line <= last; line++) {
        const list = this.byLine.get(line) ?? [];
        list.push(comment);
        this.byLine.set(line, list);
        const spans = covered.get(line) ?? [];
        spans.push([Math.max(comment.start, lines.lineStart(line)), Math.min(comment.end, lines.lineEnd(line))]);
        covered.set(line, spans);
      }
    }
    for (const [line, spans] of covered) {
      const start = lines.lineStart(line);
      const chars = lines.lineText(line).split('');
      for (const [from, to] of spans) for (let i = from; i < to; i++) chars[i - start] = ' ';
      if (chars.join('').trim() === '') this.commentOnly.add(line);
    }
  }

  /** Comments on the lines of a column's declaration and in the comment-only lines right above it. */
  commentsNear(column: Column): SchemaComment[] {
    const first = this.lines.positionAt(column.declStart).line;
    const last = this.lines.positionAt(column.declEnd).line;
    const candidates: SchemaComment[] = [];
    for (let line = first; line <= last; line++) candidates.push(...(this.byLine.get(line) ?? []));
    for (let line = first - 1; line >= 0 && this.commentOnly.has(line); line--) candidates.push(...(this.byLine.get(line) ?? []));
    return [...new Set(candidates)];
  }

  /** The column's annotation; 'missing' when no comment near it holds the tag. */
  of(column: Column): PurposeAnnotation {
    let best: PurposeAnnotation | undefined;
    for (const comment of this.commentsNear(column)) {
      const found = purposeIn(comment.value);
      if (!found) continue;
      if (found.state === 'stated') return found;
      best ??= found;
    }
    return best ?? { state: 'missing' };
  }
}
