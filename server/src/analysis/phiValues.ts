import type { TSESTree } from '@typescript-eslint/types';
import type { Classification, Classifier } from './classifier';
import { moduleMemberOf, type Binding, type Bindings } from './bindings';
import { normalizeModule } from './moduleReference';
import type { TypeIndex } from './typeIndex';
import { walk } from '../parse/typescript';
import { propertyName, unwrap } from './ast';
import { tokenize } from './tokenize';

/** A sensitive value found inside an expression that reaches a sink. */
export interface PhiHit {
  /** The smallest expression holding the value: what a fix wraps or replaces. */
  node: TSESTree.Node;
  classification: Classification;
  /** When the value came through a variable: the expression it was assigned from. */
  origin?: { node: TSESTree.Node; name: string; destructured?: boolean; returned?: boolean };
  /** `{ ssn }`: a shorthand property, which a fix has to expand. */
  shorthand?: TSESTree.Property;
  /** `{ ...patient }`: a spread, which a fix has to turn into a property. */
  spread?: TSESTree.SpreadElement;
}

const INBOUND_PAYLOAD = 'inbound-payload';
/** The taxonomy category of clinical data (rules/data-types.yaml). */
const HEALTH_INFORMATION = 'health-information';

/** Stands for "read from a person's record" when a record reaches a property through an alias. */
const RECORD_CONTEXT = 'patient';

/** Calls whose result carries their argument's content unchanged (or merely re-encoded). */
const PASS_THROUGH_FUNCTIONS = new Set(['String', 'encodeURIComponent', 'encodeURI', 'escape', 'btoa', 'structuredClone']);
/** Module functions that pass their arguments' content on, imported by name or reached by member. */
const PASS_THROUGH_MODULE_FUNCTIONS: Record<string, Set<string>> = {
  util: new Set(['inspect', 'format', 'formatWithOptions']),
};
const PASS_THROUGH_MEMBERS: Record<string, Set<string>> = {
  JSON: new Set(['stringify']),
  util: new Set(['inspect', 'format']),
  Object: new Set(['assign', 'values', 'entries', 'freeze']),
  Array: new Set(['from', 'of']),
  Buffer: new Set(['from']),
};
/** Methods whose result still holds the receiver's content: `ssn.trim()`, `patients.filter(...)`. */
const PASS_THROUGH_METHODS = new Set([
  'toString', 'trim', 'trimStart', 'trimEnd', 'toLowerCase', 'toUpperCase', 'toLocaleLowerCase', 'toLocaleUpperCase',
  'padStart', 'padEnd', 'slice', 'substring', 'substr', 'concat', 'normalize', 'replace', 'replaceAll', 'split', 'join',
  'match', 'matchAll', 'charAt',
  'filter', 'find', 'findLast', 'at', 'sort', 'reverse', 'flat', 'toJSON', 'toISOString', 'toDateString',
  'toLocaleDateString', 'toLocaleString', 'valueOf',
]);
/**
 * `sha256(email)`, `md5(ssn)`: an unkeyed hash still identifies the person (it is how ad
 * platforms match users), so it carries its argument on. Keyed HMACs are sanitizers.
 */
const UNKEYED_HASH = /^(sha(1|224|256|384|512)?|md5)(Hex|Base64)?$/i;

/** Methods whose arguments become part of their result. */
const JOINING_METHODS = new Set(['replace', 'replaceAll', 'concat', 'padStart', 'padEnd']);
/** ORM and repository reads and writes that return the records of the model they are called on. */
const RECORD_METHODS = /^(find|findOne|findUnique|findFirst|findMany|findAll|findById|findByPk|findOneBy|findBy|get|getOne|getMany|create|createMany|update|upsert|save|insert|delete|aggregate)(OrThrow)?$/;
/** Suffixes of repository and model names: `patientRepository` reads patients. */
const STORE_SUFFIXES = /(Repository|Repo|Model|Dao|Table|Collection|Store|Service)$/;

/** Array methods whose result holds what their callback returns. */
const MAPPING_METHODS = new Set(['map', 'flatMap']);
/** Accessor verbs: `getPatientSsn()` returns what its name says. */
const ACCESSOR_PREFIXES = new Set(['get', 'fetch', 'load', 'find', 'read', 'lookup', 'retrieve']);

export interface PhiValueOptions {
  classifier: Classifier;
  bindings: Bindings;
  /** PHI-bearing types: values typed by them are records. */
  typeIndex: TypeIndex;
  filePath: string;
  text: string;
  /** Property chains of inbound payloads (`req.body`, `event.body`): records of unknown content. */
  inboundPayloads: ReadonlySet<string>;
  /** Functions exported by the relative modules this file imports, for cross-file summaries. */
  modules?: ModuleFunctions;
  /** Sanitizer names (redact, mask, ...): a call whose name starts with one ends the flow. */
  sanitizers: ReadonlySet<string>;
  /** The project's redaction helper, matched by exact name as well. */
  redactionHelper: string;
}

/**
 * Finds the sensitive values an expression carries into a sink: names and property chains that
 * classify as PHI, whole records, and what template literals, concatenation, object literals
 * and pass-through calls pass along. Follows local variables to their initialiser.
 */
