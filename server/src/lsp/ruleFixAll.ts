import { CodeActionKind, type CodeAction } from 'vscode-languageserver/node';
import { LineIndex } from '../core/lineIndex';
import type { Finding } from '../core/types';
import { fixAll, minimalEdit } from '../engine/fixAll';
import type { Linter } from '../engine/linter';

/**
 * "Fix all of this rule in the file": one quick fix per rule among `ruleIds` (the rules of the
 * diagnostics the user asked about) that has more than one finding with a safe fix here. Only
 * safe fixes are applied, as in fix-all on save: the others change behaviour and need a look
 * one at a time.
 */
export function ruleFixAllActions(linter: Linter, filePath: string, uri: string, text: string, findings: readonly Finding[], ruleIds: readonly string[]): CodeAction[] {
  const actions: CodeAction[] = [];
  const lines = new LineIndex(text);
  for (const ruleId of new Set(ruleIds)) {
    const fixable = findings.filter((finding) => finding.ruleId === ruleId && finding.fixes.some((fix) => fix.safe));
    if (fixable.length < 2) continue;
    const result = fixAll(linter, filePath, text, { ruleId });
    const edit = minimalEdit(text, result.text);
    if (!edit) continue;
    actions.push({
      title: `Fix all ${ruleId} findings in this file (${result.applied})`,
      kind: CodeActionKind.QuickFix,
      edit: { changes: { [uri]: [{ range: lines.range(edit.start, edit.end), newText: edit.newText }] } },
    });
  }
  return actions;
}
