import { bundledIacCatalog, formatsOf, peersOfRule, targetReads, type CheckCondition, type CheckTarget, type IacCatalog, type IacCheck, type ValueTest } from '../analysis/iac/catalog';
import { isArmTree, mayBeArmTemplate, readArm } from '../analysis/iac/arm';
import { readBicep } from '../analysis/iac/bicep';
import { isCloudFormationTree, readCloudFormation } from '../analysis/iac/cloudformation';
import { isConstructDocument, mayHoldConstructs, readConstructs, spreadHiding, type ConstructDocument } from '../analysis/iac/constructs';
import { asBoolean, asNumber, asString, getPath, getValue, isAzureTemplate, resolve, type IacDocument, type IacResource, type IacValue, type Resolved, type Span } from '../analysis/iac/model';
import { PhiStores, type PhiAssessment } from '../analysis/iac/phi';
import { readTerraform } from '../analysis/iac/terraform';
import type { Fix, RuleMeta, Severity, TextEdit } from '../core/types';
import { ConstructEditor } from '../fixes/constructEdits';
import { IacEditor, type FixValue } from '../fixes/iacEdits';
import type { BicepFile } from '../parse/bicep';
import type { ParsedDocument } from '../parse/documents';
import type { ParsedScript } from '../parse/typescript';
import type { LanguageKind } from '../parse/languages';
import type { HclFile } from '../parse/terraform';
import type { YamlTree } from '../parse/yaml';
import type { DocumentContext, Rule, RuleContext, ScriptContext } from './rule';

/**
 * What the IaC rules share: which files they read, the model of a file (built once per parse and
 * shared by the rules), PHI assessment, reporting with severity by PHI, and the runner of the
 * declarative checks under rules/iac/.
 */

export const IAC_LANGUAGES: readonly LanguageKind[] = ['yaml', 'json', 'terraform', 'bicep'];

const CLOUDFORMATION_SNIFF = /AWSTemplateFormatVersion|["']?Type["']?\s*:\s*["']?(?:AWS|Alexa)::[A-Za-z0-9]+::|["']?Transform["']?\s*:\s*["']?AWS::Serverless/;

/**
 * Cheap test on the raw text: a CloudFormation or SAM template or an ARM template, not any YAML
 * or JSON (Kubernetes manifests, package.json, tsconfig.json are never parsed, so never
 * reported); any `.tf` or `.bicep` file.
 */
export function mayBeInfrastructure(text: string, language: LanguageKind): boolean {
  if (language === 'terraform' || language === 'bicep') return true;
  if (language === 'json') return CLOUDFORMATION_SNIFF.test(text) || mayBeArmTemplate(text);
  if (language === 'yaml') return CLOUDFORMATION_SNIFF.test(text);
  return false;
}

const models = new WeakMap<ParsedDocument, IacDocument | null>();

/** The IaC model of a parsed file, or undefined when it is no template. */
export function iacDocumentOf(context: DocumentContext): IacDocument | undefined {
  let model = models.get(context.document);
  if (model === undefined) {
    const tree = context.document.tree as YamlTree | HclFile | BicepFile;
    if (tree.kind === 'yaml') model = isCloudFormationTree(tree) ? readCloudFormation(context.filePath, context.text, tree) : tree.json && isArmTree(tree) ? readArm(context.filePath, context.text, tree) : null;
    else if (tree.kind === 'hcl') model = readTerraform(context.filePath, context.text, tree);
    else if (tree.kind === 'bicep') model = readBicep(context.filePath, context.text, tree);
    else model = null;
    models.set(context.document, model);
  }
  return model ?? undefined;
}

const programs = new WeakMap<ParsedScript, ConstructDocument | null>();

/**
 * The IaC model of an AWS CDK or Pulumi program (built once per parse and shared by the rules),
 * or undefined when the file creates none of the constructs read.
 */
export function constructDocumentOf(context: ScriptContext): ConstructDocument | undefined {
  let model = programs.get(context.script);
  if (model === undefined) {
    model = readConstructs(context.filePath, context.text, context.script, context.bindings) ?? null;
    programs.set(context.script, model);
  }
  return model ?? undefined;
}