export class PhiValueFinder {
  /** Parameters bound to call arguments while a local function's result is evaluated. */
  private readonly frames: Map<TSESTree.Node, FrameValue>[] = [];
  /** Local functions being evaluated, so that recursion ends. */
  private readonly evaluating = new Set<TSESTree.Node>();

  constructor(private readonly options: PhiValueOptions) {}

  find(expression: TSESTree.Node): PhiHit[] {
    const hits: PhiHit[] = [];
    this.collect(expression, hits, 0);
    return hits;
  }

  /**
   * The text an expression starts with when it is a constant: a literal, a template literal (up to
   * its first substitution), a `const` of this file, or one exported by a relative module
   * (`import { FAX_GATEWAY_URL } from '../lib/clients'`).
   */
  constantText(expression: TSESTree.Node, depth = 0): string | undefined {
    const node = unwrap(expression);
    if (node.type !== 'Identifier') return leadingText(node);
    if (depth > 3) return undefined;
    const binding = this.options.bindings.lookup(node);
    if (binding?.kind === 'variable') return !binding.reassigned && !binding.property && !binding.elementOf && binding.init ? this.constantText(binding.init, depth + 1) : undefined;
    const imported = this.importedValue(node);
    return imported ? leadingText(unwrap(imported.init)) : undefined;
  }

  /** What a name imported from a relative module was initialised with there (`export const api = axios.create()`). */
  importedValue(identifier: TSESTree.Identifier): ExportedValue | undefined {
    const binding = this.options.bindings.lookup(identifier);
    if (binding?.kind !== 'import' || !binding.module.startsWith('.')) return undefined;
    return this.options.modules?.exportedValue?.(this.options.filePath, binding.module, binding.imported);
  }

  /** Whether a call ends a flow: `redact(x)`, `maskEmail(x)`, `phi.scrub(x)`. */
  isSanitizerCall(node: TSESTree.Node): boolean {
    if (node.type === 'TaggedTemplateExpression') return this.isSanitizerName(calleeName(node.tag));
    if (node.type !== 'CallExpression') return false;
    return this.isSanitizerName(calleeName(node.callee));
  }

  private isSanitizerName(name: string | undefined): boolean {
    if (!name) return false;
    if (name === this.options.redactionHelper || this.options.sanitizers.has(name)) return true;
    const first = tokenize(name)[0];
    return first !== undefined && this.options.sanitizers.has(first);
  }

  private collect(expression: TSESTree.Node, hits: PhiHit[], depth: number): void {
    if (depth > 12) return;
    // `JSON.parse(body) as Patient`: the cast says what the value is.
    if (expression.type === 'TSAsExpression' || expression.type === 'TSTypeAssertion' || expression.type === 'TSSatisfiesExpression') {
      const typed = this.typedRecord(expression.typeAnnotation);
      if (typed) {
        hits.push({ node: expression, classification: typed });
        return;
      }
    }
    const node = unwrap(expression);
    switch (node.type) {
      case 'Identifier':
        this.collectIdentifier(node, hits, depth);
        return;
      case 'MemberExpression':
        this.collectMember(node, hits, depth);
        return;
      case 'TemplateLiteral':
        for (const part of node.expressions) this.collect(part, hits, depth + 1);
        return;
      case 'TaggedTemplateExpression':
        if (!this.isSanitizerCall(node)) for (const part of node.quasi.expressions) this.collect(part, hits, depth + 1);
        return;
      case 'BinaryExpression':
        // Only `+` carries its operands' text; comparisons and arithmetic yield booleans and numbers.
        if (node.operator === '+') {
          this.collect(node.left, hits, depth + 1);
          this.collect(node.right, hits, depth + 1);
        }
        return;
      case 'LogicalExpression':
        if (node.operator !== '&&') this.collect(node.left, hits, depth + 1);
        this.collect(node.right, hits, depth + 1);
        return;
      case 'ConditionalExpression':
        this.collect(node.consequent, hits, depth + 1);
        this.collect(node.alternate, hits, depth + 1);
        return;
      case 'AwaitExpression':
        this.collect(node.argument, hits, depth + 1);
        return;
      case 'SequenceExpression':
        this.collect(node.expressions[node.expressions.length - 1], hits, depth + 1);
        return;
      case 'AssignmentExpression':
        this.collect(node.right, hits, depth + 1);
        return;
      case 'SpreadElement':
        this.collect(node.argument, hits, depth + 1);
        return;
      case 'ArrayExpression':
        for (const element of node.elements) if (element) this.collect(element, hits, depth + 1);
        return;
      case 'ObjectExpression':
        this.collectObject(node, hits, depth);
        return;
      case 'CallExpression':
        this.collectCall(node, hits, depth);
        return;
      case 'NewExpression':
        // new Error(`no patient with ssn ${ssn}`): the message travels with the error.
        if (node.callee.type === 'Identifier' && /Error$/.test(node.callee.name)) {
          for (const argument of node.arguments) this.collect(argument, hits, depth + 1);
        }
        return;
      default:
        return;
    }
  }

