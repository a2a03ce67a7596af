import type { TSESTree } from '@typescript-eslint/types';
import { chainNames, localFunction, type FunctionNode, type PhiHit } from '../analysis/phiValues';
import { walk } from '../parse/typescript';
import type { Fix, TextEdit } from '../core/types';
import { ScriptFixer } from '../fixes/scriptFixes';
import { originStep, suppressionFix } from './hitReport';
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
  const isInbound = classification.dataType.id === INBOUND_PAYLOAD;
  const idPick = isRecord && !isInbound ? idExpression(fixer.source(hit.node), idProperty, classification.plural) : undefined;
  const message = isInbound
    ? `${what} ${wording.record(sinkText, vendor).replace('every field of the record, names and identifiers included,', 'whatever the caller sent, identifiers and health data included,')} Pick the fields you need by name, or wrap the value in \`${helper}()\`.`
    : isRecord
      ? `${what} ${wording.record(sinkText, vendor)} Use ${quoteCode(idPick!)} instead, or wrap the value in \`${helper}()\`.`
      : `${what} ${wording.field(sinkText, vendor)} ${advice(hit, fixer, helper, idProperty)}`;
  const flow = hit.origin ? [originStep(context, hit.origin)] : [];
  context.report({
    range: context.rangeOf(hit.node),
    message,
    dataTypes: [classification.dataType],
    flow,
    sink: sinkText,
    fixes: fixesFor(context, fixer, hit, idPick, wording.ruleId),
  });
}

const INBOUND_PAYLOAD = 'inbound-payload';

/**
 * Sinks inside local functions that receive a parameter: `function audit(x) { logger.info(x) }`.
 * Each call of such a function is checked with its arguments in place of the parameters, and
 * what leaks is reported at the call's argument, with the sink inside the function as flow.
 */
export class SinksInLocalFunctions {
  private readonly uses: { fn: FunctionNode; values: readonly TSESTree.Node[]; sinkText: string; vendor: string; node: TSESTree.Node }[] = [];

  constructor(private readonly context: ScriptContext) {}

  /** Remembers a sink use that sits in a function taking parameters. */
  note(node: TSESTree.Node, values: readonly TSESTree.Node[], sinkText: string, vendor: string): void {
    const fn = this.context.bindings.enclosingFunction(node);
    if (fn && fn.params.length > 0) this.uses.push({ fn, values, sinkText, vendor, node });
  }

  /** `reported`: values already reported at a sink inside the function, which a call must not report again. */
  report(fixer: ScriptFixer, wording: SinkWording, reported: ReadonlySet<TSESTree.Node>): void {
    if (this.uses.length === 0) return;
    const { context } = this;
    const functions = new Set(this.uses.map((use) => use.fn));
    walk(context.script.ast, (node) => {
      if (node.type !== 'CallExpression' || node.callee.type !== 'Identifier') return;
      const fn = localFunction(context.bindings, node.callee);
      if (!fn || !functions.has(fn)) return;
      const name = node.callee.name;
      for (const use of this.uses.filter((candidate) => candidate.fn === fn)) {
        const hits = context.phiValues.withArguments(fn, node, () => use.values.flatMap((value) => context.phiValues.find(value)));
        for (const hit of hits) {
          const argument = hit.origin?.node;
          if (!argument || reported.has(hit.node) || !node.arguments.includes(argument as TSESTree.CallExpressionArgument)) continue;
          const what = `${quoteCode(context.textOf(argument))} (${describeDataType(hit.classification.dataType)})`;
          const through = `${use.sinkText}\` inside \`${name}()`;
          context.report({
            range: context.rangeOf(argument),
            message: `${what} ${hit.classification.kind === 'record' ? wording.record(through, use.vendor) : wording.field(through, use.vendor)} Pass only what ${quoteCode(`${name}()`)} needs, or redact it there.`,
            dataTypes: [hit.classification.dataType],
            flow: [{ range: context.rangeOf(hit.node), message: `${quoteCode(context.textOf(hit.node))} reaches \`${use.sinkText}\` here` }],
            sink: use.sinkText,
            fixes: suppressionFix(fixer, argument, wording.ruleId),
          });
        }
      }
    }, ['CallExpression']);
  }
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
  fixes.push(...suppressionFix(fixer, hit.node, ruleId));
  return fixes;
}

/** A property name for a spread value: `{ ...req.body.patient }` -> `patient`. */
function spreadKey(node: TSESTree.Node): string {
  const names = chainNames(node);
  const last = names[names.length - 1];
  return last && /^[A-Za-z_$][\w$]*$/.test(last) && last !== 'this' ? last : 'record';
}
