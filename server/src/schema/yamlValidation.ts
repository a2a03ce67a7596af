import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { LineCounter, parseDocument, isMap, isPair, isScalar, type Node } from 'yaml';

/** A problem in a YAML file, named by file, dotted key path and, where known, position. */
export interface YamlProblem {
  file: string;
  key: string;
  message: string;
  /** 1-based, as editors and compilers print them. */
  line?: number;
  column?: number;
}

export function formatProblem(problem: YamlProblem): string {
  const where = problem.line ? `${problem.file}:${problem.line}:${problem.column ?? 1}` : problem.file;
  return problem.key ? `${where}: ${problem.key}: ${problem.message}` : `${where}: ${problem.message}`;
}

// verbose: the offending value travels with each error, so messages can quote it.
const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
const compiled = new Map<object, ValidateFunction>();

function validatorFor(schema: object): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/**
 * Parses YAML and validates it against a JSON schema. Every problem names the file and the
 * dotted key, and the line of the offending node, so that a user can go straight to it.
 */
export function parseValidatedYaml<T>(file: string, text: string, schema: object): { value?: T; problems: YamlProblem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined) => {
    if (offset === undefined) return {};
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map((error) => ({ file, key: '', message: `invalid YAML: ${error.message.split('\n')[0]}`, ...at(error.pos[0]) })),
    };
  }
  const value = (doc.toJS() ?? {}) as T;
  const validate = validatorFor(schema);
  if (validate(value)) return { value, problems: [] };
  const problems = mostSpecificErrors(validate.errors ?? []).map((error) => {
    const path = instancePath(error);
    const node = nodeAt(doc.contents as Node | null, path, error.keyword === 'additionalProperties');
    return { file, key: path.join('.'), message: describeError(error), ...at(node?.range?.[0]) };
  });
  return { problems };
}

function instancePath(error: ErrorObject): string[] {
  const path = error.instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (error.keyword === 'additionalProperties') path.push(String(error.params.additionalProperty));
  return path;
}

/**
 * Ajv reports every failed branch of a oneOf; a user wants the one that explains the mistake.
 * Keep, per key, the errors of the deepest path, and drop the composite keywords that only
 * repeat that the branches failed.
 */
function mostSpecificErrors(errors: ErrorObject[]): ErrorObject[] {
  const deepest = new Map<string, ErrorObject[]>();
  for (const error of errors) {
    if (error.keyword === 'oneOf' || error.keyword === 'anyOf' || error.keyword === 'if') continue;
    const key = instancePath(error).join('.');
    const list = deepest.get(key) ?? [];
    list.push(error);
    deepest.set(key, list);
  }
  const keys = [...deepest.keys()];
  const result: ErrorObject[] = [];
  for (const key of keys) {
    // A deeper key under this one explains it better (the branch that matched the shape).
    if (keys.some((other) => other !== key && other.startsWith(key === '' ? '' : `${key}.`) && other.length > key.length)) continue;
    const list = deepest.get(key)!;
    const enumError = list.find((error) => error.keyword === 'enum');
    result.push(enumError ?? list[0]);
  }
  return result.length > 0 ? result : errors.slice(0, 1);
}

function describeError(error: ErrorObject): string {
  const got = (value: unknown) => ` (got ${JSON.stringify(value)})`;
  switch (error.keyword) {
    case 'additionalProperties':
      return 'unknown key';
    case 'enum':
      return `expected one of ${(error.params.allowedValues as unknown[]).map(String).join(', ')}${got(error.data)}`;
    case 'type':
      return `expected ${error.params.type}${got(error.data)}`;
    case 'required':
      return `missing required key "${error.params.missingProperty}"`;
    case 'pattern':
      return `expected a value matching ${error.params.pattern}${got(error.data)}`;
    case 'minimum':
    case 'maximum':
    case 'minLength':
    case 'minItems':
      return `expected ${error.message ?? error.keyword}${got(error.data)}`;
    default:
      return `${error.message ?? error.keyword}${got(error.data)}`;
  }
}

/** Finds the node for a key path: the key itself when the key is the problem, else its value. */
function nodeAt(root: Node | null, path: string[], pointAtKey: boolean): Node | undefined {
  let node: Node | null | undefined = root;
  for (let i = 0; i < path.length && node; i++) {
    const part = path[i];
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === part);
      if (!pair) return node;
      if (pointAtKey && i === path.length - 1 && isScalar(pair.key)) return pair.key as Node;
      node = pair.value as Node | null;
    } else if (node && 'items' in node && Array.isArray((node as { items: unknown[] }).items)) {
      node = (node as unknown as { items: Node[] }).items[Number(part)];
    } else {
      return node;
    }
  }
  return node ?? undefined;
}