  private collectIdentifier(node: TSESTree.Identifier, hits: PhiHit[], depth: number): void {
    if (node.name === 'undefined') return;
    const binding = this.options.bindings.lookup(node);
    // Inside a local function evaluated for a call: the parameter is the call's argument.
    const argument = binding?.kind === 'parameter' ? this.frames[this.frames.length - 1]?.get(binding.node) : undefined;
    if (typeof argument === 'function') {
      // An argument of a call in another file: what it carries was found there.
      for (const hit of argument()) hits.push({ ...hit, node, origin: undefined });
      return;
    }
    if (argument) {
      const inner: PhiHit[] = [];
      this.collect(argument, inner, depth + 1);
      for (const hit of inner) hits.push({ ...hit, node, origin: { node: argument, name: node.name } });
      return;
    }
    const variable = binding?.kind === 'variable' ? binding : undefined;
    // `const [draft] = useState(initialDraft)`: React state holds its initial value, not the hook's result.
    const stateInit = variable ? stateInitialValues(variable, this.options.bindings) : undefined;
    // Every value the variable may hold: its initialiser and what is assigned later (`+=` too).
    const values = stateInit ?? (variable ? [...(variable.init ? [variable.init] : []), ...variable.assignments] : []);
    if (values.length > 0 && values.every((value) => this.isSanitizerCall(unwrap(value)))) return;
    const classification = this.options.classifier.classify(node.name) ?? (stateInit ? this.userState(node.name) : undefined);
    // `const { name, phone } = clinic`: the organisation's phone, not a person's.
    const owner = variable?.property && variable.init ? sourceName(variable.init) : '';
    if (classification && owner && !this.options.classifier.classify(`${owner}_${variable!.property}`)) return;
    if (classification) {
      const origin = variable?.init ? { node: variable.init, name: node.name, destructured: variable.property !== undefined } : undefined;
      hits.push({ node, classification, origin });
      return;
    }
    if (!binding || (binding.kind !== 'variable' && binding.kind !== 'parameter')) return;
    // `(member: Member)`, `const visits: Encounter[] = ...`: the declared type says it is a record.
    const typed = this.typedRecord(this.declaredType(binding));
    if (typed) {
      hits.push({ node, classification: typed });
      return;
    }
    if (binding.kind === 'parameter' && node.name === 'event' && this.isLambdaEvent(binding.node)) {
      hits.push({ node, classification: this.inbound() });
      return;
    }
    // `for (const p of patients)`, `patients.forEach((p) => ...)`: an element of the collection.
    if (binding.elementOf) {
      const element = this.elementOf(binding.elementOf, binding.property, depth);
      if (element) hits.push({ node, classification: element, origin: { node: binding.elementOf, name: node.name, destructured: binding.property !== undefined } });
      return;
    }
    if (!variable?.init) return;
    if (stateInit) {
      const inner: PhiHit[] = [];
      for (const value of stateInit) this.collect(value, inner, depth + 1);
      if (inner.length > 0) hits.push({ node, classification: inner[0].classification, origin: { node: inner[0].origin?.node ?? inner[0].node, name: node.name } });
      return;
    }
    // `const { ssn: id } = patient` reads a property: classify that, in the record's context.
    if (variable.property) {
      const context = this.holdsRecord(variable.init, depth) ? [RECORD_CONTEXT] : [sourceName(variable.init)];
      const viaProperty = this.options.classifier.classify(variable.property, context);
      if (viaProperty) hits.push({ node, classification: viaProperty, origin: { node: variable.init, name: node.name, destructured: true } });
      return;
    }
    const inner: PhiHit[] = [];
    for (const value of values) this.collect(value, inner, depth + 1);
    if (inner.length > 0) {
      // Report at the use, name the first origin: the fix belongs where the value is logged.
      hits.push({ node, classification: inner[0].classification, origin: { node: inner[0].origin?.node ?? inner[0].node, name: node.name } });
    }
  }

  /** What one element of a collection is: a record of a record list, a field of a field list. */
  private elementOf(collection: TSESTree.Expression, property: string | undefined, depth: number): Classification | undefined {
    const inner: PhiHit[] = [];
    this.collect(collection, inner, depth + 1);
    if (inner.length === 0) return undefined;
    const whole = inner[0].classification;
    if (property === undefined) return { ...whole, plural: false };
    return this.options.classifier.classify(property, whole.kind === 'record' ? [RECORD_CONTEXT] : []);
  }

