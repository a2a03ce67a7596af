import * as fs from 'fs';
import * as path from 'path';
import type { ComplianceReference } from '../core/types';
import { formatProblem, parseValidatedYaml, type YamlProblem } from '../schema/yamlValidation';
import { packageRoot } from './packageRoot';

/** rules/data-types.yaml, as validated. */
export interface TaxonomyData {
  categories: { id: string; label: string; group: 'phi' | 'pii' | 'personal' }[];
  personContext: string[];
  qualifiers: { before: string[]; after: string[] };
  notData: string[];
  dataTypes: DataTypeData[];
  containers: DataTypeData[];
  recordSuffixes: string[];
  fhirResources: string[];
  inboundPayloads: string[];
}

export interface DataTypeData {
  id: string;
  label: string;
  category: string;
  names: string[];
  contextNames?: string[];
  /** False when a property read from the value is not the data (`insurance.carrier`). */
  partsAreData?: boolean;
}

/** rules/sinks/logs.yaml, as validated. */
export interface LogSinkData {
  family: 'logs';
  rule: string;
  label: string;
  loggerNames: string[];
  methods: string[];
  childMethods: string[];
  globals: { object: string; methods: string[] }[];
  libraries: LogLibraryData[];
}

export interface LogLibraryData {
  module: string;
  /** The module object itself logs: `winston.info(...)`. */
  moduleIsLogger?: boolean;
  /** Calling the module's default export returns a logger: `pino()`, `debug('ns')`. */
  callable?: 'factory';
  /** The logger is a function: `const dbg = debug('app'); dbg(value)`. */
  loggerIsCallable?: boolean;
  /** Module functions that return a logger: `winston.createLogger()`. */
  factories?: string[];
  /** Named exports that are logger instances: `import { consola } from 'consola'`. */
  loggerExports?: string[];
  /** Classes whose instances are loggers: `new Logger()`. */
  classes?: string[];
  /** The class's static methods log too: NestJS `Logger.log(...)`. */
  classIsLogger?: boolean;
}

/** A family of call sinks (rules/sinks/<family>.yaml): error tracking, analytics, storage, URLs. */
export interface CallSinkFamilyData {
  family: string;
  rule: string;
  label: string;
  sinks: CallSinkData[];
}

export interface CallSinkData {
  vendor: string;
  /** Modules whose imports are this vendor's receivers and functions. */
  modules?: string[];
  /** Receivers recognised by name: the last tokens of the receiver's name (`this.analytics`). */
  receiverNames?: string[];
  /** Receivers that are the result of these calls: `tx.objectStore('x').put(...)`. */
  receiverCalls?: string[];
  /** Properties of the vendor's objects are receivers too: Dexie's tables (`db.patients.put(...)`). */
  membersAreReceivers?: boolean;
  /** Hooks whose setter (the second element of their result) writes the value: `useLocalStorage`. */
  hookSetters?: Record<string, number[]>;
  /** Direct calls and the argument positions that carry data: `gtag('event', name, params)`. */
  functions?: Record<string, number[]>;
  methods?: Record<string, number[]>;
  constructors?: Record<string, number[]>;
  /** `localStorage.x = value`, `document.cookie = value`; `*` for any property. */
  assignedProperties?: string[];
  /** JSX attributes whose value is a sink: `<a href={...}>`. */
  jsxAttributes?: string[];
}

export interface Catalog {
  taxonomy: TaxonomyData;
  logSinks: LogSinkData;
  /** Call-sink families by family name. */
  callSinks: Map<string, CallSinkFamilyData>;
  sanitizers: string[];
  references: Map<string, ComplianceReference>;
}

export class CatalogError extends Error {
  constructor(readonly problems: YamlProblem[]) {
    super(`invalid phi-lint catalog:\n${problems.map(formatProblem).join('\n')}`);
  }
}

/** Reads and validates one file under rules/ against rules/schema/<schemaName>, adding its problems to `problems`. */
export function loadFile<T>(rulesDir: string, relativePath: string, schemaName: string, problems: YamlProblem[]): T | undefined {
  const file = path.join(rulesDir, relativePath);
  const schema = JSON.parse(fs.readFileSync(path.join(rulesDir, 'schema', schemaName), 'utf8')) as object;
  const result = parseValidatedYaml<T>(file, fs.readFileSync(file, 'utf8'), schema);
  problems.push(...result.problems);
  return result.value;
}

/** Cross-file checks that a schema cannot express: ids that must name something that exists. */
function checkReferences(taxonomy: TaxonomyData, file: string, problems: YamlProblem[]): void {
  const categories = new Set(taxonomy.categories.map((category) => category.id));
  const seen = new Set<string>();
  for (const [listName, list] of [['dataTypes', taxonomy.dataTypes], ['containers', taxonomy.containers]] as const) {
    list.forEach((entry, index) => {
      if (!categories.has(entry.category)) {
        problems.push({ file, key: `${listName}.${index}.category`, message: `unknown category "${entry.category}"` });
      }
      if (seen.has(entry.id)) problems.push({ file, key: `${listName}.${index}.id`, message: `duplicate id "${entry.id}"` });
      seen.add(entry.id);
    });
  }
}

let defaultCatalog: Catalog | undefined;

/** Loads and validates the vocabulary under rules/. Throws CatalogError naming file and key. */
export function loadCatalog(rulesDir = path.join(packageRoot(), 'rules')): Catalog {
  const problems: YamlProblem[] = [];
  const taxonomy = loadFile<TaxonomyData>(rulesDir, 'data-types.yaml', 'data-types.schema.json', problems);
  const logSinks = loadFile<LogSinkData>(rulesDir, path.join('sinks', 'logs.yaml'), 'sinks.schema.json', problems);
  const sanitizers = loadFile<{ sanitizers: string[] }>(rulesDir, 'sanitizers.yaml', 'sanitizers.schema.json', problems);
  const references = loadFile<{ references: ComplianceReference[] }>(rulesDir, 'references.yaml', 'references.schema.json', problems);
  const callSinks = new Map<string, CallSinkFamilyData>();
  const sinkFiles = fs.readdirSync(path.join(rulesDir, 'sinks')).filter((name) => name.endsWith('.yaml') && name !== 'logs.yaml').sort();
  for (const name of sinkFiles) {
    const family = loadFile<CallSinkFamilyData>(rulesDir, path.join('sinks', name), 'call-sinks.schema.json', problems);
    if (family) callSinks.set(family.family, family);
  }
  if (taxonomy) checkReferences(taxonomy, path.join(rulesDir, 'data-types.yaml'), problems);
  if (problems.length > 0 || !taxonomy || !logSinks || !sanitizers || !references) throw new CatalogError(problems);
  return {
    taxonomy,
    logSinks,
    callSinks,
    sanitizers: sanitizers.sanitizers,
    references: new Map(references.references.map((reference) => [reference.id, reference])),
  };
}

/** The bundled catalog, loaded once per process. */
export function bundledCatalog(): Catalog {
  defaultCatalog ??= loadCatalog();
  return defaultCatalog;
}