let phiStores: { catalog: IacCatalog; stores: PhiStores } | undefined;
/** The PHI-store assessor of a catalog, built once per catalog. */
export function phiStoresFor(catalog: IacCatalog): PhiStores {
  if (!phiStores || phiStores.catalog !== catalog) phiStores = { catalog, stores: new PhiStores(catalog.phi) };
  return phiStores.stores;
}

const editors = new WeakMap<IacDocument, IacEditor>();

/** One rule's run over one file. */
export class IacRun {
  readonly catalog: IacCatalog;
  private readonly phi: PhiStores;

  constructor(
    readonly context: RuleContext,
    readonly document: IacDocument,
    readonly ruleId: string,
  ) {
    this.catalog = bundledIacCatalog();
    this.phi = phiStoresFor(this.catalog);
  }

  get editor(): IacEditor {
    let editor = editors.get(this.document);
    if (!editor) {
      editor = isConstructDocument(this.document) ? new ConstructEditor(this.document, this.context.lines) : new IacEditor(this.document, this.context.lines);
      editors.set(this.document, editor);
    }
    return editor;
  }

  get format() {
    return this.document.format;
  }

  /** This file's resources of the given types. */
  resources(...types: string[]): IacResource[] {
    return this.document.resources.filter((resource) => resource.mode === 'resource' && (types.length === 0 || types.includes(resource.type)));
  }

  assess(resource: IacResource): PhiAssessment {
    return this.phi.assess(this.document, resource);
  }

  /** "`PatientBucket` (tagged `DataClassification: PHI`)", for messages. */
  label(resource: IacResource): string {
    const assessment = this.assess(resource);
    return assessment.phi && assessment.reason ? `\`${resource.name}\` (${assessment.reason})` : `\`${resource.name}\``;
  }

  resolve(value: IacValue | undefined): Resolved {
    return resolve(this.document, value);
  }

  /** A value's string, once resolved, when it is known. */
  text(value: IacValue | undefined): string | undefined {
    const resolved = resolve(this.document, value);
    return resolved.state === 'value' ? asString(resolved.value) : undefined;
  }

  /** A value's number, once resolved, when it is known. */
  number(value: IacValue | undefined): number | undefined {
    const resolved = resolve(this.document, value);
    return resolved.state === 'value' ? asNumber(resolved.value) : undefined;
  }

  /** A property by dotted path under Properties / the block body. */
  property(resource: IacResource, path: string): IacValue | undefined {
    const keys = path.split('.');
    const value = getPath(resource.properties, keys);
    // In a program, a spread may set what the object literal does not: unknown, not absent.
    return value ?? (isConstructDocument(this.document) ? spreadHiding(resource.properties, keys) : undefined);
  }

  /** A fix from edits; undefined when an edit could not be built. */
  fix(title: string, edits: (TextEdit | undefined)[], safe: boolean): Fix | undefined {
    if (edits.length === 0 || edits.some((edit) => edit === undefined)) return undefined;
    return { title, edits: edits as TextEdit[], safe };
  }

  /**
   * Reports on a resource: at `at`, or on its name when a property is missing. `store` is the
   * resource whose PHI status sets the severity when it is another one (the bucket of a
   * Terraform bucket policy).
   */
  report(check: string, resource: IacResource, message: string, options: { at?: Span; fixes?: (Fix | undefined)[]; store?: IacResource } = {}): void {
    if (!this.catalog.checks.some((candidate) => candidate.id === check && candidate.rule === this.ruleId)) {
      throw new Error(`check "${check}" is not listed in rules/iac/${this.ruleId}.yaml`);
    }
    const at = options.at ?? resource.nameSpan;
    const fixes = (options.fixes ?? []).filter((fix): fix is Fix => fix !== undefined);
    const suppression = this.suppression(resource, at);
    if (suppression) fixes.push(suppression);
    this.context.report({
      range: this.context.lines.range(at.start, at.end),
      message,
      dataTypes: [],
      fixes,
      iac: { check, resource: (options.store ?? resource).name },
      severity: this.assess(options.store ?? resource).phi ? 'error' : undefined,
    });
  }

