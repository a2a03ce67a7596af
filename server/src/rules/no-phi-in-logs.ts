import type { TSESTree } from '@typescript-eslint/types';
import type { LogCall } from '../analysis/logSinks';
import { ScriptFixer } from '../fixes/scriptFixes';
import { walk } from '../parse/typescript';
import type { Rule, ScriptContext } from './rule';
import { forEachHit, reportSinkHit, SinksInLocalFunctions, type SinkWording } from './sinkReport';

const RULE_ID = 'no-phi-in-logs';

const LOG_WORDING: SinkWording = {
  ruleId: RULE_ID,
  field: (sink) => `reaches a log through \`${sink}\`: log lines are copied to log storage and vendors outside your PHI safeguards.`,
  record: (sink) => `is logged whole through \`${sink}\`: every field of the record, names and identifiers included, lands in log storage and log vendors outside your PHI safeguards.`,
};

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

  mayApply(text, { logSinks, config }) {
    return logSinks.mayContainLogCall(text) || config.sinks.some((sink) => sink.rule === RULE_ID && text.includes(sink.callee.split('.').pop()!));
  },

  check(context) {
    if (context.language !== 'javascript') return;
    const fixer = new ScriptFixer(context.text, context.lines, context.script, context.bindings);
    const throughFunctions = new SinksInLocalFunctions(context);
    const reported = new Set<TSESTree.Node>();
    walk(context.script.ast, (node) => {
      if (node.type !== 'CallExpression') return;
      const logCall = context.logSinks.match(node, context.bindings, context.text) ?? projectSink(context, node);
      if (!logCall) return;
      forEachHit(context, logCall.args, (hit) => reportSinkHit(context, fixer, hit, logCall.calleeText, 'log', LOG_WORDING), reported);
      throughFunctions.note(node, logCall.args, logCall.calleeText, 'log');
    }, ['CallExpression']);
    throughFunctions.report(fixer, LOG_WORDING, reported);
  },
};

/** A wrapper the project declares as a log sink in .phi-lint.yaml (`sinks: [{ rule: no-phi-in-logs, callee: audit.record }]`). */
function projectSink(context: ScriptContext, call: TSESTree.CallExpression): LogCall | undefined {
  const sinks = context.config.sinks.filter((sink) => sink.rule === RULE_ID);
  if (sinks.length === 0) return undefined;
  const calleeText = context.textOf(call.callee);
  const sink = sinks.find((candidate) => calleeText === candidate.callee || calleeText.endsWith(`.${candidate.callee}`));
  if (!sink) return undefined;
  const args = sink.args ? sink.args.map((index) => call.arguments[index]).filter((argument) => argument !== undefined) : call.arguments;
  return { call, calleeText, args };
}

export default noPhiInLogs;