  private collectMember(node: TSESTree.MemberExpression, hits: PhiHit[], depth: number): void {
    const object = unwrap(node.object);
    const name = propertyName(node);
    if (name === undefined) {
      // patients[0], ssns[i]: an element of the collection.
      if (node.computed) {
        const inner: PhiHit[] = [];
        this.collect(object, inner, depth + 1);
        for (const hit of inner) hits.push({ ...hit, node, classification: { ...hit.classification, plural: false } });
      }
      return;
    }
    // `PatientsService.name`, `Patient.name`: a class's or function's own name, not a person's.
    if (object.type === 'Identifier' && /^[A-Z]/.test(object.name) && (name === 'name' || name === 'displayName')) return;
    const context = chainNames(object);
    if (this.options.inboundPayloads.has([...context, name].join('.'))) {
      hits.push({ node, classification: this.inbound() });
      return;
    }
    const owner = context[context.length - 1];
    let classification = this.options.classifier.classify(name, context);
    // `clinic.phone`, `practice.email`: the organisation's, not a person's (`clinic.patients` are people).
    if (classification?.kind === 'field' && owner && this.options.classifier.namesNonPersonOwner(owner)) return;
    // `visit.reason`, `appointment.date`: the object's name and the property's make one phrase.
    // Not for `member.id`: the record's own key, not the number on an insurance card.
    if (!classification && owner && !this.options.classifier.isMetadataName(owner) && !this.options.classifier.isMetadataName(name)) {
      const joined = this.options.classifier.classify(`${owner}_${name}`);
      if (joined?.kind === 'field') classification = joined;
    }
    let origin: PhiHit['origin'];
    if (!classification && !this.options.classifier.namesNonData(name)) {
      const inner: PhiHit[] = [];
      this.collect(object, inner, depth + 1);
      const holder = inner[0]?.classification;
      origin = inner[0]?.origin;
      // `p.name` where p is a patient through an alias or a loop; `address.city`, `diagnosis.description`:
      // a part of a sensitive field is that field.
      // An inbound payload's fields are unknown: `req.body.name` may be a clinic's name.
      if (holder?.kind === 'record' && holder.dataType.id !== INBOUND_PAYLOAD) classification = this.options.classifier.classify(name, [...context, RECORD_CONTEXT]) ?? this.partOfTypedRecord(holder, name);
      else if (holder?.kind === 'field' && this.options.classifier.partsAreData(holder.dataType)) classification = holder;
    }
    if (classification) hits.push({ node, classification, ...(origin ? { origin } : {}) });
  }

  /** `{ phone: clinic.phone }`: a property read off an organisation, which the key does not make a person's. */
  private isOrganisationPart(value: TSESTree.Node): boolean {
    if (value.type !== 'MemberExpression') return false;
    const owner = chainNames(value.object);
    return owner.length > 0 && this.options.classifier.namesNonPersonOwner(owner[owner.length - 1]);
  }

  /**
   * `const [condition, setCondition] = useState('')`: React state named by a health word that
   * needs a person to mean data (`condition`, `weight`, `notes`) is the app user's own: what they
   * searched for or entered. Words for identifiers (`name`, `address`) stay ambiguous: a form
   * may be about a clinic.
   */
  private userState(name: string): Classification | undefined {
    const asPerson = this.options.classifier.classify(name, [RECORD_CONTEXT]);
    return asPerson?.kind === 'field' && asPerson.dataType.category.id === HEALTH_INFORMATION ? asPerson : undefined;
  }

  /**
   * `checkIn.score` where `checkIn: MoodCheckIn`: the type's name and the property's make one
   * phrase (a mood score), as a record's parts do when its type is named after health data
   * (`LabResult.resultValue`). Record metadata (`id`, `createdAt`, `status`) stays metadata.
   */
  private partOfTypedRecord(holder: Classification, name: string): Classification | undefined {
    if (!holder.recordType || this.options.classifier.isMetadataName(name)) return undefined;
    const joined = this.options.classifier.classify(`${holder.recordType}_${name}`, [RECORD_CONTEXT]);
    return joined?.kind === 'field' ? joined : undefined;
  }

  /**
   * The type a variable or parameter is declared with: its own annotation, the member type of a
   * typed object pattern it is destructured from (`({ results }: { results: LabResult[] })`,
   * `({ patient }: Props)` with Props declared in this file), or the type argument of React state
   * (`const [draft] = useState<IntakeDraft>()`).
   */
  private declaredType(binding: Binding): TSESTree.TypeNode | undefined {
    if (binding.kind !== 'variable' && binding.kind !== 'parameter') return undefined;
    const own = binding.node.typeAnnotation?.typeAnnotation;
    if (own) return own;
    if (binding.kind === 'parameter' && binding.patternType && binding.property) return memberType(binding.patternType, binding.property, this.options.bindings, 0);
    if (binding.kind === 'variable' && binding.position === 0 && binding.init) {
      const init = unwrap(binding.init);
      if (init.type === 'CallExpression' && isStateHook(init)) return init.typeArguments?.params[0];
    }
    return undefined;
  }

  /** Whether a name, property chain or call result holds a whole record (through aliases too). */
  private holdsRecord(expression: TSESTree.Node, depth: number): boolean {
    let node = unwrap(expression);
    // `const { rows } = await db.query('select ... from patients')`: what the call returns.
    if (node.type === 'AwaitExpression') node = unwrap(node.argument);
    if (node.type !== 'Identifier' && node.type !== 'MemberExpression' && node.type !== 'CallExpression') return false;
    const inner: PhiHit[] = [];
    this.collect(node, inner, depth + 1);
    return inner.some((hit) => hit.classification.kind === 'record');
  }