  /**
   * When a value comes from a parameter's or variable's default written in this file: a fix
   * that changes the default (every use of the parameter changes with it: never safe).
   */
  defaultFix(value: IacValue | undefined, replacement: FixValue, what: string): Fix | undefined {
    if (value?.kind !== 'ref') return undefined;
    const name = this.format === 'terraform' ? (value.target.startsWith('var.') ? value.target.slice(4) : undefined) : value.attribute === undefined ? value.target : undefined;
    const parameter = name !== undefined ? this.document.parameters.get(name) : undefined;
    // A value a module's caller passes is changed where it is passed, not here.
    if (!parameter?.default || parameter.file !== this.document.file || parameter.passed) return undefined;
    const edit = this.editor.replaceValue(parameter.default, replacement);
    const kind = this.format === 'terraform' ? 'variable' : 'parameter';
    return this.fix(`Change the default of ${kind} \`${parameter.name}\` to ${what} (every use of it changes)`, [edit], false);
  }

  /**
   * Suppressing the finding, with a reason to fill in: a comment on the line above in YAML,
   * Terraform and Bicep, an entry in the resource's Metadata (ARM: metadata) in a JSON template
   * (JSON has no comments).
   */
  private suppression(resource: IacResource, at: Span): Fix | undefined {
    const title = `Suppress ${this.ruleId} here (state a reason)`;
    if (!this.document.json) {
      const leader = this.format === 'bicep' || isConstructDocument(this.document) ? '//' : '#';
      const lines = this.context.lines;
      const line = lines.positionAt(at.start).line;
      const text = lines.lineText(line);
      const indent = text.slice(0, text.length - text.trimStart().length);
      const position = { line, character: 0 };
      return { title, edits: [{ range: { start: position, end: position }, newText: `${indent}${leader} phi-lint-disable-next-line ${this.ruleId} -- <reason>${lines.eol}` }], safe: false };
    }
    // A parameter has no Metadata of its own.
    if (resource.type === 'AWS::CloudFormation::Parameter') return undefined;
    const entry = { id: this.ruleId, reason: '<reason>' };
    const metadataKey = this.format === 'arm' ? 'metadata' : 'Metadata';
    const metadata = getValue(resource.container, metadataKey);
    if (metadata && getValue(metadata, 'phi-lint')) return undefined;
    const edit =
      metadata?.kind === 'map' && metadata.entries.length > 0
        ? this.editor.insertEntry(metadata, 'phi-lint', { suppress: [entry] })
        : metadata
          ? undefined
          : this.editor.insertEntry(resource.container, metadataKey, { 'phi-lint': { suppress: [entry] } });
    return edit ? { title, edits: [edit], safe: false } : undefined;
  }

  /**
   * A reference to a KMS key for a property: the template's only key when it has exactly one
   * (`!GetAtt Key.Arn`, `aws_kms_key.k.arn`), otherwise a new parameter / variable to fill in.
   */
  kmsKeyValue(resource?: IacResource): { value: FixValue; edits: (TextEdit | undefined)[]; what: string } | undefined {
    if (isConstructDocument(this.document)) return constructKmsKey(this.document, resource);
    const terraform = this.format === 'terraform';
    const keys = this.document.scope.filter((resource) => resource.mode === 'resource' && resource.type === (terraform ? 'aws_kms_key' : 'AWS::KMS::Key'));
    if (keys.length === 1) {
      return { value: { $ref: keys[0].name, attribute: terraform ? 'arn' : 'Arn' }, edits: [], what: `\`${keys[0].name}\`` };
    }
    const name = terraform ? 'kms_key_arn' : 'KmsKeyArn';
    const edit = this.editor.addParameter(name, { type: terraform ? 'string' : 'String', description: 'ARN of the customer-managed KMS key that encrypts PHI' });
    return { value: { $ref: terraform ? `var.${name}` : name }, edits: edit ? [edit] : [], what: terraform ? `a new variable \`${name}\`` : `a new parameter \`${name}\`` };
  }
}

// ---------------------------------------------------------------------------------------------
// Declarative checks

