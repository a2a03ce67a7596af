import type { TSESTree } from '@typescript-eslint/types';
import { CallSinkMatcher, type SinkUse } from '../analysis/callSinks';
import type { Classifier } from '../analysis/classifier';
import type { Catalog } from '../catalog/catalog';
import type { PhiLintConfig } from '../config/config';
import type { ComplianceReference } from '../core/types';
import { ScriptFixer } from '../fixes/scriptFixes';
import { walk } from '../parse/typescript';
import type { Rule, ScriptContext } from './rule';
import { forEachHit, reportSinkHit, SinksInLocalFunctions, type SinkWording } from './sinkReport';

export interface CallSinkRuleOptions {
  id: string;
  description: string;
  /** The family in rules/sinks/<family>.yaml. */
  family: string;
  references: string[];
  wording: Omit<SinkWording, 'ruleId'>;
  /**
   * The parts of a sink value that really reach the sink: for URLs, the `url` and `params` of
   * an axios config object but not its `data`; nothing of a `mailto:` link. Default: all of it.
   */
  partsReaching?(value: TSESTree.Node, use: SinkUse, context: ScriptContext): TSESTree.Node[];
  /** Checks of the rule's own on each sink use, after the shared PHI check. */
  alsoCheck?(context: ScriptContext, fixer: ScriptFixer, use: SinkUse): void;
}

/** The nodes a sink can be: calls, constructions, assignments, JSX attributes. */
const SINK_NODE_TYPES = ['CallExpression', 'NewExpression', 'AssignmentExpression', 'JSXAttribute'];

/**
 * A rule for one family of sinks: its vocabulary is data (rules/sinks/<family>.yaml plus the
 * project's own `sinks` and `allowedDestinations`), the reasoning is shared with every sink rule.
 */
export function callSinkRule(options: CallSinkRuleOptions): Rule {
  const wording: SinkWording = { ruleId: options.id, ...options.wording };
  // One matcher per configuration: built once, reused for every file and keystroke.
  const matchers = new WeakMap<PhiLintConfig, CallSinkMatcher>();
  const matcherFor = (catalog: Catalog, config: PhiLintConfig, classifier: Classifier) => {
    let matcher = matchers.get(config);
    if (!matcher) {
      const family = catalog.callSinks.get(options.family);
      if (!family) throw new Error(`no sink family "${options.family}" under rules/sinks`);
      const extra = config.sinks.filter((sink) => sink.rule === options.id).map((sink) => ({ callee: sink.callee, args: sink.args ?? [0, 1, 2, 3, 4, 5] }));
      matcher = new CallSinkMatcher(family, extra, (name) => classifier.classify(name) !== undefined || classifier.namesPerson(name));
      matchers.set(config, matcher);
    }
    return matcher;
  };
  return {
    meta: {
      id: options.id,
      description: options.description,
      defaultSeverity: 'error',
      category: 'logs',
      languages: ['javascript'],
      references: options.references.map((id) => ({ id, title: id }) satisfies ComplianceReference),
      fixable: true,
    },
    mayApply(text, { catalog, config, classifier }) {
      return matcherFor(catalog, config, classifier).mayContainSink(text);
    },
    check(context) {
      if (context.language !== 'javascript') return;
      const matcher = matcherFor(context.catalog, context.config, context.classifier);
      const fixer = new ScriptFixer(context.text, context.lines, context.script, context.bindings);
      const throughFunctions = new SinksInLocalFunctions(context);
      const seen = new Set<TSESTree.Node>();
      // `import { api } from '../services/api'`: a client the project's module made from the vendor's.
      const imports = (identifier: TSESTree.Identifier) => context.phiValues.importedValue(identifier);
      const allowed = (vendor: string) =>
        context.config.allowedDestinations.some(
          (destination) => destination.vendor.toLowerCase() === vendor.toLowerCase() && (!destination.rules || destination.rules.includes(options.id)),
        );
      walk(context.script.ast, (node) => {
        let use: SinkUse | undefined;
        if (node.type === 'CallExpression') use = matcher.matchCall(node, context.bindings, context.text, imports);
        else if (node.type === 'NewExpression') use = matcher.matchNew(node, context.text);
        else if (node.type === 'AssignmentExpression') use = matcher.matchAssignment(node, context.bindings, context.text, imports);
        else if (node.type === 'JSXAttribute') use = matcher.matchJsxAttribute(node);
        if (!use || allowed(use.vendor)) return;
        const sink = use;
        const values = options.partsReaching ? sink.values.flatMap((value) => options.partsReaching!(value, sink, context)) : sink.values;
        forEachHit(context, values, (hit) => reportSinkHit(context, fixer, hit, sink.sinkText, sink.vendor, wording), seen);
        throughFunctions.note(sink.node, values, sink.sinkText, sink.vendor);
        options.alsoCheck?.(context, fixer, sink);
      }, SINK_NODE_TYPES);
      throughFunctions.report(fixer, wording, seen);
    },
  };
}