  private collectObject(node: TSESTree.ObjectExpression, hits: PhiHit[], depth: number): void {
    for (const property of node.properties) {
      if (property.type === 'SpreadElement') {
        const before = hits.length;
        this.collect(property.argument, hits, depth + 1);
        for (let i = before; i < hits.length; i++) if (hits[i].node === unwrap(property.argument)) hits[i].spread = property;
        continue;
      }
      const value = unwrap(property.value);
      if (isNonData(value)) continue;
      const before = hits.length;
      this.collect(value, hits, depth + 1);
      if (property.shorthand) {
        for (let i = before; i < hits.length; i++) hits[i].shorthand = property;
        continue;
      }
      if (hits.length > before || this.isSanitizerCall(value)) continue;
      // { email: contact.value }: the key says what the value is.
      const key = !property.computed && property.key.type === 'Identifier' ? property.key.name : property.key.type === 'Literal' ? String(property.key.value) : undefined;
      const classification = key ? this.options.classifier.classify(key) : undefined;
      if (classification?.kind === 'field' && !isPickOfIdentifier(value) && !this.isOrganisationPart(value)) hits.push({ node: value, classification });
    }
  }

  private collectCall(node: TSESTree.CallExpression, hits: PhiHit[], depth: number): void {
    if (this.isSanitizerCall(node)) return;
    if (this.collectSqlRows(node, hits)) return;
    const callee = unwrap(node.callee);
    if (callee.type === 'Identifier') {
      if (PASS_THROUGH_FUNCTIONS.has(callee.name) || this.isPassThroughImport(callee) || UNKEYED_HASH.test(callee.name)) {
        for (const argument of node.arguments) this.collect(argument, hits, depth + 1);
        return;
      }
      if (this.collectLocalFunctionResult(node, callee, hits, depth)) return;
      this.collectAccessor(node, callee.name, [], hits);
      return;
    }
    if (callee.type !== 'MemberExpression') return;
    const method = propertyName(callee);
    if (!method) return;
    const receiver = unwrap(callee.object);
    if (receiver.type === 'Identifier' && (PASS_THROUGH_MEMBERS[receiver.name]?.has(method) || this.isPassThroughModule(receiver, method))) {
      for (const argument of node.arguments) this.collect(argument, hits, depth + 1);
      return;
    }
    if (PASS_THROUGH_METHODS.has(method) || MAPPING_METHODS.has(method)) {
      const inner: PhiHit[] = [];
      if (MAPPING_METHODS.has(method)) {
        for (const body of callbackResults(node.arguments[0], this.options.bindings)) this.collect(body, inner, depth + 1);
      } else {
        this.collect(receiver, inner, depth + 1);
        // `template.replace('{{name}}', patient.firstName)`: what is put in is in the result.
        if (JOINING_METHODS.has(method)) for (const argument of node.arguments) this.collect(argument, inner, depth + 1);
      }
      // The value is the call's result; a fix wraps the whole call, not the receiver.
      for (const hit of inner) hits.push({ ...hit, node, shorthand: undefined, spread: undefined });
      return;
    }
    if (this.collectRecordQuery(node, method, receiver, hits)) return;
    this.collectAccessor(node, method, chainNames(receiver), hits);
  }

  /**
   * `db.query('select mrn, first_name from patients ...')`: the rows of a SELECT that reads a
   * table named like a record or a column that names PHI hold that PHI, whatever client runs it.
   */
  private collectSqlRows(node: TSESTree.CallExpression, hits: PhiHit[]): boolean {
    const first = node.arguments[0];
    const sql = first && this.sqlText(first, 0);
    if (!sql) return false;
    const read = readsOf(sql);
    // `select count(*) as total from patients`, `select id from patients`: no patient's data.
    const dataColumns = read.columns.filter((name) => name === '*' || !this.options.classifier.isMetadataName(name));
    if (dataColumns.length === 0) return false;
    const table = read.tables.find((name) => this.options.classifier.classify(name)?.kind === 'record');
    const column = table ? undefined : dataColumns.find((name) => this.options.classifier.classify(name)?.kind === 'field');
    const base = this.options.classifier.dataType('patient-record');
    if (!base || (!table && !column)) return false;
    const label = table ? `rows of \`${table}\`` : `rows holding \`${column}\``;
    hits.push({ node, classification: { kind: 'record', dataType: { ...base, label }, plural: true } });
    return true;
  }

  /** The text of a SELECT statement passed as a literal, a template or a `const` of this file. */
  private sqlText(expression: TSESTree.Node, depth: number): string | undefined {
    const node = unwrap(expression);
    let text: string | undefined;
    if (node.type === 'Literal' && typeof node.value === 'string') text = node.value;
    else if (node.type === 'TemplateLiteral') text = node.quasis.map((quasi) => quasi.value.cooked ?? '').join(' ? ');
    else if (node.type === 'Identifier' && depth < 2) {
      const binding = this.options.bindings.lookup(node);
      return binding?.kind === 'variable' && !binding.reassigned && !binding.property && binding.init ? this.sqlText(binding.init, depth + 1) : undefined;
    }
    return text !== undefined && /^\s*(select|with)\b/i.test(text) ? text : undefined;
  }

  /** `prisma.patient.findMany()`, `patientRepository.findOne()`: the records of a PHI model. */
  private collectRecordQuery(node: TSESTree.CallExpression, method: string, receiver: TSESTree.Node, hits: PhiHit[]): boolean {
    if (!RECORD_METHODS.test(method)) return false;
    const names = chainNames(receiver);
    const model = (names[names.length - 1] ?? '').replace(STORE_SUFFIXES, '');
    if (!model) return false;
    const classification = this.options.classifier.classify(model);
    if (classification?.kind !== 'record') return false;
    hits.push({ node, classification: { ...classification, plural: /Many|All|By$/.test(method) || /^(find|get)$/.test(method) } });
    return true;
  }