function testValue(test: ValueTest, value: IacValue): boolean {
  const text = asString(value);
  const same = (expected: string | number | boolean) => {
    if (typeof expected === 'boolean') return asBoolean(value) === expected;
    if (typeof expected === 'number') return asNumber(value) === expected;
    return text !== undefined && text.toLowerCase() === expected.toLowerCase();
  };
  if (test.equals !== undefined && !same(test.equals)) return false;
  if (test.oneOf && !test.oneOf.some(same)) return false;
  if (test.notOneOf && test.notOneOf.some(same)) return false;
  if (test.atLeast !== undefined) {
    const number = asNumber(value);
    if (number === undefined || number < test.atLeast) return false;
  }
  if (test.matches !== undefined && (text === undefined || !new RegExp(test.matches, 'i').test(text))) return false;
  if (test.notMatches !== undefined && text !== undefined && new RegExp(test.notMatches, 'i').test(text)) return false;
  return true;
}

type Outcome = { result: 'pass' } | { result: 'missing'; property: string } | { result: 'invalid'; property: string; value: IacValue; resolved: IacValue; via?: string };

function evaluate(run: IacRun, resource: IacResource, property: string, test: ValueTest, missing: 'pass' | 'fail'): Outcome {
  const value = run.property(resource, property);
  const resolved = run.resolve(value);
  if (resolved.state === 'absent') return missing === 'fail' ? { result: 'missing', property } : { result: 'pass' };
  if (resolved.state === 'unknown') return { result: 'pass' };
  if (test.present) return { result: 'pass' };
  return testValue(test, resolved.value) ? { result: 'pass' } : { result: 'invalid', property, value: value!, resolved: resolved.value, via: resolved.via };
}

function conditionHolds(run: IacRun, resource: IacResource, condition: CheckCondition): boolean {
  const resolved = run.resolve(run.property(resource, condition.property));
  if (condition.absent) return resolved.state === 'absent';
  if (resolved.state === 'absent') return condition.missing === 'pass';
  if (resolved.state === 'unknown') return false;
  return condition.test ? testValue(condition.test, resolved.value) : true;
}

/** How a value reads in a message: `false`, `'AES256'`, `30`. */
export function showValue(value: IacValue): string {
  if (value.kind === 'string') return `\`${value.value.length > 40 ? `${value.value.slice(0, 39)}…` : value.value}\``;
  if (value.kind === 'number' || value.kind === 'boolean') return `\`${value.value}\``;
  if (value.kind === 'null') return '`null`';
  return 'a computed value';
}

