import type { TSESTree } from '@typescript-eslint/types';
import type { Bindings } from '../analysis/bindings';
import type { Classifier } from '../analysis/classifier';
import type { LogSinkMatcher } from '../analysis/logSinks';
import type { PhiValueFinder } from '../analysis/phiValues';
import type { Catalog } from '../catalog/catalog';
import type { PhiLintConfig } from '../config/config';
import type { LineIndex } from '../core/lineIndex';
import type { DataType, Fix, FlowStep, IacSubject, Range, RuleMeta, Severity } from '../core/types';
import type { LanguageKind } from '../parse/languages';
import type { ParsedDocument } from '../parse/documents';
import type { ParsedScript } from '../parse/typescript';

/** What a rule reports; the engine adds the rule id, severity and compliance references. */
export interface Report {
  range: Range;
  message: string;
  dataTypes: DataType[];
  flow?: FlowStep[];
  /** The call or API that receives the value (`logger.info`), for hovers. */
  sink?: string;
  /** IaC: the check (rules/iac/) that found it and the resource it judges, for a store's posture in the audit report. */
  iac?: IacSubject;
  fixes?: Fix[];
  /**
   * This finding's severity when it differs from the rule's default: IaC findings on a PHI
   * store are errors, on other resources the default. A severity set for the rule in
   * .phi-lint.yaml still wins: the user's explicit choice applies to every finding of the rule.
   */
  severity?: Severity;
}

/**
 * What the schema looked like at the base a change is judged against (a git ref, the index, or
 * HEAD in the editor). Undefined in a context where there is no base: every column then counts.
 */
export interface SchemaBaseline {
  /** Whether the base schema has this column. Table and column compare case-insensitively. */
  hasColumn(table: string, column: string): boolean;
}

/** What every rule may read, whatever the language. Built once per file and shared by the rules. */
interface BaseContext {
  filePath: string;
  text: string;
  lines: LineIndex;
  catalog: Catalog;
  config: PhiLintConfig;
  classifier: Classifier;
  /** The schema at the base of the change, when there is one (schema rules). */
  baseline?: SchemaBaseline;
  report(report: Report): void;
}

/** A TypeScript or JavaScript file, with the analyses script rules share (built lazily). */
export interface ScriptContext extends BaseContext {
  language: 'javascript';
  script: ParsedScript;
  bindings: Bindings;
  phiValues: PhiValueFinder;
  logSinks: LogSinkMatcher;
  /** Source text of a node, for messages. */
  textOf(node: TSESTree.Node): string;
  rangeOf(node: TSESTree.Node): Range;
}

/** Any other language: the tree its adapter in parse/ produced. */
export interface DocumentContext extends BaseContext {
  language: Exclude<LanguageKind, 'javascript'>;
  document: ParsedDocument;
}

export type RuleContext = ScriptContext | DocumentContext;

export interface Rule {
  /** meta.languages lists the LanguageKinds the rule reads. */
  meta: RuleMeta;
  /**
   * Cheap test on the raw text: false means the rule cannot fire in this file. For languages
   * other than JavaScript it also decides whether the file is read at all (a YAML file that is
   * no template is not parsed, so it cannot yield a parse error).
   */
  mayApply?(text: string, context: { filePath: string; language: LanguageKind; logSinks: LogSinkMatcher; catalog: Catalog; config: PhiLintConfig; classifier: Classifier }): boolean;
  check(context: RuleContext): void;
}

/**
 * Rules that the engine itself reports (parse failures, suppression hygiene): they have
 * metadata and docs like any rule, but no check of their own.
 */
export interface EngineRule {
  meta: RuleMeta;
}
