import { asString, getAll, getValue, itemsOf, referencedResource, resolvedValue, type IacDocument, type IacResource, type IacValue, type Span } from './model';

/**
 * IAM policy documents, whatever they are written as: a CloudFormation PolicyDocument map, a
 * Terraform `jsonencode({...})`, a JSON heredoc or string, or an `aws_iam_policy_document` data
 * source's `statement` blocks. Statements come out normalized, with the spans of their parts
 * where the document has them (a JSON string has none: its spans are the whole string's).
 */
export interface PolicyStatement {
  effect: 'Allow' | 'Deny';
  /** Undefined when not statically known. */
  actions?: string[];
  notActions?: string[];
  resources?: string[];
  /** Principal: `*`, `{AWS: '*'}`, `principals { type = "*" }`, `identifiers = ["*"]`. */
  principalIsAnyone: boolean;
  hasPrincipal: boolean;
  /** Condition keys with their operator and values: `Bool aws:SecureTransport false`. */
  conditions: { operator: string; key: string; values: string[] }[];
  /** The statement, and its Principal / Action / Resource when written as separate values. */
  span: Span;
  principalSpan?: Span;
  actionSpan?: Span;
  resourceSpan?: Span;
  /** The file the statement is written in. */
  file: string;
  /** Resources named in Resource by reference (`!GetAtt Bucket.Arn`, `aws_s3_bucket.b.arn`). */
  resourceRefs: IacResource[];
}

function strings(document: IacDocument, value: IacValue | undefined): string[] | undefined {
  if (!value) return undefined;
  const out: string[] = [];
  for (const item of itemsOf(value)) {
    const text = asString(resolvedValue(document, item));
    if (text === undefined) return undefined;
    out.push(text);
  }
  return out;
}

/** Like strings(), but unknown items (references) are skipped rather than spoiling the list. */
function knownStrings(document: IacDocument, value: IacValue | undefined): string[] {
  return itemsOf(value).flatMap((item) => {
    const text = asString(resolvedValue(document, item));
    return text === undefined ? [] : [text];
  });
}

function refsOf(document: IacDocument, value: IacValue | undefined): IacResource[] {
  const out: IacResource[] = [];
  for (const item of itemsOf(value)) {
    let target = item;
    // `!Sub '${Bucket.Arn}/*'`, `"${aws_s3_bucket.b.arn}/*"`, `!Join ['', [!GetAtt B.Arn, '/*']]`
    if (target.kind === 'call' && target.name === 'Fn::Join') target = itemsOf(target.args[1])[0] ?? target;
    const resource = referencedResource(document, target);
    if (resource) out.push(resource);
  }
  return out;
}

/** `"*"`, `{"AWS": "*"}`, `{"AWS": ["*"]}` */
function principalIsAnyone(document: IacDocument, principal: IacValue | undefined): boolean {
  if (!principal) return false;
  const direct = asString(resolvedValue(document, principal));
  if (direct === '*') return true;
  if (principal.kind === 'map') {
    return principal.entries.some((entry) => entry.key === 'AWS' && (strings(document, entry.value) ?? []).includes('*'));
  }
  return false;
}

function conditionsOf(document: IacDocument, condition: IacValue | undefined): PolicyStatement['conditions'] {
  const out: PolicyStatement['conditions'] = [];
  if (condition?.kind !== 'map') return out;
  for (const operator of condition.entries) {
    if (operator.value.kind !== 'map') continue;
    for (const key of operator.value.entries) out.push({ operator: operator.key, key: key.key, values: knownStrings(document, key.value) });
  }
  return out;
}

/** Statements of a JSON-shaped policy (CloudFormation map, jsonencode object). */
function fromDocumentValue(document: IacDocument, policy: IacValue, file: string): PolicyStatement[] {
  const statements = getValue(policy, 'Statement');
  return itemsOf(statements).flatMap((statement): PolicyStatement[] => {
    if (statement.kind !== 'map') return [];
    const effect = asString(resolvedValue(document, getValue(statement, 'Effect')));
    const principal = getValue(statement, 'Principal');
    const action = getValue(statement, 'Action');
    const resource = getValue(statement, 'Resource');
    return [
      {
        effect: effect === 'Deny' ? 'Deny' : 'Allow',
        actions: action ? strings(document, action) : [],
        notActions: strings(document, getValue(statement, 'NotAction')),
        resources: resource ? strings(document, resource) : [],
        principalIsAnyone: principalIsAnyone(document, principal),
        hasPrincipal: principal !== undefined,
        conditions: conditionsOf(document, getValue(statement, 'Condition')),
        span: statement.span,
        principalSpan: principal?.span,
        actionSpan: action?.span,
        resourceSpan: resource?.span,
        file,
        resourceRefs: refsOf(document, resource),
      },
    ];
  });
}