  /**
   * `formatPatient(p)` where formatPatient is imported from a relative module: the function is
   * evaluated in its own file, its parameters standing for what this call's arguments carry.
   */
  private collectImportedFunctionResult(call: TSESTree.CallExpression, callee: TSESTree.Identifier, hits: PhiHit[], depth: number): boolean {
    const binding = this.options.bindings.lookup(callee);
    if (binding?.kind !== 'import' || !binding.module.startsWith('.') || !this.options.modules || depth > 6) return false;
    const target = this.options.modules.exportedFunction(this.options.filePath, binding.module, binding.imported);
    if (!target) return false;
    const argumentHits = call.arguments.map((argument) => () => {
      const inner: PhiHit[] = [];
      this.collect(argument, inner, depth + 1);
      return inner;
    });
    const result = target.finder.resultOf(target.fn, argumentHits, depth + 1) ?? target.finder.declaredResult(target.fn);
    if (!result) return false;
    // The return statement is in another file: the finding names the call, which is here.
    hits.push({ node: call, classification: result });
    return true;
  }

  /** What a function of this file returns when its parameters carry what `argumentHits` give. */
  resultOf(fn: FunctionNode, argumentHits: (() => PhiHit[])[], depth: number): Classification | undefined {
    if (this.evaluating.has(fn)) return undefined;
    const frame = new Map<TSESTree.Node, FrameValue>();
    fn.params.forEach((param, index) => {
      if (param.type === 'Identifier' && argumentHits[index]) frame.set(param, argumentHits[index]);
    });
    const inner: PhiHit[] = [];
    this.evaluating.add(fn);
    this.frames.push(frame);
    try {
      for (const result of returnedExpressions(fn)) this.collect(result, inner, depth + 1);
    } finally {
      this.frames.pop();
      this.evaluating.delete(fn);
    }
    return inner[0]?.classification;
  }

  /**
   * Runs `action` with a local function's parameters bound to a call's arguments: what the
   * function's sinks receive for this call.
   */
  withArguments<T>(fn: FunctionNode, call: TSESTree.CallExpression, action: () => T): T {
    this.frames.push(argumentFrame(fn, call));
    try {
      return action();
    } finally {
      this.frames.pop();
    }
  }

  /**
   * `formatPatient(p)` where formatPatient is declared in this file: what its return statements
   * carry, with its parameters bound to this call's arguments (a summary computed per call).
   */
  private collectLocalFunctionResult(call: TSESTree.CallExpression, callee: TSESTree.Identifier, hits: PhiHit[], depth: number): boolean {
    const fn = localFunction(this.options.bindings, callee);
    if (!fn) return this.collectImportedFunctionResult(call, callee, hits, depth);
    if (this.evaluating.has(fn) || depth > 8) return false;
    const inner: PhiHit[] = [];
    this.evaluating.add(fn);
    this.frames.push(argumentFrame(fn, call));
    try {
      for (const result of returnedExpressions(fn)) this.collect(result, inner, depth + 1);
    } finally {
      this.frames.pop();
      this.evaluating.delete(fn);
    }
    if (inner.length === 0) {
      // `async function runTriage(...): Promise<TriageResult>` returning `response.json()`: the declared type says.
      const declared = this.declaredResult(fn);
      if (declared) hits.push({ node: call, classification: declared });
      return declared !== undefined;
    }
    hits.push({ node: call, classification: inner[0].classification, origin: { node: inner[0].node, name: `${callee.name}()`, returned: true } });
    return true;
  }

  /** The record a function of this file is declared to return: `(): Promise<LabResult[]>`. */
  declaredResult(fn: FunctionNode): Classification | undefined {
    return this.typedRecord(fn.returnType?.typeAnnotation);
  }

  private typedRecord(annotation: TSESTree.TypeNode | undefined): Classification | undefined {
    const record = this.options.typeIndex.recordOf(annotation, { filePath: this.options.filePath, text: this.options.text, bindings: this.options.bindings });
    if (!record) return undefined;
    const base = this.options.classifier.dataType('patient-record');
    return base ? { kind: 'record', dataType: { ...base, label: `\`${record.typeName}\` record` }, plural: record.plural, recordType: record.typeName } : undefined;
  }

  private inbound(): Classification {
    return { kind: 'record', dataType: this.options.classifier.dataType(INBOUND_PAYLOAD)!, plural: false };
  }

  /**
   * A Lambda handler's `event`: typed as an AWS event, or the first parameter of a function whose
   * second is `context`. A DOM or React event handler's `event` is neither.
   */
  private isLambdaEvent(param: TSESTree.Identifier): boolean {
    const typeName = param.typeAnnotation?.typeAnnotation.type === 'TSTypeReference' ? this.options.text.slice(param.typeAnnotation.typeAnnotation.range[0], param.typeAnnotation.typeAnnotation.range[1]) : '';
    if (typeName) return /^(APIGateway|ALB|SQS|SNS|S3|DynamoDB|Kinesis|EventBridge|Cognito|Scheduled|Lambda|Firehose|CloudWatch)\w*Event/.test(typeName);
    const fn = functionOfParameter(param, this.options.bindings);
    return fn !== undefined && fn.params[0] === param && fn.params[1]?.type === 'Identifier' && fn.params[1].name === 'context';
  }

