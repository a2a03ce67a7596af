import type { TSESTree } from '@typescript-eslint/types';
import { chainNames, type PhiHit } from '../analysis/phiValues';
import type { Fix, TextEdit } from '../core/types';
import { ScriptFixer } from '../fixes/scriptFixes';
import { describeDataType, quoteCode } from './messages';
import type { ScriptContext } from './rule';

/**
 * How a sink family words its findings. `what` reads like "`patient.ssn` (Social Security
 * number, a HIPAA identifier)"; the functions finish the sentence and say why it matters.
 */
export interface SinkWording {
  ruleId: string;
  /** For one sensitive value: "reaches a log through `logger.info`: log lines are copied ...". */
  field(sinkText: string, vendor: string): string;
  /** For a whole record: "is logged whole through `console.log`: every field ...". */
  record(sinkText: string, vendor: string): string;
}

/**
 * Reports PHI that reaches a sink, with the value's origin as flow, and the fixes every sink
 * family shares: wrap in the redaction helper, log or send the record's id, suppress.
 */
export function reportSinkHit(context: ScriptContext, fixer: ScriptFixer, hit: PhiHit, sinkText: string, vendor: string, wording: SinkWording): void {
  const { classification } = hit;
  const value = quoteCode(context.textOf(hit.node));
  const what = `${value} (${describeDataType(classification.dataType)})`;
  const helper = context.config.redaction.helper;
  const idProperty = context.config.redaction.idProperty;
  const isRecord = classification.kind === 'record';
  const idPick = isRecord ? idExpression(fixer.source(hit.node), idProperty, classification.plural) : undefined;
  const message = isRecord
    ? `${what} ${wording.record(sinkText, vendor)} Use ${quoteCode(idPick!)} instead, or wrap the value in \`${helper}()\`.`
    : `${what} ${wording.field(sinkText, vendor)} ${advice(hit, fixer, helper, idProperty)}`;
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
    fixes: fixesFor(context, fixer, hit, idPick, wording.ruleId),
  });
}

/** Visits the PHI each sink value carries, once per expression even when two sinks share it. */
export function forEachHit(context: ScriptContext, values: readonly TSESTree.Node[], visit: (hit: PhiHit) => void, seen = new Set<TSESTree.Node>()): void {
  for (const value of values) {
    for (const hit of context.phiValues.find(value)) {
      if (seen.has(hit.node)) continue;
      seen.add(hit.node);
      visit(hit);
    }
  }
}

function advice(hit: PhiHit, fixer: ScriptFixer, helper: string, idProperty: string): string {
  const node = hit.node;
  if (node.type === 'MemberExpression') {
    const objectText = fixer.source(node.object);
    return `Use ${quoteCode(`${objectText}.${idProperty}`)} instead, or wrap the value in \`${helper}()\`.`;
  }
  return `Leave it out of the message, or wrap the value in \`${helper}()\`.`;
}

function idExpression(source: string, idProperty: string, plural: boolean): string {
  return plural ? `${source}.map((record) => record.${idProperty})` : `${source}.${idProperty}`;
}

function fixesFor(context: ScriptContext, fixer: ScriptFixer, hit: PhiHit, idPick: string | undefined, ruleId: string): Fix[] {
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
    if (idPick) fixes.push({ title: `Use ${quoteCode(idPick)} instead of spreading the record`, edits: [fixer.replace(hit.spread, `${key}Id: ${idPick}`)], safe: false });
  } else {
    // Safe for fix-all only when the result compiles: the helper is in scope, or we import it.
    const helperAvailable = fixer.hasModuleBinding(helper) || module !== undefined;
    fixes.push({ title: `Wrap ${quoteCode(valueText)} in ${helper}()`, edits: withImport(fixer.wrap(hit.node, helper, hit.shorthand)), safe: helperAvailable });
    if (idPick) {
      const key = hit.shorthand ? fixer.source(hit.shorthand.key) : undefined;
      fixes.push({
        title: `Use ${quoteCode(idPick)} instead of the whole record`,
        edits: [hit.shorthand ? fixer.replace(hit.shorthand, `${key}Id: ${idPick}`) : fixer.replace(hit.node, idPick)],
        safe: false,
      });
    }
  }
  const suppression = fixer.suppressAbove(hit.node, `phi-lint-disable-next-line ${ruleId} -- <reason>`);
  if (suppression) fixes.push({ title: `Suppress ${ruleId} on this line (state a reason)`, edits: [suppression], safe: false });
  return fixes;
}

/** A property name for a spread value: `{ ...req.body.patient }` -> `patient`. */
function spreadKey(node: TSESTree.Node): string {
  const names = chainNames(node);
  const last = names[names.length - 1];
  return last && /^[A-Za-z_$][\w$]*$/.test(last) && last !== 'this' ? last : 'record';
}
