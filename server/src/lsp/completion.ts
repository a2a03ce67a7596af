import { CompletionItemKind, MarkupKind, type CompletionItem, type Position } from 'vscode-languageserver/node';
import type { RuleMeta } from '../core/types';

/**
 * A suppression directive up to the cursor, inside a comment of any supported language
 * (`//`, `/*`, a `*` continuation line, `#`, `--`): the directive in group 1, the rule list typed
 * so far in group 2.
 * Only the two directives the engine reads are completed.
 */
const DIRECTIVE_BEFORE_CURSOR = /(?:\/\/|\/\*+|^\s*\*|#|--)\s*phi-lint-disable-(next-line|line)(\s[\s,a-z0-9-]*)$/;

/**
 * Rule ids to complete at `position`, given the text of its line before the cursor. Empty
 * outside a directive, and after the ` -- ` that starts the reason. Rules already named are
 * left out; rules with a finding on the line the directive covers (`flaggedOn`) come first.
 */
export function directiveCompletions(
  lineBeforeCursor: string,
  position: Position,
  rules: readonly RuleMeta[],
  flaggedOn: (line: number) => ReadonlySet<string>,
): CompletionItem[] {
  const match = DIRECTIVE_BEFORE_CURSOR.exec(lineBeforeCursor);
  if (!match) return [];
  const ruleList = match[2];
  // Rule ids never contain `--`: from there on the user is writing the reason.
  if (ruleList.includes('--')) return [];
  const partial = /[a-z0-9-]*$/.exec(ruleList)![0];
  const named = new Set(ruleList.slice(0, ruleList.length - partial.length).split(/[\s,]+/).filter(Boolean));
  const flagged = flaggedOn(match[1] === 'next-line' ? position.line + 1 : position.line);
  const replace = { start: { line: position.line, character: position.character - partial.length }, end: position };
  return rules
    .filter((meta) => !named.has(meta.id))
    .map((meta) => ({
      label: meta.id,
      kind: CompletionItemKind.EnumMember,
      detail: flagged.has(meta.id) ? 'flagged on the covered line' : meta.category,
      documentation: { kind: MarkupKind.Markdown, value: meta.description },
      sortText: `${flagged.has(meta.id) ? '0' : '1'}${meta.id}`,
      preselect: flagged.has(meta.id),
      textEdit: { range: replace, newText: meta.id },
    }));
}
