import { Bindings } from '../analysis/bindings';
import { Classifier } from '../analysis/classifier';
import { LogSinkMatcher } from '../analysis/logSinks';
import { PhiValueFinder } from '../analysis/phiValues';
import { ModuleFunctionIndex } from '../analysis/moduleFunctions';
import { TypeIndex } from '../analysis/typeIndex';
import type { Catalog } from '../catalog/catalog';
import type { PhiLintConfig } from '../config/config';
import { LineIndex } from '../core/lineIndex';
import type { ComplianceReference, Finding, RuleMeta, Severity, SeveritySetting } from '../core/types';
import { languageOf, type LanguageKind } from '../parse/languages';
import { adapterFor } from '../parse/adapters';
import { isParseFailure, type ParsedDocument, type SourceComment } from '../parse/documents';
import { parseScript, type ParsedScript } from '../parse/typescript';
import { ALL_RULES, ENGINE_RULES, RULE_IDS, RULES } from '../rules';
import type { Report, Rule, RuleContext, SchemaBaseline, ScriptContext } from '../rules/rule';
import { applySuppressions, parseDirectives, type SuppressedFinding } from './suppressions';

export interface LintOptions {
  /** The schema at the base of the change, for rules that judge what a change adds. */
  baseline?: SchemaBaseline;
}

export interface LintOutput {
  findings: Finding[];
  /** Undefined when phi-lint does not read this kind of file. */
  language?: LanguageKind;
  /** False when the file did not parse; findings then hold the parse error alone. */
  parsed: boolean;
  /** Findings a phi-lint-disable directive covers, with its reason: the audit report's documented exceptions. */
  suppressed?: SuppressedFinding[];
}

/**
 * Lints one document. Knows nothing of LSP or files on disk: give it a path (for the language
 * and messages) and the text. Built once per configuration; cheap to call per keystroke.
 */
export class Linter {
  readonly classifier: Classifier;
  private readonly logSinks: LogSinkMatcher;
  private readonly sanitizers: Set<string>;
  private readonly typeIndex: TypeIndex;
  private readonly inboundPayloads: ReadonlySet<string>;
  private readonly modules: ModuleFunctionIndex;
  private readonly metaById = new Map<string, RuleMeta>(ALL_RULES.map((rule) => [rule.meta.id, rule.meta]));

  constructor(
    readonly catalog: Catalog,
    readonly config: PhiLintConfig,
  ) {
    this.classifier = new Classifier(catalog.taxonomy, config.dataTypes);
    this.logSinks = new LogSinkMatcher(catalog.logSinks);
    this.typeIndex = new TypeIndex(this.classifier, catalog.taxonomy.fhirResources);
    this.inboundPayloads = new Set(catalog.taxonomy.inboundPayloads);
    this.modules = new ModuleFunctionIndex((filePath, text, bindings) => this.makeFinder(filePath, text, bindings));
    this.sanitizers = new Set([...catalog.sanitizers, ...config.sanitizers].map((name) => name.toLowerCase()));
    for (const name of config.sanitizers) this.sanitizers.add(name);
  }

  severityOf(ruleId: string): SeveritySetting {
    return this.config.rules[ruleId] ?? this.metaById.get(ruleId)?.defaultSeverity ?? 'off';
  }

  referencesOf(meta: RuleMeta): ComplianceReference[] {
    return meta.references.map((reference) => this.catalog.references.get(reference.id) ?? reference);
  }

  /** Whether linting this file would read it at all: scripts always, other files when a rule claims them. */
  reads(filePath: string, text: string): boolean {
    const language = languageOf(filePath);
    if (!language) return false;
    return language === 'javascript' || this.applicableRules(filePath, text, language).length > 0;
  }

  /**
   * The rules switched on for the language whose cheap text test passes: rules whose sinks the
   * text never names are not run.
   */
  private applicableRules(filePath: string, text: string, language: LanguageKind): Rule[] {
    const context = { filePath, language, logSinks: this.logSinks, catalog: this.catalog, config: this.config, classifier: this.classifier };
    return RULES.filter(
      (rule) => rule.meta.languages.includes(language) && this.severityOf(rule.meta.id) !== 'off' && (!rule.mayApply || rule.mayApply(text, context)),
    );
  }

