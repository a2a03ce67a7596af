import * as fs from 'fs';
import * as path from 'path';
import type { DataTypeExtension } from '../analysis/classifier';
import { packageRoot } from '../catalog/packageRoot';
import type { SeveritySetting } from '../core/types';
import { parseValidatedYaml, type YamlProblem } from '../schema/yamlValidation';

export const CONFIG_FILE_NAME = '.phi-lint.yaml';

export interface RedactionConfig {
  helper: string;
  module?: string;
  idProperty: string;
}

/** A vendor under a Business Associate Agreement: PHI sent there is not reported. */
export interface AllowedDestination {
  vendor: string;
  reason: string;
  rules?: string[];
}

/** A project's own sink: `audit.record` forwarding its arguments to a log or vendor. */
export interface ProjectSink {
  rule: string;
  callee: string;
  args?: number[];
}

/** How no-weak-pseudonymization's fix keys the HMAC it turns an unkeyed hash into. */
export interface PseudonymizationConfig {
  /** An expression the fix writes as the HMAC key, such as `process.env.PHI_HMAC_KEY`. */
  hmacKey?: string;
}

/**
 * phi-column-needs-purpose's optional encryption requirement: a new PHI column must also be
 * stored encrypted, shown by one of `types` in its type or declaration (`bytea`,
 * `EncryptedString`, a TypeORM transformer) or by a comment holding `annotation`.
 */
export interface SchemaConfig {
  requireEncryption?: { types: string[]; annotation: string };
}

/** .phi-lint.yaml merged with the defaults. */
export interface PhiLintConfig {
  /** The file it came from; undefined for the defaults alone. */
  file?: string;
  /** Folder that ignore globs are relative to. */
  baseDir: string;
  ignore: string[];
  rules: Record<string, SeveritySetting>;
  redaction: RedactionConfig;
  sanitizers: string[];
  dataTypes: DataTypeExtension[];
  pseudonymization?: PseudonymizationConfig;
  allowedDestinations: AllowedDestination[];
  sinks: ProjectSink[];
  schema?: SchemaConfig;
}

interface ConfigFileData {
  allowedDestinations?: AllowedDestination[];
  sinks?: ProjectSink[];
  ignore?: string[];
  rules?: Record<string, SeveritySetting | { severity: SeveritySetting }>;
  redaction?: Partial<RedactionConfig>;
  sanitizers?: string[];
  dataTypes?: (Omit<DataTypeExtension, 'category'> & { category?: string })[];
  pseudonymization?: PseudonymizationConfig;
  schema?: { requireEncryption?: { types?: string[]; annotation?: string } };
}

export function defaultConfig(baseDir: string): PhiLintConfig {
  return { baseDir, ignore: [], rules: {}, redaction: { helper: 'redact', idProperty: 'id' }, sanitizers: [], dataTypes: [], allowedDestinations: [], sinks: [] };
}

let configSchema: object | undefined;

function schema(): object {
  configSchema ??= JSON.parse(fs.readFileSync(path.join(packageRoot(), 'rules', 'schema', 'config.schema.json'), 'utf8')) as object;
  return configSchema;
}

export type ConfigResult = { config: PhiLintConfig; problems: [] } | { config?: undefined; problems: YamlProblem[] };

/**
 * Parses and validates a config text. `knownRuleIds` catches a misspelt rule id, which a JSON
 * schema of its own cannot know.
 */
export function parseConfig(file: string, text: string, knownRuleIds: ReadonlySet<string>): ConfigResult {
  const { value, problems } = parseValidatedYaml<ConfigFileData | null>(file, text, schema());
  if (problems.length > 0) return { problems };
  const data = value ?? {};
  const unknownRules = Object.keys(data.rules ?? {}).filter((id) => !knownRuleIds.has(id));
  if (unknownRules.length > 0) {
    return {
      problems: unknownRules.map((id) => ({
        file,
        key: `rules.${id}`,
        message: `unknown rule id; expected one of ${[...knownRuleIds].sort().join(', ')}`,
        ...lineOfKey(text, id),
      })),
    };
  }
  const defaults = defaultConfig(path.dirname(file));
  const rules: Record<string, SeveritySetting> = {};
  for (const [id, setting] of Object.entries(data.rules ?? {})) rules[id] = typeof setting === 'string' ? setting : setting.severity;
  return {
    config: {
      file,
      baseDir: defaults.baseDir,
      ignore: data.ignore ?? [],
      rules,
      redaction: { ...defaults.redaction, ...data.redaction },
      sanitizers: data.sanitizers ?? [],
      dataTypes: (data.dataTypes ?? []).map((entry) => ({ ...entry, category: entry.category ?? 'hipaa-identifier' })),
      ...(data.pseudonymization ? { pseudonymization: data.pseudonymization } : {}),
      allowedDestinations: data.allowedDestinations ?? [],
      sinks: data.sinks ?? [],
      ...(data.schema?.requireEncryption
        ? { schema: { requireEncryption: { types: data.schema.requireEncryption.types ?? [], annotation: data.schema.requireEncryption.annotation ?? 'phi-encrypted:' } } }
        : {}),
    },
    problems: [],
  };
}

function lineOfKey(text: string, key: string): { line?: number; column?: number } {
  const lines = text.split(/\r?\n/);
  const index = lines.findIndex((line) => new RegExp(`^\\s*["']?${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*:`).test(line));
  return index < 0 ? {} : { line: index + 1, column: lines[index].search(/\S/) + 1 };
}

export function loadConfigFile(file: string, knownRuleIds: ReadonlySet<string>): ConfigResult {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    return { problems: [{ file, key: '', message: `cannot read the config file: ${(error as Error).message}` }] };
  }
  return parseConfig(file, text, knownRuleIds);
}

/**
 * The .phi-lint.yaml that governs a folder: the nearest one at or above it, stopping at `stopAt`
 * (the workspace or repository root) so that a config outside the project never applies.
 */
export function findConfigFile(startDir: string, stopAt?: string): string | undefined {
  let dir = path.resolve(startDir);
  const stop = stopAt ? path.resolve(stopAt) : undefined;
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE_NAME);
    if (fs.existsSync(candidate)) return candidate;
    if (dir === stop) return undefined;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
