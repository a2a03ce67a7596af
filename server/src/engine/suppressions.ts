import type { LineIndex } from '../core/lineIndex';
import type { Finding, Range, TextEdit } from '../core/types';
import type { SourceComment } from '../parse/documents';


export interface Directive {
  kind: 'next-line' | 'line';
  /** Rule ids named; empty means every rule. */
  ruleIds: string[];
  reason?: string;
  comment: SourceComment;
  targetLine: number;
  used: boolean;
}

const DIRECTIVE = /^\s*\*?\s*phi-lint-(disable-next-line|disable-line)\b(.*)$/s;
/** What the suppression quick-fix inserts: a placeholder is not a reason. */
export const REASON_PLACEHOLDER = '<reason>';

/**
 * Reads `phi-lint-disable-next-line <rule-id>[, <rule-id>] -- <reason>` and
 * `phi-lint-disable-line ...` from comments, in any language's comment syntax.
 */
export function parseDirectives(comments: readonly SourceComment[]): Directive[] {
  const directives: Directive[] = [];
  for (const comment of comments) {
    const match = DIRECTIVE.exec(comment.value);
    if (!match) continue;
    const kind = match[1] === 'disable-next-line' ? 'next-line' : 'line';
    const rest = match[2].replace(/\*\/\s*$/, '');
    const separator = rest.indexOf('--');
    const rulesText = separator >= 0 ? rest.slice(0, separator) : rest;
    const reasonText = separator >= 0 ? rest.slice(separator + 2).trim() : '';
    directives.push({
      kind,
      ruleIds: rulesText.split(/[\s,]+/).filter(Boolean),
      reason: reasonText && reasonText !== REASON_PLACEHOLDER ? reasonText : undefined,
      comment,
      targetLine: kind === 'next-line' ? comment.range.end.line + 1 : comment.range.start.line,
      used: false,
    });
  }
  return directives;
}

/** A finding a directive covers: a documented exception, with the reason the directive gives. */
export interface SuppressedFinding {
  finding: Finding;
  /** Undefined when the directive gives none (it is then reported by suppression-reason-required). */
  reason?: string;
  /** Where the directive is written. */
  directiveRange: Range;
}

export interface SuppressionOutcome {
  kept: Finding[];
  suppressed: SuppressedFinding[];
  /** Findings about the directives themselves, without severity and references yet. */
  directiveFindings: { ruleId: 'suppression-reason-required' | 'unused-suppression'; range: Range; message: string; edits?: TextEdit[] }[];
}

/**
 * Drops the findings a directive covers and reports directives that give no reason or that
 * suppress nothing. `isActive` tells whether a rule id exists and is switched on, so that a
 * directive for a rule turned off in the config is not called unused.
 */
export function applySuppressions(
  findings: readonly Finding[],
  directives: Directive[],
  lines: LineIndex,
  ruleState: (ruleId: string) => 'active' | 'off' | 'unknown',
): SuppressionOutcome {
  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const finding of findings) {
    const line = finding.range.start.line;
    const directive = directives.find((candidate) => covers(candidate, line) && (candidate.ruleIds.length === 0 || candidate.ruleIds.includes(finding.ruleId)));
    if (directive) {
      directive.used = true;
      suppressed.push({ finding, reason: directive.reason, directiveRange: directive.comment.range });
    } else kept.push(finding);
  }
  const directiveFindings: SuppressionOutcome['directiveFindings'] = [];
  for (const directive of directives) {
    const scope = directive.comment.scope;
    const name = scope?.label ?? `phi-lint-disable-${directive.kind}`;
    if (!directive.reason) {
      directiveFindings.push({
        ruleId: 'suppression-reason-required',
        range: directive.comment.range,
        message: scope
          ? `This ${name} gives no reason. Add \`reason: why this is safe\` next to the rule id: an exception without a reason is not evidence an auditor can accept.`
          : `This ${name} comment gives no reason. Add one after \`--\` (\`${name} ${directive.ruleIds.join(', ') || '<rule-id>'} -- why this is safe\`): an exception without a reason is not evidence an auditor can accept.`,
      });
    }
    const unknown = directive.ruleIds.filter((id) => ruleState(id) === 'unknown');
    if (unknown.length > 0) {
      directiveFindings.push({
        ruleId: 'unused-suppression',
        range: directive.comment.range,
        message: `This ${name} comment names ${unknown.map((id) => `\`${id}\``).join(', ')}, which is not a phi-lint rule; check the spelling.`,
      });
      continue;
    }
    const anyActive = directive.ruleIds.length === 0 || directive.ruleIds.some((id) => ruleState(id) === 'active');
    if (!directive.used && anyActive) {
      directiveFindings.push({
        ruleId: 'unused-suppression',
        range: directive.comment.range,
        message: `This ${name}${scope ? '' : ' comment'} suppresses nothing: no ${directive.ruleIds.join(', ') || 'phi-lint'} finding is on ${scope ? 'its resource' : directive.kind === 'next-line' ? 'the next line' : 'this line'}. Remove it.`,
        edits: scope ? undefined : [removeComment(directive.comment, lines)],
      });
    }
  }
  return { kept, suppressed, directiveFindings };
}

/** Whether a directive covers a line: its target line, or the lines of its scope. */
function covers(directive: Directive, line: number): boolean {
  const scope = directive.comment.scope;
  return scope ? line >= scope.startLine && line <= scope.endLine : directive.targetLine === line;
}

/** Removes a comment, and its whole line when nothing else is on it. */
function removeComment(comment: SourceComment, lines: LineIndex): TextEdit {
  const startLine = comment.range.start.line;
  const endLine = comment.range.end.line;
  const before = lines.lineText(startLine).slice(0, comment.range.start.character);
  const after = lines.lineText(endLine).slice(comment.range.end.character);
  if (before.trim() === '' && after.trim() === '') {
    const end = endLine + 1 < lines.lineCount ? { line: endLine + 1, character: 0 } : { line: endLine, character: lines.lineText(endLine).length };
    return { range: { start: { line: startLine, character: 0 }, end }, newText: '' };
  }
  const start = { line: startLine, character: comment.range.start.character - (before.length - before.trimEnd().length) };
  return { range: { start, end: comment.range.end }, newText: '' };
}
