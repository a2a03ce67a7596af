import type { Literal } from '../../parse/treeSitterTrees';

/**
 * A format-neutral model of infrastructure as code: resources with a type, a name and
 * positioned properties, references between them, and the parameters, variables and locals
 * their values may come from. CloudFormation (YAML and JSON), Terraform, ARM templates and Bicep
 * read into it (cloudformation.ts, terraform.ts, arm.ts, bicep.ts); CDK and Pulumi readers can
 * plug in the same way.
 * Offsets are UTF-16 offsets into the file a resource was read from.
 */

/** `cdk` and `pulumi`: programs in TypeScript or JavaScript, read by constructs.ts. */
export type IacFormat = 'cloudformation' | 'terraform' | 'arm' | 'bicep' | 'cdk' | 'pulumi';

/** Azure's template formats: the same resource types and property names, two syntaxes. */
export function isAzureTemplate(format: IacFormat): format is 'arm' | 'bicep' {
  return format === 'arm' || format === 'bicep';
}

export interface Span {
  start: number;
  end: number;
}

export interface IacEntry {
  key: string;
  keySpan: Span;
  value: IacValue;
  /** From the key to the end of the value. */
  span: Span;
}

/** A reference: CloudFormation Ref / Fn::GetAtt, a Terraform traversal. */
export interface IacRef {
  /**
   * What is referenced: a CloudFormation logical id or parameter; in Terraform `var.x`,
   * `local.y`, `aws_kms_key.main`, `data.aws_iam_policy_document.d`, `module.m`; in Bicep a
   * parameter, variable or resource symbol; in ARM `x` for `parameters('x')` and `variables.y`
   * for `variables('y')`.
   */
  target: string;
  /** `Arn` of `!GetAtt Key.Arn`, `arn` of `aws_kms_key.main.arn`. */
  attribute?: string;
}

export type IacValue = { span: Span } & (
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'list'; items: IacValue[] }
  /**
   * `block`: a Terraform nested block (`versioning { ... }`); `flow`: `{ a: 1 }` / JSON;
   * `open`: it has entries not written in it (a Bicep `...spread`), so a key it lacks is unknown.
   */
  | { kind: 'map'; entries: IacEntry[]; block?: boolean; flow?: boolean; open?: boolean }
  | ({ kind: 'ref' } & IacRef)
  /** An intrinsic or a function: `Fn::Sub`, `Fn::If`, `jsonencode`, `merge`. */
  | { kind: 'call'; name: string; args: IacValue[] }
  /** Anything else (a Terraform template or expression): its text and the references in it. */
  | { kind: 'unknown'; text: string; refs: IacRef[] }
);

/** A literal of a Terraform or Bicep tree. */
export function literalValue(literal: Literal): IacValue {
  const span = { start: literal.start, end: literal.end };
  switch (literal.type) {
    case 'string':
      return { kind: 'string', value: literal.value, span };
    case 'number':
      return { kind: 'number', value: literal.value, span };
    case 'bool':
      return { kind: 'boolean', value: literal.value, span };
    case 'null':
      return { kind: 'null', span };
  }
}

export type IacMap = Extract<IacValue, { kind: 'map' }>;
export type IacList = Extract<IacValue, { kind: 'list' }>;

export interface IacResource {
  format: IacFormat;
  /** Absolute path of the file it is written in. */
  file: string;
  /** Managed resource or (Terraform) data source. */
  mode: 'resource' | 'data';
  /** `AWS::S3::Bucket`, `aws_s3_bucket`, `Microsoft.Storage/storageAccounts` (a nested ARM/Bicep resource's full type). */
  type: string;
  /**
   * The CloudFormation logical id; Terraform `aws_s3_bucket.patient_records` (`data.` prefixed
   * for data sources); the Bicep symbolic name; an ARM resource's `name` (its text when it is
   * an expression).
   */
  name: string;
  /** Where the name is written: the logical id key, the Terraform name label, the Bicep symbol, the ARM `name` value. */
  nameSpan: Span;
  /** The whole resource. */
  span: Span;
  /** CloudFormation `Properties`; a Terraform block body; ARM/Bicep `properties`. Undefined when there is none. */
  properties?: IacMap;
  /** CloudFormation, ARM, Bicep: the resource's own map (Type, Properties, Metadata, ...). Terraform: the body. */
  container: IacMap;
  /** ARM/Bicep: the resource this one is nested in (or names as its `parent`). */
  parent?: IacResource;
  /** Terraform: offsets of the block's braces, for inserting into it (-1 when not closed). */
  braces?: { open: number; close: number };
  /** CDK: tags applied from outside the construct (`Tags.of(bucket).add(...)`). */
  tags?: IacMap;
}