/** Statements of a policy written as a JSON string (heredoc): no spans inside it. */
function fromJsonText(text: string, span: Span, file: string): PolicyStatement[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  const list = (value: unknown): string[] | undefined => (typeof value === 'string' ? [value] : Array.isArray(value) && value.every((item) => typeof item === 'string') ? (value as string[]) : undefined);
  const statements = (parsed as { Statement?: unknown })?.Statement;
  return (Array.isArray(statements) ? statements : statements ? [statements] : []).flatMap((statement: Record<string, unknown>): PolicyStatement[] => {
    if (!statement || typeof statement !== 'object') return [];
    const principal = statement.Principal as unknown;
    const anyone = principal === '*' || (typeof principal === 'object' && principal !== null && (list((principal as Record<string, unknown>).AWS) ?? []).includes('*'));
    const conditions: PolicyStatement['conditions'] = [];
    const condition = statement.Condition as Record<string, Record<string, unknown>> | undefined;
    if (condition && typeof condition === 'object') {
      for (const [operator, keys] of Object.entries(condition)) {
        if (keys && typeof keys === 'object') for (const [key, values] of Object.entries(keys)) conditions.push({ operator, key, values: list(values) ?? (typeof values === 'boolean' ? [String(values)] : []) });
      }
    }
    return [
      {
        effect: statement.Effect === 'Deny' ? 'Deny' : 'Allow',
        actions: statement.Action === undefined ? [] : list(statement.Action),
        notActions: list(statement.NotAction),
        resources: statement.Resource === undefined ? [] : list(statement.Resource),
        principalIsAnyone: anyone,
        hasPrincipal: principal !== undefined,
        conditions,
        span,
        file,
        resourceRefs: [],
      },
    ];
  });
}

/** Statements of an `aws_iam_policy_document` data source. */
function fromPolicyDocumentData(document: IacDocument, data: IacResource): PolicyStatement[] {
  return getAll(data.properties, 'statement').flatMap((statement): PolicyStatement[] => {
    if (statement.kind !== 'map') return [];
    const effect = asString(resolvedValue(document, getValue(statement, 'effect')));
    const principals = getAll(statement, 'principals');
    const anyone = principals.some((principal) => {
      const type = asString(resolvedValue(document, getValue(principal, 'type')));
      const identifiers = strings(document, getValue(principal, 'identifiers')) ?? [];
      return type === '*' || ((type === 'AWS' || type === '*') && identifiers.includes('*'));
    });
    const conditions = getAll(statement, 'condition').map((condition) => ({
      operator: asString(resolvedValue(document, getValue(condition, 'test'))) ?? '',
      key: asString(resolvedValue(document, getValue(condition, 'variable'))) ?? '',
      values: knownStrings(document, getValue(condition, 'values')),
    }));
    const actions = getValue(statement, 'actions');
    const resources = getValue(statement, 'resources');
    return [
      {
        effect: effect === 'Deny' ? 'Deny' : 'Allow',
        actions: actions ? strings(document, actions) : [],
        notActions: strings(document, getValue(statement, 'not_actions')),
        resources: resources ? strings(document, resources) : [],
        principalIsAnyone: anyone,
        hasPrincipal: principals.length > 0,
        conditions,
        span: statement.span,
        principalSpan: principals[0]?.span,
        actionSpan: actions?.span,
        resourceSpan: resources?.span,
        file: data.file,
        resourceRefs: refsOf(document, resources),
      },
    ];
  });
}

/**
 * The statements of a policy value: a map, `jsonencode(...)`, a JSON string, or a reference to
 * an `aws_iam_policy_document` (`data.aws_iam_policy_document.d.json`). Undefined when the
 * policy cannot be read statically.
 */
export function policyStatements(document: IacDocument, value: IacValue | undefined, file: string): PolicyStatement[] | undefined {
  if (!value) return undefined;
  if (value.kind === 'map') return fromDocumentValue(document, value, file);
  if (value.kind === 'call' && value.name === 'jsonencode' && value.args[0]) {
    const inner = value.args[0];
    if (inner.kind === 'map') return fromDocumentValue(document, inner, file);
    const data = referencedResource(document, inner);
    return data?.type === 'aws_iam_policy_document' ? fromPolicyDocumentData(document, data) : undefined;
  }
  const target = referencedResource(document, value);
  if (target?.type === 'aws_iam_policy_document') return fromPolicyDocumentData(document, target);
  const literal = resolvedValue(document, value);
  if (literal?.kind === 'string') return fromJsonText(literal.value, value.span, file);
  return undefined;
}

/** Whether a statement denies requests that do not use TLS (`aws:SecureTransport` false). */
export function deniesInsecureTransport(statement: PolicyStatement): boolean {
  return statement.effect === 'Deny' && statement.conditions.some((condition) => condition.key.toLowerCase() === 'aws:securetransport' && /^bool/i.test(condition.operator) && condition.values.some((value) => value.toLowerCase() === 'false'));
}

/** Whether a statement's conditions narrow who it applies to (source VPC, account, IP, org). */
export function isConditioned(statement: PolicyStatement): boolean {
  return statement.conditions.length > 0;
}