function expectedText(target: CheckTarget, test: ValueTest): string {
  if (target.expected) return target.expected;
  if (test.equals !== undefined) return `\`${String(test.equals)}\``;
  if (test.oneOf) return test.oneOf.map((value) => `\`${String(value)}\``).join(' or ');
  if (test.atLeast !== undefined) return `at least ${test.atLeast}`;
  if (test.notOneOf) return `something other than ${test.notOneOf.map((value) => `\`${String(value)}\``).join(' or ')}`;
  return 'a safe value';
}

function runTarget(run: IacRun, check: IacCheck, target: CheckTarget): void {
  for (const resource of run.resources(...target.types)) {
    if (!(target.when ?? []).every((condition) => conditionHolds(run, resource, condition))) continue;
    const alternatives = target.anyOf ?? [{ property: target.property!, test: target.test! }];
    const missing = target.missing ?? 'fail';
    const outcomes = alternatives.map((alternative) => evaluate(run, resource, alternative.property, alternative.test, missing));
    if (outcomes.some((outcome) => outcome.result === 'pass')) continue;
    const main = alternatives[0];
    const invalid = outcomes.find((outcome): outcome is Extract<Outcome, { result: 'invalid' }> => outcome.result === 'invalid');
    const property = invalid ? invalid.property : main.property;
    const expected = expectedText(target, alternatives.find((alternative) => alternative.property === property)?.test ?? main.test);
    const state = invalid
      ? `\`${invalid.property}\` is ${showValue(invalid.resolved)}${invalid.via ? ` (${invalid.via})` : ''}`
      : alternatives.length > 1
        ? `none of ${[...new Set(alternatives.map((alternative) => alternative.property))].map((property) => `\`${property}\``).join(', ')} is set`
        : `\`${main.property}\` is not set`;
    const fixes: (Fix | undefined)[] = [];
    let advice = `Set \`${property}\` to ${expected}.`;
    if (target.fix) {
      const fixFor = alternatives.find((alternative) => alternative.property === property) ?? main;
      const note = target.fix.note ? ` (${target.fix.note})` : '';
      // What the fix writes, by property path; a KMS key may come with a new parameter.
      const values: Record<string, FixValue> = {};
      const extra: (TextEdit | undefined)[] = [];
      const shown: string[] = [];
      const key = target.fix.kmsKey || target.fix.kmsKeyProperty ? run.kmsKeyValue(resource) : undefined;
      // A program that cannot name or create a key: no fix (one without the key would trade this finding for another).
      if ((target.fix.kmsKey || target.fix.kmsKeyProperty) && !key) {
        run.report(check.id, resource, messageOf(run, check, resource, state, `Set \`${property}\` to a customer-managed KMS key.`), { at: invalid ? invalid.value.span : undefined });
        continue;
      }
      if (target.fix.kmsKey) {
        values[fixFor.property] = key!.value;
        shown.push(`\`${fixFor.property}\` to ${key!.what}`);
      } else {
        const set = (target.fix.set ?? (target.fix.value !== undefined ? { [fixFor.property]: target.fix.value } : {})) as Record<string, FixValue>;
        for (const [path, value] of Object.entries(set)) {
          values[path] = value;
          const written = run.editor.scalarText(value);
          shown.push(`\`${path}\` to ${written !== undefined ? `\`${written}\`` : expected}`);
        }
      }
      if (target.fix.kmsKeyProperty && key) {
        // Encrypting with the AWS-managed key would only trade this finding for the CMK one.
        values[target.fix.kmsKeyProperty] = key!.value;
        shown.push(`\`${target.fix.kmsKeyProperty}\` to ${key!.what}`);
      }
      if (key && (target.fix.kmsKey || target.fix.kmsKeyProperty)) extra.push(...key.edits);
      // CDK constants a program must import to write them.
      if (run.editor instanceof ConstructEditor) extra.push(...run.editor.importEditsFor(Object.values(values)));
      advice = target.fix.kmsKey ? `Set \`${property}\` to a customer-managed KMS key${note}.` : `Set ${shown.join(', ')}${note}.`;
      // A wrong value written through a parameter or variable is fixed where it is defined.
      const through = invalid && invalid.value !== invalid.resolved;
      if (through) {
        const mainValue = values[fixFor.property];
        const written = mainValue !== undefined ? run.editor.scalarText(mainValue) : undefined;
        const changed = mainValue !== undefined ? run.defaultFix(invalid.value, mainValue, written !== undefined ? `\`${written}\`` : expected) : undefined;
        if (changed) {
          const rest = Object.fromEntries(Object.entries(values).filter(([path]) => path !== fixFor.property));
          const more = Object.keys(rest).length > 0 ? run.editor.setProperties(resource, rest) : [];
          fixes.push(run.fix(`${changed.title}${more.length > 0 ? `, and set ${shown.slice(1).join(', ')}` : ''}`, [...changed.edits, ...more, ...extra], false));
        }
      } else {
        fixes.push(run.fix(`Set ${shown.join(', ')}${note}`, [...run.editor.setProperties(resource, values), ...extra], target.fix.safe));
      }
    }
    run.report(check.id, resource, messageOf(run, check, resource, state, advice), { at: invalid ? invalid.value.span : undefined, fixes });
  }
}

function messageOf(run: IacRun, check: IacCheck, resource: IacResource, state: string, advice: string): string {
  return check
    .message!.replace(/\{resource\}/g, run.label(resource))
    .replace(/\{subject\}/g, check.subject ?? resource.type)
    .replace(/\{state\}/g, state)
    .replace(/\{advice\}/g, advice);
}