/** A CloudFormation, ARM or Bicep parameter, or a Terraform variable. */
export interface IacParameter {
  name: string;
  file: string;
  span: Span;
  default?: IacValue;
  /** NoEcho (CloudFormation) or sensitive (Terraform). */
  secret: boolean;
  type?: string;
  /** Its definition (the parameter's map, the variable block's body), for edits. */
  definition?: IacMap;
  /** Terraform: the variable block's braces. */
  braces?: { open: number; close: number };
  /**
   * Terraform, in a module that `module` blocks elsewhere call: what they pass for the variable
   * (the value when every caller passes the same literal, none when they differ or compute it),
   * and who, for messages. The default then matters only to callers that pass nothing.
   */
  passed?: { value?: IacValue; by: string };
}

/** The model of one linted file, with what it can see (a Terraform module's other files). */
export interface IacDocument {
  format: IacFormat;
  file: string;
  text: string;
  /** JSON template: edits are written as JSON. */
  json: boolean;
  /** Resources written in this file: the ones findings are reported on. */
  resources: IacResource[];
  /** Every resource in scope: this file's and, in Terraform, the module's other files'. */
  scope: IacResource[];
  parameters: Map<string, IacParameter>;
  /** Terraform locals; ARM and Bicep variables. */
  locals: Map<string, { value: IacValue; file: string }>;
  /** CloudFormation: the template's root map (to add Parameters). */
  root?: IacMap;
}

// ---------------------------------------------------------------------------------------------
// Reading values

export function entryOf(map: IacValue | undefined, key: string): IacEntry | undefined {
  if (!map || map.kind !== 'map') return undefined;
  return map.entries.find((entry) => entry.key === key);
}

export function getValue(map: IacValue | undefined, key: string): IacValue | undefined {
  const value = entryOf(map, key)?.value;
  // A key an open map lacks may come from what it spreads in: not absent, unknown.
  if (!value && map?.kind === 'map' && map.open) return { kind: 'unknown', text: `${key} (spread in)`, refs: [], span: map.span };
  return value;
}

/** All entries of a key (Terraform repeats nested blocks: `rule { } rule { }`). */
export function getAll(map: IacValue | undefined, key: string): IacValue[] {
  if (!map || map.kind !== 'map') return [];
  return map.entries.filter((entry) => entry.key === key).map((entry) => entry.value);
}

/**
 * A value by dotted path. A list on the way yields its first element, as a Terraform block
 * written once reads like a one-element list (`encrypt_at_rest { enabled = true }`).
 */
export function getPath(map: IacValue | undefined, path: readonly string[]): IacValue | undefined {
  let current: IacValue | undefined = map;
  for (const key of path) {
    if (current?.kind === 'list') current = current.items[0];
    // Below what cannot be known (spread in, computed), nothing can be.
    if (current?.kind === 'unknown') return current;
    current = getValue(current, key);
    if (!current) return undefined;
  }
  return current;
}

/** The items of a list, or the value itself when it is not one (`Statement: {...}`). */
export function itemsOf(value: IacValue | undefined): IacValue[] {
  if (!value) return [];
  return value.kind === 'list' ? value.items : [value];
}

/** CloudFormation accepts "true" for true; Terraform too, as a string converts. */
export function asBoolean(value: IacValue | undefined): boolean | undefined {
  if (!value) return undefined;
  if (value.kind === 'boolean') return value.value;
  if (value.kind === 'string') {
    const lower = value.value.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
  }
  return undefined;
}

export function asString(value: IacValue | undefined): string | undefined {
  if (!value) return undefined;
  if (value.kind === 'string') return value.value;
  if (value.kind === 'number' || value.kind === 'boolean') return String(value.value);
  return undefined;
}

export function asNumber(value: IacValue | undefined): number | undefined {
  if (!value) return undefined;
  if (value.kind === 'number') return value.value;
  if (value.kind === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value.value)) return Number(value.value);
  return undefined;
}

/** A literal (string, number, boolean, null), as opposed to something computed. */
export function isLiteral(value: IacValue | undefined): boolean {
  return !!value && (value.kind === 'string' || value.kind === 'number' || value.kind === 'boolean' || value.kind === 'null');
}

