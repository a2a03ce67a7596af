import type { TSESTree } from '@typescript-eslint/types';
import type { PhiHit } from '../analysis/phiValues';
import type { DataType, Fix, FlowStep } from '../core/types';
import type { ScriptFixer } from '../fixes/scriptFixes';
import { describeDataType, quoteCode } from './messages';
import type { ScriptContext } from './rule';

/**
 * Wording and parts shared by the rules that report one finding for several PHI values at once
 * (a file write, a hash): the values, their data types, where they came from, a suppression.
 */

/** Each hit once, in order: two routes to the same expression are one value. */
export function uniqueHits(hits: readonly PhiHit[]): PhiHit[] {
  const seen = new Set<TSESTree.Node>();
  return hits.filter((hit) => (seen.has(hit.node) ? false : (seen.add(hit.node), true)));
}

/** "`patient.ssn` (Social Security number, a HIPAA identifier) and 2 more sensitive values". */
export function describeHits(context: ScriptContext, hits: readonly PhiHit[], noun = 'sensitive value'): string {
  const first = hits[0];
  const head = `${quoteCode(context.textOf(first.node))} (${describeDataType(first.classification.dataType)})`;
  const more = hits.length - 1;
  return more === 0 ? head : `${head} and ${more} more ${noun}${more === 1 ? '' : 's'}`;
}

export function dataTypesOf(hits: readonly PhiHit[]): DataType[] {
  const byId = new Map<string, DataType>();
  for (const hit of hits) byId.set(hit.classification.dataType.id, hit.classification.dataType);
  return [...byId.values()];
}

/** Where the values came from, when they came through a variable (at most five steps). */
export function flowOf(context: ScriptContext, hits: readonly PhiHit[]): FlowStep[] {
  return hits
    .filter((hit) => hit.origin)
    .slice(0, 5)
    .map((hit) => originStep(context, hit.origin!));
}

/** One step of a value's way: where it was assigned, destructured or returned. */
export function originStep(context: ScriptContext, origin: NonNullable<PhiHit['origin']>): FlowStep {
  const source = quoteCode(context.textOf(origin.node));
  const name = quoteCode(origin.name);
  return {
    range: context.rangeOf(origin.node),
    message: origin.destructured
      ? `${name} is destructured from ${source} here`
      : origin.returned
        ? `${name} returns ${source} here`
        : `${name} gets its value here: ${source}`,
  };
}

/** "Suppress <rule> on this line": a directive above the line where `node` starts, to be given a reason. */
export function suppressionFix(fixer: ScriptFixer, node: TSESTree.Node, ruleId: string): Fix[] {
  const edit = fixer.suppressAbove(node, `phi-lint-disable-next-line ${ruleId} -- <reason>`);
  return edit ? [{ title: `Suppress ${ruleId} on this line (state a reason)`, edits: [edit], safe: false }] : [];
}