/**
 * A KMS key for a construct's property: the program's only key (`key` in CDK, `key.arn` in
 * Pulumi) when it has exactly one, else a new one created in place (`new kms.Key(this,
 * 'PatientDbKey', ...)`, `new aws.kms.Key('patients-key', ...).arn`) when the file's imports
 * can name the class.
 */
function constructKmsKey(document: ConstructDocument, resource?: IacResource): { value: FixValue; edits: TextEdit[]; what: string } | undefined {
  const cdk = document.format === 'cdk';
  const keys = document.scope.filter((candidate) => candidate.type === (cdk ? 'kms.Key' : 'aws.kms.Key'));
  const variable = keys.length === 1 ? document.sites.get(keys[0])?.variable : undefined;
  if (variable) return { value: { $ref: keys[0].name, attribute: cdk ? undefined : 'arn' }, edits: [], what: `\`${variable}${cdk ? '' : '.arn'}\`` };
  const site = resource && document.sites.get(resource);
  const keyClass = document.symbols.write(cdk ? 'kms.Key' : 'aws.kms.Key');
  if (!site || !keyClass || !site.expression.arguments[0] || !/^[\w-]+$/.test(resource.name)) return undefined;
  const quote = document.quote;
  const created = cdk
    ? `new ${keyClass}(${document.text.slice(site.expression.arguments[0].range[0], site.expression.arguments[0].range[1])}, ${quote}${resource.name}Key${quote}, { enableKeyRotation: true })`
    : `new ${keyClass}(${quote}${resource.name}-key${quote}, { enableKeyRotation: true }).arn`;
  return { value: { $raw: { typescript: created } }, edits: [], what: 'a new customer-managed key with rotation' };
}

// ---------------------------------------------------------------------------------------------
// Rules

/** A check written in code: reads the run's document and reports through it. */
export type CodeCheck = (run: IacRun) => void;

export interface IacRuleDefinition {
  id: string;
  description: string;
  references: string[];
  fixable: boolean;
  /** The severity of findings on resources that are not PHI stores (default: warning). */
  defaultSeverity?: Severity;
  /** Checks implemented in code (the declarative ones come from rules/iac/<id>.yaml). */
  code?: CodeCheck[];
  /** Whether the rule also reads AWS CDK and Pulumi programs (TypeScript, JavaScript). */
  constructs?: boolean;
}

/** Builds an IaC rule: metadata, mayApply, and a check that runs its data and code checks. */
export function createIacRule(definition: IacRuleDefinition): Rule {
  const meta: RuleMeta = {
    id: definition.id,
    description: definition.description,
    defaultSeverity: definition.defaultSeverity ?? 'warning',
    category: 'infrastructure',
    languages: definition.constructs ? [...IAC_LANGUAGES, 'javascript'] : IAC_LANGUAGES,
    references: definition.references.map((id) => ({ id, title: id })),
    fixable: definition.fixable,
    get peers() {
      return peersOfRule(definition.id);
    },
  };
  return {
    meta,
    // A script is read only when it imports aws-cdk-lib, @aws-cdk/* or @pulumi/aws.
    mayApply: (text, { language }) => (language === 'javascript' ? !!definition.constructs && mayHoldConstructs(text) : mayBeInfrastructure(text, language)),
    check(context: RuleContext) {
      if (context.language === 'javascript' && !definition.constructs) return;
      const document = context.language === 'javascript' ? constructDocumentOf(context) : iacDocumentOf(context);
      if (!document || (document.resources.length === 0 && document.parameters.size === 0)) return;
      const run = new IacRun(context, document, definition.id);
      for (const check of run.catalog.byRule.get(definition.id) ?? []) {
        for (const target of check.targets ?? []) if (targetReads(target, document.format)) runTarget(run, check, target);
      }
      // The AWS rules' code reads CloudFormation and Terraform: ARM and Bicep reach the code of
      // a rule only when one of its code checks lists them.
      const checks = run.catalog.byRule.get(definition.id) ?? [];
      if (isAzureTemplate(document.format) && !checks.some((check) => check.logic && formatsOf(check).includes(document.format))) return;
      for (const code of definition.code ?? []) code(run);
    },
  };
}
