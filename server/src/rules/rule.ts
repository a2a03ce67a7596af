import type { TSESTree } from '@typescript-eslint/types';
import type { Bindings } from '../analysis/bindings';
import type { Classifier } from '../analysis/classifier';
import type { LogSinkMatcher } from '../analysis/logSinks';
import type { PhiValueFinder } from '../analysis/phiValues';
import type { Catalog } from '../catalog/catalog';
import type { PhiLintConfig } from '../config/config';
import type { LineIndex } from '../core/lineIndex';
import type { DataType, Fix, FlowStep, Range, RuleMeta } from '../core/types';
import type { ParsedScript } from '../parse/typescript';

/** What a rule reports; the engine adds the rule id, severity and compliance references. */
export interface Report {
  range: Range;
  message: string;
  dataTypes: DataType[];
  flow?: FlowStep[];
  fixes?: Fix[];
}

/** Everything a rule over a script may read. Built once per file and shared by the rules. */
export interface ScriptContext {
  filePath: string;
  text: string;
  lines: LineIndex;
  script: ParsedScript;
  catalog: Catalog;
  config: PhiLintConfig;
  classifier: Classifier;
  bindings: Bindings;
  phiValues: PhiValueFinder;
  logSinks: LogSinkMatcher;
  /** Source text of a node, for messages. */
  textOf(node: TSESTree.Node): string;
  rangeOf(node: TSESTree.Node): Range;
  report(report: Report): void;
}

export interface ScriptRule {
  meta: RuleMeta;
  /** Cheap test on the raw text: false means the rule cannot fire in this file. */
  mayApply?(text: string, context: { logSinks: LogSinkMatcher }): boolean;
  check(context: ScriptContext): void;
}

/**
 * Rules that the engine itself reports (parse failures, suppression hygiene): they have
 * metadata and docs like any rule, but no check of their own.
 */
export interface EngineRule {
  meta: RuleMeta;
}
