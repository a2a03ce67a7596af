import type { TSESTree } from '@typescript-eslint/types';
import type { Classification, Classifier } from './classifier';
import type { Bindings } from './bindings';
import { propertyName, unwrap } from './logSinks';
import { tokenize } from './tokenize';

/** A sensitive value found inside an expression that reaches a sink. */
export interface PhiHit {
  /** The smallest expression holding the value: what a fix wraps or replaces. */
  node: TSESTree.Node;
  classification: Classification;
  /** When the value came through a variable: the expression it was assigned from. */
  origin?: { node: TSESTree.Node; name: string; destructured?: boolean };
  /** `{ ssn }`: a shorthand property, which a fix has to expand. */
  shorthand?: TSESTree.Property;
}

/** Stands for "read from a person's record" when a record reaches a property through an alias. */
const RECORD_CONTEXT = 'patient';

/** Calls whose result carries their argument's content unchanged (or merely re-encoded). */
const PASS_THROUGH_FUNCTIONS = new Set(['String', 'encodeURIComponent', 'encodeURI', 'escape', 'btoa', 'structuredClone']);
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
  'padStart', 'padEnd', 'slice', 'substring', 'substr', 'concat', 'normalize', 'replaceAll', 'split', 'join',
  'filter', 'find', 'findLast', 'at', 'sort', 'reverse', 'flat', 'toJSON', 'toISOString', 'toDateString',
  'toLocaleDateString', 'toLocaleString', 'valueOf',
]);
/** Accessor verbs: `getPatientSsn()` returns what its name says. */
const ACCESSOR_PREFIXES = new Set(['get', 'fetch', 'load', 'find', 'read', 'lookup', 'retrieve']);

export interface PhiValueOptions {
  classifier: Classifier;
  bindings: Bindings;
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
  constructor(private readonly options: PhiValueOptions) {}

  find(expression: TSESTree.Node): PhiHit[] {
    const hits: PhiHit[] = [];
    this.collect(expression, hits, 0);
    return hits;
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
    const init = binding?.kind === 'variable' && !binding.reassigned ? binding.init : undefined;
    if (init && this.isSanitizerCall(unwrap(init))) return;
    const classification = this.options.classifier.classify(node.name);
    if (classification) {
      hits.push({ node, classification, origin: init ? { node: init, name: node.name, destructured: binding?.kind === 'variable' && binding.property !== undefined } : undefined });
      return;
    }
    if (!init || binding?.kind !== 'variable') return;
    // `const { ssn: id } = patient` reads a property: classify that, in the record's context.
    if (binding.property) {
      const context = this.holdsRecord(init, depth) ? [RECORD_CONTEXT] : [sourceName(init)];
      const viaProperty = this.options.classifier.classify(binding.property, context);
      if (viaProperty) hits.push({ node, classification: viaProperty, origin: { node: init, name: node.name, destructured: true } });
      return;
    }
    const inner: PhiHit[] = [];
    this.collect(init, inner, depth + 1);
    if (inner.length > 0) {
      // Report at the use, name the first origin: the fix belongs where the value is logged.
      hits.push({ node, classification: inner[0].classification, origin: { node: inner[0].origin?.node ?? inner[0].node, name: node.name } });
    }
  }

  private collectMember(node: TSESTree.MemberExpression, hits: PhiHit[], depth: number): void {
    const object = unwrap(node.object);
    const name = propertyName(node);
    if (name === undefined) {
      // patients[0], records[i]: an element of the collection.
      if (node.computed) {
        const inner: PhiHit[] = [];
        this.collect(object, inner, depth + 1);
        for (const hit of inner) if (hit.classification.kind === 'record') hits.push({ ...hit, node, classification: { ...hit.classification, plural: false } });
      }
      return;
    }
    const context = chainNames(object);
    let classification = this.options.classifier.classify(name, context);
    if (!classification) {
      // `p.name` where `const p = req.body.patient`: the record behind an alias gives context.
      if (this.holdsRecord(object, depth)) classification = this.options.classifier.classify(name, [...context, RECORD_CONTEXT]);
    }
    if (classification) hits.push({ node, classification });
  }

  /** Whether a name or property chain holds a whole record (through aliases too). */
  private holdsRecord(expression: TSESTree.Node, depth: number): boolean {
    const node = unwrap(expression);
    if (node.type !== 'Identifier' && node.type !== 'MemberExpression') return false;
    const inner: PhiHit[] = [];
    this.collect(node, inner, depth + 1);
    return inner.some((hit) => hit.classification.kind === 'record');
  }

  private collectObject(node: TSESTree.ObjectExpression, hits: PhiHit[], depth: number): void {
    for (const property of node.properties) {
      if (property.type === 'SpreadElement') {
        this.collect(property.argument, hits, depth + 1);
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
      if (classification?.kind === 'field' && !isPickOfIdentifier(value)) hits.push({ node: value, classification });
    }
  }

  private collectCall(node: TSESTree.CallExpression, hits: PhiHit[], depth: number): void {
    if (this.isSanitizerCall(node)) return;
    const callee = unwrap(node.callee);
    if (callee.type === 'Identifier') {
      if (PASS_THROUGH_FUNCTIONS.has(callee.name)) {
        for (const argument of node.arguments) this.collect(argument, hits, depth + 1);
        return;
      }
      this.collectAccessor(node, callee.name, [], hits);
      return;
    }
    if (callee.type !== 'MemberExpression') return;
    const method = propertyName(callee);
    if (!method) return;
    const receiver = unwrap(callee.object);
    if (receiver.type === 'Identifier' && PASS_THROUGH_MEMBERS[receiver.name]?.has(method)) {
      for (const argument of node.arguments) this.collect(argument, hits, depth + 1);
      return;
    }
    if (PASS_THROUGH_METHODS.has(method)) {
      const inner: PhiHit[] = [];
      this.collect(receiver, inner, depth + 1);
      // The value is the call's result; a fix wraps the whole call, not the receiver.
      for (const hit of inner) hits.push({ ...hit, node, shorthand: undefined });
      return;
    }
    this.collectAccessor(node, method, chainNames(receiver), hits);
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
