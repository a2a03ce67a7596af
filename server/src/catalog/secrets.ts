import * as path from 'path';
import { normalizedTokens } from '../analysis/tokenize';
import type { YamlProblem } from '../schema/yamlValidation';
import { CatalogError, loadFile } from './catalog';
import { packageRoot } from './packageRoot';

/** rules/secrets.yaml, as validated (see rules/schema/secrets.schema.json). */
export interface SecretsData {
  kinds: { id: string; label: string; names: string[] }[];
  qualifiers: { before: string[]; after: string[] };
  patterns: { id: string; label: string; envName: string; regex: string; hint: string; localHosts?: string[] }[];
  awsSecretAccessKey?: string;
  placeholders: { values: string[]; patterns: string[]; minLength: number };
  references: string[];
  publicValues?: string[];
  nameWords: string[];
  keyValueMethods: string[];
  secretArguments: { module: string; callee: string[]; index: number; kind: string; envName: string }[];
}

export interface CredentialKind {
  id: string;
  label: string;
}

export interface CredentialPhrase {
  tokens: string[];
  kind: CredentialKind;
}

export interface TokenPattern {
  id: string;
  label: string;
  envName: string;
  regex: RegExp;
  /** Connection strings: hosts whose passwords are local development defaults. */
  localHosts?: ReadonlySet<string>;
}

/** The vocabulary, compiled: phrases by first token, regexes, sets. */
export interface SecretsVocabulary {
  kinds: ReadonlyMap<string, CredentialKind>;
  /** Credential phrases by first token, longest first. */
  phrases: ReadonlyMap<string, CredentialPhrase[]>;
  qualifiersBefore: ReadonlySet<string>;
  qualifiersAfter: ReadonlySet<string>;
  patterns: TokenPattern[];
  /** Every token shape's hint: a string that matches none holds no token. */
  tokenHint: RegExp;
  awsSecretAccessKey?: RegExp;
  placeholderValues: ReadonlySet<string>;
  placeholderPatterns: RegExp[];
  minLength: number;
  references: RegExp[];
  publicValues: RegExp[];
  nameWords: ReadonlySet<string>;
  keyValueMethods: ReadonlySet<string>;
  secretArguments: SecretsData['secretArguments'];
  /** Credential phrases spelt any way, and the secret-argument modules (case-insensitive). */
  mentions: RegExp;
  /** Cheap test: a text that holds no credential phrase, module or token hint holds no credential the rule can find. */
  mayHold(text: string): boolean;
}

const FILE = 'secrets.yaml';
const SCHEMA = 'secrets.schema.json';

/** Loads, validates and compiles rules/secrets.yaml. Throws CatalogError naming file, key and line. */
export function loadSecrets(rulesDir = path.join(packageRoot(), 'rules')): SecretsVocabulary {
  const file = path.join(rulesDir, FILE);
  const problems: YamlProblem[] = [];
  const value = loadFile<SecretsData>(rulesDir, FILE, SCHEMA, problems);
  if (!value || problems.length > 0) throw new CatalogError(problems);
  const compileErrors: YamlProblem[] = [];
  const compile = (source: string, key: string, flags = ''): RegExp => {
    try {
      return new RegExp(source, flags);
    } catch (error) {
      compileErrors.push({ file, key, message: `invalid regular expression: ${(error as Error).message}` });
      return /(?!)/;
    }
  };
  const kinds = new Map(value.kinds.map((kind) => [kind.id, { id: kind.id, label: kind.label }]));
  const phrases = new Map<string, CredentialPhrase[]>();
  for (const kind of value.kinds) {
    for (const name of kind.names) {
      const tokens = normalizedTokens(name);
      if (tokens.length === 0) continue;
      const list = phrases.get(tokens[0]) ?? [];
      list.push({ tokens, kind: kinds.get(kind.id)! });
      phrases.set(tokens[0], list);
    }
  }
  for (const list of phrases.values()) list.sort((a, b) => b.tokens.length - a.tokens.length);
  value.secretArguments.forEach((argument, index) => {
    if (!kinds.has(argument.kind)) compileErrors.push({ file, key: `secretArguments.${index}.kind`, message: `unknown kind "${argument.kind}"; expected one of ${[...kinds.keys()].join(', ')}` });
  });
  const patterns = value.patterns.map((pattern, index) => ({
    id: pattern.id,
    label: pattern.label,
    envName: pattern.envName,
    regex: compile(pattern.regex, `patterns.${index}.regex`),
    ...(pattern.localHosts ? { localHosts: new Set(pattern.localHosts.map((host) => host.toLowerCase())) } : {}),
  }));
  const vocabulary: SecretsVocabulary = {
    kinds,
    phrases,
    qualifiersBefore: new Set(value.qualifiers.before.flatMap((word) => normalizedTokens(word))),
    qualifiersAfter: new Set(value.qualifiers.after.flatMap((word) => normalizedTokens(word))),
    patterns,
    tokenHint: compile(value.patterns.map((pattern) => `(?:${pattern.hint})`).join('|') || '(?!)', 'patterns.hint'),
    awsSecretAccessKey: value.awsSecretAccessKey ? compile(value.awsSecretAccessKey, 'awsSecretAccessKey') : undefined,
    placeholderValues: new Set(value.placeholders.values.map((entry) => entry.toLowerCase())),
    placeholderPatterns: value.placeholders.patterns.map((source, index) => compile(source, `placeholders.patterns.${index}`, 'i')),
    minLength: value.placeholders.minLength,
    references: value.references.map((source, index) => compile(source, `references.${index}`, 'i')),
    publicValues: (value.publicValues ?? []).map((source, index) => compile(source, `publicValues.${index}`, 'i')),
    nameWords: new Set(value.nameWords.flatMap((word) => normalizedTokens(word))),
    keyValueMethods: new Set(value.keyValueMethods),
    secretArguments: value.secretArguments,
    mentions: /(?!)/,
    mayHold: (text) => vocabulary.mentions.test(text) || vocabulary.tokenHint.test(text),
  };
  if (compileErrors.length > 0) throw new CatalogError(compileErrors);
  vocabulary.mentions = mentionsOf(value);
  return vocabulary;
}

/** Credential phrases spelt any way (`api_key`, `apiKey`, `API-KEY`), the token shapes, the secret-argument modules. */
function mentionsOf(data: SecretsData): RegExp {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const phrases = new Set<string>();
  for (const kind of data.kinds) for (const name of kind.names) phrases.add(name.toLowerCase().split(/[\s_-]+/).map(escape).join('[-_\\s]?'));
  const modules = data.secretArguments.map((argument) => escape(argument.module));
  // Phrases and modules case-insensitively; token hints as written (`SK`, `AKIA` are case-sensitive).
  return new RegExp(`(?:${[...phrases, ...modules].join('|')})`, 'i');
}

let bundled: SecretsVocabulary | undefined;

/** The bundled vocabulary, loaded once per process. */
export function bundledSecrets(): SecretsVocabulary {
  bundled ??= loadSecrets();
  return bundled;
}