/** Every reference inside a value. */
export function refsIn(value: IacValue | undefined, out: IacRef[] = []): IacRef[] {
  if (!value) return out;
  switch (value.kind) {
    case 'ref':
      out.push({ target: value.target, attribute: value.attribute });
      break;
    case 'list':
      value.items.forEach((item) => refsIn(item, out));
      break;
    case 'map':
      value.entries.forEach((entry) => refsIn(entry.value, out));
      break;
    case 'call':
      value.args.forEach((arg) => refsIn(arg, out));
      if (value.name === 'Fn::Sub') {
        // `!Sub '${Bucket.Arn}/*'`: the names in ${} are references too.
        const template = value.args[0]?.kind === 'list' ? value.args[0].items[0] : value.args[0];
        if (template?.kind === 'string') {
          for (const match of template.value.matchAll(/\$\{([A-Za-z0-9:]+)(?:\.([A-Za-z0-9.]+))?\}/g)) out.push({ target: match[1], attribute: match[2] });
        }
      }
      break;
    case 'unknown':
      out.push(...value.refs);
      break;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Resolving references

/** What a value is once parameters, variables and locals are replaced by what they hold. */
export type Resolved =
  | { state: 'value'; value: IacValue; via?: string }
  /** `!Ref AWS::NoValue`, `null`: as if the property were not written. */
  | { state: 'absent'; via?: string }
  /** A parameter without a default, a resource attribute, an expression: cannot be known here. */
  | { state: 'unknown'; via?: string };

const MAX_DEPTH = 8;

/**
 * Resolves a value as far as the files allow. Parameters and variables resolve to their
 * defaults (a deployment may override them: a default is what the template asks for when
 * nobody does), locals to their values, `!Sub` without substitutions to its string.
 */
export function resolve(document: IacDocument, value: IacValue | undefined, depth = 0): Resolved {
  if (!value) return { state: 'absent' };
  if (depth > MAX_DEPTH) return { state: 'unknown' };
  if (value.kind === 'null') return { state: 'absent' };
  if (value.kind === 'ref' && isAzureTemplate(document.format)) return resolveAzureRef(document, value, depth);
  if (value.kind === 'ref') {
    if (value.target === 'AWS::NoValue') return { state: 'absent' };
    const parameterName = document.format === 'terraform' ? (value.target.startsWith('var.') ? value.target.slice(4) : undefined) : value.attribute === undefined ? value.target : undefined;
    const parameter = parameterName !== undefined ? document.parameters.get(parameterName) : undefined;
    if (parameter) {
      const via = document.format === 'terraform' ? `variable \`${parameter.name}\`` : `parameter \`${parameter.name}\``;
      if (parameter.passed) return parameter.passed.value ? { ...resolve(document, parameter.passed.value, depth + 1), via: parameter.passed.by } : { state: 'unknown', via: parameter.passed.by };
      if (!parameter.default) return { state: 'unknown', via };
      const inner = resolve(document, parameter.default, depth + 1);
      return { ...inner, via: inner.via ?? `the default of ${via}` };
    }
    if (document.format === 'terraform' && value.target.startsWith('local.')) {
      const local = document.locals.get(value.target.slice(6));
      if (local) {
        const inner = resolve(document, local.value, depth + 1);
        return { ...inner, via: inner.via ?? `local \`${value.target.slice(6)}\`` };
      }
    }
    return { state: 'unknown' };
  }
  if (value.kind === 'call' && value.name === 'Fn::Sub') {
    const template = value.args[0];
    if (template?.kind === 'string' && !template.value.includes('${')) return { state: 'value', value: template };
    return { state: 'unknown' };
  }
  if (value.kind === 'call' && (value.name === 'concat' || value.name === 'format') && isAzureTemplate(document.format)) return resolveConcat(document, value, depth);
  if (value.kind === 'call' || value.kind === 'unknown') return { state: 'unknown' };
  return { state: 'value', value };
}

/** An ARM or Bicep parameter or variable, by the name a reference gives (see IacRef.target). */
function resolveAzureRef(document: IacDocument, value: Extract<IacValue, { kind: 'ref' }>, depth: number): Resolved {
  if (value.attribute !== undefined) return { state: 'unknown' };
  const parameter = document.parameters.get(value.target);
  if (parameter) {
    const via = `parameter \`${parameter.name}\``;
    if (!parameter.default) return { state: 'unknown', via };
    const inner = resolve(document, parameter.default, depth + 1);
    return { ...inner, via: inner.via ?? `the default of ${via}` };
  }
  const variable = document.locals.get(value.target);
  if (variable) {
    const inner = resolve(document, variable.value, depth + 1);
    return { ...inner, via: inner.via ?? `variable \`${value.target.replace(/^variables\./, '')}\`` };
  }
  return { state: 'unknown' };
}

/**
 * ARM `concat('a', parameters('b'))` and `format('{0}/default', parameters('b'))` of known
 * strings: a child resource's `server/default` name.
 */
function resolveConcat(document: IacDocument, value: Extract<IacValue, { kind: 'call' }>, depth: number): Resolved {
  const parts: string[] = [];
  for (const arg of value.args) {
    const part = resolve(document, arg, depth + 1);
    if (part.state !== 'value') return { state: 'unknown' };
    const piece = asString(part.value);
    if (piece === undefined) return { state: 'unknown' };
    parts.push(piece);
  }
  const text = value.name === 'format' ? (parts[0] ?? '').replace(/\{(\d+)\}/g, (whole, index: string) => parts[Number(index) + 1] ?? whole) : parts.join('');
  return { state: 'value', value: { kind: 'string', value: text, span: value.span } };
}

/** The resolved value when it is known, else undefined (absent and unknown alike). */
export function resolvedValue(document: IacDocument, value: IacValue | undefined): IacValue | undefined {
  const resolved = resolve(document, value);
  return resolved.state === 'value' ? resolved.value : undefined;
}

/** The resource a reference names, if it is in scope. */
export function resourceOf(document: IacDocument, ref: IacRef | undefined): IacResource | undefined {
  if (!ref) return undefined;
  return document.scope.find((resource) => resource.name === ref.target);
}

/** The resource a value refers to, directly or through locals. */
export function referencedResource(document: IacDocument, value: IacValue | undefined, depth = 0): IacResource | undefined {
  if (!value || depth > MAX_DEPTH) return undefined;
  if (value.kind === 'ref') {
    const direct = resourceOf(document, value);
    if (direct) return direct;
    if (document.format === 'terraform' && value.target.startsWith('local.')) {
      return referencedResource(document, document.locals.get(value.target.slice(6))?.value, depth + 1);
    }
    if (isAzureTemplate(document.format) && document.locals.has(value.target)) return referencedResource(document, document.locals.get(value.target)?.value, depth + 1);
    return undefined;
  }
  if (value.kind === 'call' && value.name === 'Fn::Sub') return resourceOf(document, refsIn(value)[0]);
  if (value.kind === 'unknown' && value.refs.length === 1) return resourceOf(document, value.refs[0]);
  return undefined;
}

/**
 * Resources of the given types attached to `target` through `property`: a CloudFormation
 * `AWS::S3::BucketPolicy` whose `Bucket` is `!Ref PatientBucket`; a Terraform
 * `aws_s3_bucket_versioning` whose `bucket` is `aws_s3_bucket.b.id`, or the bucket's literal
 * name. `nameOf` gives the target's own name (its `bucket` / `BucketName`) for literal joins.
 */
export function attachedTo(document: IacDocument, target: IacResource, types: readonly string[], property: string, nameOf?: (resource: IacResource) => string | undefined): IacResource[] {
  const ownName = nameOf?.(target);
  return document.scope.filter((candidate) => {
    if (!types.includes(candidate.type) || candidate.mode !== 'resource') return false;
    const value = getValue(candidate.properties, property);
    if (!value) return false;
    if (referencedResource(document, value) === target) return true;
    if (ownName !== undefined) {
      const literal = resolvedValue(document, value);
      if (literal?.kind === 'string' && literal.value === ownName) return true;
    }
    return false;
  });
}

/** Resources whose properties mention `target` anywhere. */
export function referrersOf(document: IacDocument, target: IacResource, types?: readonly string[]): IacResource[] {
  return document.scope.filter((candidate) => {
    if (candidate === target || (types && !types.includes(candidate.type))) return false;
    return refsIn(candidate.properties).some((ref) => ref.target === target.name);
  });
}

/** Tags as plain strings: CloudFormation's list of {Key, Value} or map; Terraform's map. */
export function tagsOf(document: IacDocument, resource: IacResource): Map<string, string> {
  const tags = new Map<string, string>();
  // ARM and Bicep write tags next to `properties`, not in them.
  const value = resource.tags ?? (isAzureTemplate(document.format) ? getValue(resource.container, 'tags') : getValue(resource.properties, document.format === 'cloudformation' ? 'Tags' : 'tags'));
  const add = (key: string | undefined, tagValue: IacValue | undefined) => {
    const text = asString(resolvedValue(document, tagValue));
    if (key !== undefined && text !== undefined) tags.set(key, text);
  };
  const walk = (candidate: IacValue | undefined, depth: number) => {
    if (!candidate || depth > MAX_DEPTH) return;
    if (candidate.kind === 'list') {
      for (const item of candidate.items) add(asString(resolvedValue(document, getValue(item, 'Key'))), getValue(item, 'Value'));
    } else if (candidate.kind === 'map') {
      for (const entry of candidate.entries) add(entry.key, entry.value);
    } else if (candidate.kind === 'call' && candidate.name === 'merge') {
      candidate.args.forEach((arg) => walk(arg, depth + 1));
    } else if (candidate.kind === 'ref') {
      const resolved = resolve(document, candidate);
      if (resolved.state === 'value') walk(resolved.value, depth + 1);
    }
  };
  walk(value, 0);
  return tags;
}