  lint(filePath: string, text: string, options: LintOptions = {}): LintOutput {
    const language = languageOf(filePath);
    if (!language) return { findings: [], parsed: true };
    const lines = new LineIndex(text);
    // A script is parsed even when no rule applies, so a syntax error is reported wherever it is;
    // another language is read only when a rule claims the file (a YAML file that is no
    // template is none of phi-lint's business).
    const applicable = this.applicableRules(filePath, text, language);
    if (language !== 'javascript' && applicable.length === 0) return { findings: [], language, parsed: true };

    const parsed = language === 'javascript' ? parseScript(filePath, text, lines) : adapterFor(language)?.parse(filePath, text, lines);
    if (!parsed) return { findings: [], language, parsed: true };
    if (isParseFailure(parsed)) {
      const at = lines.positionAt(parsed.offset);
      const finding = this.finding(ENGINE_RULES.parseError.meta, {
        range: { start: at, end: { line: at.line, character: Math.min(at.character + 1, lines.lineText(at.line).length) || at.character } },
        message: `phi-lint could not parse this file, so it checked nothing in it: ${parsed.message}`,
        dataTypes: [],
      });
      return { findings: finding ? [finding] : [], language, parsed: false };
    }

    const findings: Finding[] = [];
    if (applicable.length > 0) {
      const base = { filePath, text, lines, catalog: this.catalog, config: this.config, classifier: this.classifier, baseline: options.baseline };
      this.runRules(applicable, findings, (report) => {
        if (language === 'javascript') return this.scriptContext(base, parsed as ParsedScript, report);
        return { ...base, language, document: parsed as ParsedDocument, report };
      });
    }
    return this.finish(findings, parsed.comments, lines, language);
  }

  private scriptContext(base: Omit<ScriptContext, 'language' | 'script' | 'bindings' | 'phiValues' | 'logSinks' | 'textOf' | 'rangeOf' | 'report'>, script: ParsedScript, report: ScriptContext['report']): ScriptContext {
    const { text, lines } = base;
    const bindings = new Bindings(script);
    return {
      ...base,
      language: 'javascript',
      script,
      bindings,
      logSinks: this.logSinks,
      phiValues: this.makeFinder(base.filePath, text, bindings),
      textOf: (node) => text.slice(node.range[0], node.range[1]),
      rangeOf: (node) => lines.range(node.range[0], node.range[1]),
      report,
    };
  }

  /** A value finder for one file; other files' finders come from the module index, built the same way. */
  private makeFinder(filePath: string, text: string, bindings: Bindings): PhiValueFinder {
    return new PhiValueFinder({
      classifier: this.classifier,
      bindings,
      typeIndex: this.typeIndex,
      filePath,
      text,
      inboundPayloads: this.inboundPayloads,
      sanitizers: this.sanitizers,
      redactionHelper: this.config.redaction.helper,
      modules: this.modules,
    });
  }

  /** Runs each rule in isolation: one that throws costs its own findings, never the others'. */
  private runRules(rules: readonly Rule[], findings: Finding[], makeContext: (report: RuleContext['report']) => RuleContext): void {
    let currentMeta: RuleMeta = rules[0].meta;
    const context = makeContext((report) => {
      const finding = this.finding(currentMeta, report);
      if (finding) findings.push(finding);
    });
    for (const rule of rules) {
      currentMeta = rule.meta;
      try {
        rule.check(context);
      } catch (error) {
        const finding = this.finding(ENGINE_RULES.internalError.meta, {
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          message: `The ${rule.meta.id} rule failed on this file, so its findings here are missing: ${(error as Error).message}. Please report this with the file's shape.`,
          dataTypes: [],
        });
        if (finding) findings.push(finding);
      }
    }
  }

  /** Applies suppressions, adds findings about the directives themselves, sorts. */
  private finish(findings: Finding[], comments: readonly SourceComment[], lines: LineIndex, language: LanguageKind): LintOutput {
    const { kept, suppressed, directiveFindings } = applySuppressions(findings, parseDirectives(comments), lines, (ruleId) =>
      !RULE_IDS.has(ruleId) ? 'unknown' : this.severityOf(ruleId) === 'off' ? 'off' : 'active',
    );
    for (const extra of directiveFindings) {
      const meta = this.metaById.get(extra.ruleId)!;
      const finding = this.finding(meta, {
        range: extra.range,
        message: extra.message,
        dataTypes: [],
        fixes: extra.edits ? [{ title: 'Remove this suppression comment', edits: extra.edits, safe: false }] : [],
      });
      if (finding) kept.push(finding);
    }
    kept.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.ruleId.localeCompare(b.ruleId));
    return { findings: kept, language, parsed: true, suppressed };
  }

  private finding(meta: RuleMeta, report: Report): Finding | undefined {
    // The config's explicit setting, else the finding's own (a PHI store's), else the default.
    const severity = this.config.rules[meta.id] ?? report.severity ?? this.severityOf(meta.id);
    if (severity === 'off') return undefined;
    return {
      ruleId: meta.id,
      severity: severity as Severity,
      range: report.range,
      message: report.message,
      dataTypes: report.dataTypes,
      flow: report.flow ?? [],
      ...(report.sink !== undefined ? { sink: report.sink } : {}),
      ...(report.iac !== undefined ? { iac: report.iac } : {}),
      references: this.referencesOf(meta),
      fixes: report.fixes ?? [],
    };
  }
}