  /** `format(...)` imported from 'util' or 'node:util'. */
  private isPassThroughImport(callee: TSESTree.Identifier): boolean {
    const member = moduleMemberOf(this.options.bindings.lookup(callee));
    return member !== undefined && PASS_THROUGH_MODULE_FUNCTIONS[normalizeModule(member.module).module]?.has(member.member) === true;
  }

  /** `nodeUtil.inspect(...)` where `nodeUtil` is the util module under another name. */
  private isPassThroughModule(receiver: TSESTree.Identifier, method: string): boolean {
    const member = moduleMemberOf(this.options.bindings.lookup(receiver));
    return member !== undefined && (member.member === '*' || member.member === 'default') && PASS_THROUGH_MODULE_FUNCTIONS[normalizeModule(member.module).module]?.has(method) === true;
  }

  /** `getPatientSsn(id)`, `repo.fetchPatient(id)`: an accessor returns what it names. */
  private collectAccessor(node: TSESTree.CallExpression, name: string, context: string[], hits: PhiHit[]): void {
    const tokens = tokenize(name);
    if (tokens.length < 2 || !ACCESSOR_PREFIXES.has(tokens[0])) return;
    const rest = name.slice(tokens[0].length);
    const classification = this.options.classifier.classify(rest, context);
    if (classification) hits.push({ node, classification });
  }
}

/** Names along a property chain, outermost first: `req.body.patient` -> [req, body, patient]. */
export function chainNames(node: TSESTree.Node): string[] {
  const names: string[] = [];
  let current: TSESTree.Node = unwrap(node);
  for (let guard = 0; guard < 32; guard++) {
    if (current.type === 'MemberExpression') {
      const name = propertyName(current);
      if (name !== undefined) names.unshift(name);
      current = unwrap(current.object);
    } else if (current.type === 'Identifier') {
      names.unshift(current.name);
      break;
    } else if (current.type === 'ThisExpression') {
      names.unshift('this');
      break;
    } else if (current.type === 'CallExpression') {
      current = unwrap(current.callee);
    } else {
      break;
    }
  }
  return names;
}

function sourceName(node: TSESTree.Node): string {
  const names = chainNames(node);
  return names[names.length - 1] ?? '';
}

function calleeName(node: TSESTree.Node): string | undefined {
  const callee = unwrap(node);
  if (callee.type === 'Identifier') return callee.name;
  if (callee.type === 'MemberExpression') return propertyName(callee);
  return undefined;
}

/** Values that say something about data without being it: literals, booleans, functions. */
function isNonData(node: TSESTree.Node): boolean {
  switch (node.type) {
    case 'Literal':
    case 'UnaryExpression':
    case 'ArrowFunctionExpression':
    case 'FunctionExpression':
    case 'ClassExpression':
      return true;
    case 'BinaryExpression':
      return node.operator !== '+';
    case 'TemplateLiteral':
      return node.expressions.length === 0;
    case 'CallExpression': {
      const callee = unwrap(node.callee);
      return callee.type === 'Identifier' && (callee.name === 'Boolean' || callee.name === 'Number');
    }
    case 'MemberExpression':
      return propertyName(node) === 'length';
    default:
      return false;
  }
}

/** `{ ssn: patient.id }`: a key that names data but a value that only identifies the record. */
function isPickOfIdentifier(node: TSESTree.Node): boolean {
  if (node.type !== 'MemberExpression') return false;
  const name = propertyName(node);
  return name !== undefined && /^(id|uuid|guid|_id)$/i.test(name);
}

/**
 * What a callback returns: the body of `(p) => p.name`, the single return of a block body, or
 * the returns of a local function passed by name (`rows.map(csvLine)`).
 */
function callbackResults(callback: TSESTree.CallExpressionArgument | undefined, bindings: Bindings): TSESTree.Node[] {
  if (callback?.type === 'Identifier') {
    const fn = localFunction(bindings, callback);
    return fn ? returnedExpressions(fn) : [];
  }
  if (!callback || (callback.type !== 'ArrowFunctionExpression' && callback.type !== 'FunctionExpression')) return [];
  return returnedExpressions(callback);
}

export type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

/** What a parameter stands for while a function is evaluated for a call: the argument, or what it carries (from another file). */
type FrameValue = TSESTree.Node | (() => PhiHit[]);

/** Exported functions of other files, each with a finder of its own file. */
export interface ModuleFunctions {
  exportedFunction(fromFile: string, specifier: string, name: string): { fn: FunctionNode; finder: PhiValueFinder } | undefined;
  /** What a `const` another module exports was initialised with. */
  exportedValue?(fromFile: string, specifier: string, name: string): ExportedValue | undefined;
}

/** An exported `const`'s initialiser, with the bindings of the file it is written in. */
export interface ExportedValue {
  init: TSESTree.Expression;
  bindings: Bindings;
}

