import * as fs from 'fs';
import * as path from 'path';
import { packageRoot } from '../../catalog/packageRoot';
import { formatProblem, parseValidatedYaml, type YamlProblem } from '../../schema/yamlValidation';
import type { IacFormat } from './model';

/**
 * The IaC vocabulary under rules/iac/: one file per IaC rule listing its checks (declarative
 * property tests, or checks implemented in code listed for their peer ids), and phi.yaml, what
 * makes a resource a PHI store. Validated against rules/schema/iac-*.schema.json when loaded.
 */

export type Scalar = string | number | boolean;

export interface ValueTest {
  equals?: Scalar;
  oneOf?: Scalar[];
  notOneOf?: Scalar[];
  atLeast?: number;
  matches?: string;
  notMatches?: string;
  present?: true;
}

export interface CheckCondition {
  property: string;
  absent?: true;
  test?: ValueTest;
  missing?: 'pass' | 'fail';
}

export interface CheckFixData {
  value?: unknown;
  kmsKey?: true;
  set?: Record<string, unknown>;
  kmsKeyProperty?: string;
  safe: boolean;
  note?: string;
}

export interface CheckTarget {
  /** One format, or several that share types and property names (ARM and Bicep). */
  format: IacFormat | IacFormat[];
  types: string[];
  property?: string;
  test?: ValueTest;
  anyOf?: { property: string; test: ValueTest }[];
  missing?: 'pass' | 'fail';
  when?: CheckCondition[];
  fix?: CheckFixData;
  expected?: string;
}

export interface PeerIds {
  checkov?: string[];
  trivy?: string[];
  cfn_nag?: string[];
}

export interface IacCheck {
  id: string;
  /** The rule the check belongs to (the file it is in). */
  rule: string;
  title: string;
  peers: PeerIds;
  logic?: true;
  /** The formats a code check reads (default: both). */
  formats?: IacFormat[];
  subject?: string;
  message?: string;
  targets?: CheckTarget[];
}

export interface PhiVocabulary {
  tagKeys: string[];
  phiValues: string[];
  flagKeys: string[];
  notPhiValues: string[];
  names: string[];
  nameProperties: string[];
}

export interface IacCatalog {
  checks: IacCheck[];
  byRule: Map<string, IacCheck[]>;
  phi: PhiVocabulary;
}

export class IacCatalogError extends Error {
  constructor(readonly problems: YamlProblem[]) {
    super(`invalid phi-lint IaC catalog:\n${problems.map(formatProblem).join('\n')}`);
  }
}

/** Parsed once per schema file: the validator compiled from it is cached by object identity. */
const schemas = new Map<string, object>();

function load<T>(file: string, schemaFile: string, problems: YamlProblem[]): T | undefined {
  let schema = schemas.get(schemaFile);
  if (!schema) {
    schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8')) as object;
    schemas.set(schemaFile, schema);
  }
  const result = parseValidatedYaml<T>(file, fs.readFileSync(file, 'utf8'), schema);
  problems.push(...result.problems);
  return result.value;
}

export function loadIacCatalog(rulesDir = path.join(packageRoot(), 'rules')): IacCatalog {
  const dir = path.join(rulesDir, 'iac');
  const problems: YamlProblem[] = [];
  const phi = load<PhiVocabulary>(path.join(dir, 'phi.yaml'), path.join(rulesDir, 'schema', 'iac-phi.schema.json'), problems);
  const checks: IacCheck[] = [];
  const seen = new Set<string>();
  const files = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.yaml') && name !== 'phi.yaml')
    .sort();
  for (const name of files) {
    const file = path.join(dir, name);
    const data = load<{ rule: string; checks: Omit<IacCheck, 'rule'>[] }>(file, path.join(rulesDir, 'schema', 'iac-checks.schema.json'), problems);
    if (!data) continue;
    if (`${data.rule}.yaml` !== name) problems.push({ file, key: 'rule', message: `the rule id "${data.rule}" should match the file name` });
    data.checks.forEach((check, index) => {
      if (seen.has(check.id)) problems.push({ file, key: `checks.${index}.id`, message: `duplicate check id "${check.id}"` });
      seen.add(check.id);
      for (const pattern of [...(check.targets ?? []).flatMap((target) => [target.test, ...(target.anyOf ?? []).map((alt) => alt.test), ...(target.when ?? []).map((condition) => condition.test)])]) {
        for (const regex of [pattern?.matches, pattern?.notMatches]) {
          if (regex === undefined) continue;
          try {
            new RegExp(regex, 'i');
          } catch (error) {
            problems.push({ file, key: `checks.${index}`, message: `invalid regular expression ${JSON.stringify(regex)}: ${(error as Error).message}` });
          }
        }
      }
      checks.push({ ...check, rule: data.rule });
    });
  }
  if (problems.length > 0 || !phi) throw new IacCatalogError(problems);
  const byRule = new Map<string, IacCheck[]>();
  for (const check of checks) byRule.set(check.rule, [...(byRule.get(check.rule) ?? []), check]);
  return { checks, byRule, phi };
}

let bundled: IacCatalog | undefined;

/** The bundled IaC catalog, loaded once per process. */
export function bundledIacCatalog(): IacCatalog {
  bundled ??= loadIacCatalog();
  return bundled;
}

/** Whether a target applies to a format. */
export function targetReads(target: CheckTarget, format: IacFormat): boolean {
  return Array.isArray(target.format) ? target.format.includes(format) : target.format === format;
}

/** The formats a check reads: its targets', or those it declares, or all. */
export function formatsOf(check: IacCheck): IacFormat[] {
  if (check.targets) return [...new Set(check.targets.flatMap((target) => (Array.isArray(target.format) ? target.format : [target.format])))];
  return check.formats ?? ['cloudformation', 'terraform'];
}

/** The peer scanners' ids of a rule's checks, per tool, deduplicated. */
export function peersOfRule(ruleId: string, catalog: IacCatalog = bundledIacCatalog()): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const check of catalog.byRule.get(ruleId) ?? []) {
    for (const [tool, ids] of Object.entries(check.peers)) {
      const list = (out[tool] ??= []);
      for (const id of ids ?? []) if (!list.includes(id)) list.push(id);
    }
  }
  return out;
}
