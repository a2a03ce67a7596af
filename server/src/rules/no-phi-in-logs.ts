import type { TSESTree } from '@typescript-eslint/types';
import { chainNames, type PhiHit } from '../analysis/phiValues';
import type { Fix, TextEdit } from '../core/types';
import { ScriptFixer } from '../fixes/scriptFixes';
import { walk } from '../parse/typescript';
import type { Rule, ScriptContext } from './rule';
import { describeDataType, quoteCode } from './messages';

const RULE_ID = 'no-phi-in-logs';

/**
 * Flags PHI that reaches a log call: a name or property that classifies as sensitive, a whole
 * record, or either inside a template literal, a concatenation or an object literal.
 */
export const noPhiInLogs: Rule = {
  meta: {
    id: RULE_ID,
    description: 'Protected health information and other sensitive personal data must not reach logs.',
    defaultSeverity: 'error',
    category: 'logs',
    languages: ['javascript'],
    references: ['HIPAA-164.312(b)', 'HIPAA-164.502(b)', 'HIPAA-164.514', 'CPRA-1798.100(c)', 'CPRA-1798.150', 'CWE-532', 'CWE-359'].map((id) => ({ id, title: id })),
    fixable: true,
  },

  mayApply(text, { logSinks }) {
    return logSinks.mayContainLogCall(text);
  },

  check(context) {
    if (context.language !== 'javascript') return;
    const fixer = new ScriptFixer(context.text, context.lines, context.script, context.bindings);
    walk(context.script.ast, (node) => {
      if (node.type !== 'CallExpression') return;
      const logCall = context.logSinks.match(node, context.bindings, context.text);
      if (!logCall) return;
      const seen = new Set<TSESTree.Node>();
      for (const argument of logCall.args) {
        for (const hit of context.phiValues.find(argument)) {
          if (seen.has(hit.node)) continue;
          seen.add(hit.node);
          reportHit(context, fixer, hit, logCall.calleeText);
        }
      }
    });
  },
};

function reportHit(context: ScriptContext, fixer: ScriptFixer, hit: PhiHit, sink: string): void {
  const { classification } = hit;
  const value = quoteCode(context.textOf(hit.node));
  const what = `${value} (${describeDataType(classification.dataType)})`;
  const helper = context.config.redaction.helper;
  const idProperty = context.config.redaction.idProperty;
  const isRecord = classification.kind === 'record';
  const idPick = isRecord ? idExpression(fixer.source(hit.node), idProperty, classification.plural) : undefined;
  const message = isRecord
    ? `${what} is logged whole through \`${sink}\`: every field of the record, names and identifiers included, lands in log storage and log vendors outside your PHI safeguards. Log ${quoteCode(idPick!)} instead, or wrap the value in \`${helper}()\`.`
    : `${what} reaches a log through \`${sink}\`: log lines are copied to log storage and vendors outside your PHI safeguards. ${advice(hit, fixer, helper, idProperty)}`;
  const flow = hit.origin
    ? [
        {
          range: context.rangeOf(hit.origin.node),
          message: hit.origin.destructured
            ? `${quoteCode(hit.origin.name)} is destructured from ${quoteCode(context.textOf(hit.origin.node))} here`
            : `${quoteCode(hit.origin.name)} gets its value here: ${quoteCode(context.textOf(hit.origin.node))}`,
        },
      ]
    : [];
  context.report({
    range: context.rangeOf(hit.node),
    message,
    dataTypes: [classification.dataType],
    flow,
    fixes: fixesFor(context, fixer, hit, idPick),
  });
}

function advice(hit: PhiHit, fixer: ScriptFixer, helper: string, idProperty: string): string {
  const node = hit.node;
  if (node.type === 'MemberExpression') {
    const objectText = fixer.source(node.object);
    return `Log ${quoteCode(`${objectText}.${idProperty}`)} instead, or wrap the value in \`${helper}()\`.`;
  }
  return `Leave it out of the message, or wrap the value in \`${helper}()\`.`;
}

function idExpression(source: string, idProperty: string, plural: boolean): string {
  return plural ? `${source}.map((record) => record.${idProperty})` : `${source}.${idProperty}`;
}

function fixesFor(context: ScriptContext, fixer: ScriptFixer, hit: PhiHit, idPick: string | undefined): Fix[] {
  const { helper, module } = context.config.redaction;
  const fixes: Fix[] = [];
  const importEdit = module ? fixer.addNamedImport(helper, module) : undefined;
  const withImport = (edit: TextEdit) => [edit, ...(importEdit ? [importEdit] : [])];
  const valueText = fixer.source(hit.node);
  if (hit.spread) {
    // `{ ...patient }` spreads whatever replaces it: a redacted string would spread its
    // characters. Turn the spread into a property instead; a change of shape, so never safe.
    const key = spreadKey(hit.node);
    fixes.push({ title: `Replace the spread with \`${key}: ${helper}(${valueText})\``, edits: withImport(fixer.replace(hit.spread, `${key}: ${helper}(${valueText})`)), safe: false });
    if (idPick) fixes.push({ title: `Log ${quoteCode(idPick)} instead of spreading the record`, edits: [fixer.replace(hit.spread, `${key}Id: ${idPick}`)], safe: false });
  } else {
    // Safe for fix-all only when the result compiles: the helper is in scope, or we import it.
    const helperAvailable = fixer.hasModuleBinding(helper) || module !== undefined;
    fixes.push({ title: `Wrap ${quoteCode(valueText)} in ${helper}()`, edits: withImport(fixer.wrap(hit.node, helper, hit.shorthand)), safe: helperAvailable });
    if (idPick) {
      const key = hit.shorthand ? fixer.source(hit.shorthand.key) : undefined;
      fixes.push({
        title: `Log ${quoteCode(idPick)} instead of the whole record`,
        edits: [hit.shorthand ? fixer.replace(hit.shorthand, `${key}Id: ${idPick}`) : fixer.replace(hit.node, idPick)],
        safe: false,
      });
    }
  }
  const suppression = fixer.suppressAbove(hit.node, `phi-lint-disable-next-line ${RULE_ID} -- <reason>`);
  if (suppression) fixes.push({ title: `Suppress ${RULE_ID} on this line (state a reason)`, edits: [suppression], safe: false });
  return fixes;
}

/** A property name for a spread value: `{ ...req.body.patient }` -> `patient`. */
function spreadKey(node: TSESTree.Node): string {
  const names = chainNames(node);
  const last = names[names.length - 1];
  return last && /^[A-Za-z_$][\w$]*$/.test(last) && last !== 'this' ? last : 'record';
}

export default noPhiInLogs;