function argumentFrame(fn: FunctionNode, call: TSESTree.CallExpression): Map<TSESTree.Node, FrameValue> {
  const frame = new Map<TSESTree.Node, FrameValue>();
  fn.params.forEach((param, index) => {
    const argument = call.arguments[index];
    if (param.type === 'Identifier' && argument) frame.set(param, argument);
  });
  return frame;
}

/**
 * The tables a SELECT reads (`from patients p`, `join lab_results`) and the names its select
 * list gives its columns (`p.date_of_birth`, `first_name as given`). A light scan, not a parse.
 */
function readsOf(sql: string): { tables: string[]; columns: string[] } {
  const tables = [...sql.matchAll(/\b(?:from|join)\s+(?:"?\w+"?\.)?"?(\w+)"?/gi)].map((match) => match[1]);
  const list = /\bselect\s+([\s\S]*?)\s+from\b/i.exec(sql)?.[1] ?? '';
  const columns: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of `${list},`) {
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      const item = current.trim();
      // `*`, `p.*`; a call's result counts only under an alias (`count(*)` alone says nothing).
      if (/(^|\.)\*$/.test(item)) columns.push('*');
      else if (!/\)$/.test(item)) {
        const name = /(\w+)"?$/.exec(item)?.[1];
        if (name) columns.push(name);
      }
      current = '';
    } else current += ch;
  }
  return { tables, columns };
}

/** The text a string literal holds, or a template literal's up to its first substitution. */
function leadingText(node: TSESTree.Node): string | undefined {
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral') return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/** `useState(...)`, `React.useState(...)`: a hook whose result's first element is the state. */
function isStateHook(call: TSESTree.CallExpression): boolean {
  const callee = unwrap(call.callee);
  const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? propertyName(callee) : undefined;
  return name === 'useState';
}

/**
 * What React state (`const [draft] = useState(initial)`) holds at first: the initial value, or
 * what a lazy initialiser returns. Undefined for any other variable.
 */
function stateInitialValues(variable: Extract<Binding, { kind: 'variable' }>, bindings: Bindings): TSESTree.Node[] | undefined {
  if (variable.position !== 0 || !variable.init) return undefined;
  const init = unwrap(variable.init);
  if (init.type !== 'CallExpression' || !isStateHook(init)) return undefined;
  const initial = init.arguments[0];
  if (!initial) return [];
  return initial.type === 'ArrowFunctionExpression' || initial.type === 'FunctionExpression' ? callbackResults(initial, bindings) : [initial];
}

/** The type of `property` in an object type: a type literal, or an interface or alias declared in this file. */
function memberType(type: TSESTree.TypeNode, property: string, bindings: Bindings, depth: number): TSESTree.TypeNode | undefined {
  if (depth > 4) return undefined;
  switch (type.type) {
    case 'TSTypeLiteral':
      return memberTypeIn(type.members, property);
    case 'TSIntersectionType':
      for (const part of type.types) {
        const found = memberType(part, property, bindings, depth + 1);
        if (found) return found;
      }
      return undefined;
    case 'TSTypeReference': {
      if (type.typeName.type !== 'Identifier') return undefined;
      const declaration = bindings.typeDeclaration(type.typeName.name);
      if (declaration?.type === 'TSInterfaceDeclaration') return memberTypeIn(declaration.body.body, property);
      return declaration ? memberType(declaration.typeAnnotation, property, bindings, depth + 1) : undefined;
    }
    default:
      return undefined;
  }
}

function memberTypeIn(members: readonly TSESTree.TypeElement[], property: string): TSESTree.TypeNode | undefined {
  for (const member of members) {
    if (member.type !== 'TSPropertySignature' || member.computed) continue;
    const key = member.key.type === 'Identifier' ? member.key.name : member.key.type === 'Literal' ? String(member.key.value) : undefined;
    if (key === property) return member.typeAnnotation?.typeAnnotation;
  }
  return undefined;
}

/** The function a name is bound to in this file: a declaration or `const f = (...) => ...`. */
export function localFunction(bindings: Bindings, callee: TSESTree.Identifier): FunctionNode | undefined {
  const binding = bindings.lookup(callee);
  if (binding?.kind === 'declaration' && binding.node.type === 'FunctionDeclaration') return binding.node;
  if (binding?.kind === 'variable' && !binding.reassigned && !binding.property && binding.init) {
    const init = unwrap(binding.init);
    if (init.type === 'ArrowFunctionExpression' || init.type === 'FunctionExpression') return init;
  }
  return undefined;
}

/** The expressions a function returns: an arrow's expression body, or its return statements (not those of nested functions). */
function returnedExpressions(fn: FunctionNode): TSESTree.Node[] {
  if (fn.body.type !== 'BlockStatement') return [fn.body];
  const results: TSESTree.Node[] = [];
  walk(fn.body, (node) => {
    if (node.type === 'ReturnStatement') {
      if (node.argument) results.push(node.argument);
      return false;
    }
    return !(node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression' || node.type === 'ClassDeclaration');
  });
  return results;
}

function functionOfParameter(param: TSESTree.Identifier, bindings: Bindings): FunctionNode | undefined {
  return bindings.ownerOfParameter(param);
}
