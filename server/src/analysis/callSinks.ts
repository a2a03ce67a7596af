import type { TSESTree } from '@typescript-eslint/types';
import type { CallSinkData, CallSinkFamilyData } from '../catalog/catalog';
import { moduleMemberOf, type Bindings } from './bindings';
import { propertyName, unwrap } from './ast';
import { normalizedTokens } from './tokenize';

/** A place where values leave for a sink: a call, an assignment or a JSX attribute. */
export interface SinkUse {
  /** The call, assignment or attribute, for the message's "through `x`". */
  node: TSESTree.Node;
  vendor: string;
  /** How the sink reads in source: `Sentry.setUser`, `localStorage.ssn =`, `href`. */
  sinkText: string;
  /** The expressions that carry data to the sink. */
  values: TSESTree.Node[];
}

/**
 * What a name imported from one of the project's modules was initialised with there, with that
 * file's bindings: `import { api } from '../services/api'` where api.ts has
 * `export const api = axios.create(...)`.
 */
export type ImportedValues = (identifier: TSESTree.Identifier) => { init: TSESTree.Expression; bindings: Bindings } | undefined;

/** A sink the project declares in .phi-lint.yaml: `audit.record` with its data arguments. */
export interface ExtraSink {
  callee: string;
  args: number[];
}

/**
 * Recognises the sinks of one family in rules/sinks/<family>.yaml: vendor functions and methods
 * reached through an import of the vendor's module, through a global, or through a receiver
 * whose name says what it is (`this.analytics`, `span`, `localStorage`).
 */
export class CallSinkMatcher {
  private readonly mentions: RegExp;
  /** Every method name a member call can match by (`x.track()`, `window.gtag()`): the cheap first test per call. */
  private readonly memberCallNames = new Set<string>();

  constructor(
    readonly family: CallSinkFamilyData,
    private readonly extraSinks: readonly ExtraSink[] = [],
    /** Whether words name data (`medication`): such a word before a receiver name makes it a data holder. */
    private readonly namesData: (name: string) => boolean = () => false,
  ) {
    const words = new Set<string>();
    for (const sink of family.sinks) {
      for (const module of sink.modules ?? []) words.add(escape(module));
      for (const name of sink.receiverNames ?? []) words.add(name.split(' ').map(escape).join('_?'));
      for (const name of [...Object.keys(sink.functions ?? {}), ...Object.keys(sink.constructors ?? {}), ...Object.keys(sink.hookSetters ?? {}), ...(sink.receiverCalls ?? []), ...(sink.jsxAttributes ?? [])]) words.add(escape(name));
    }
    for (const extra of extraSinks) words.add(escape(extra.callee.split('.').pop()!));
    this.mentions = new RegExp([...words].join('|'), 'i');
    for (const sink of family.sinks) for (const name of [...Object.keys(sink.methods ?? {}), ...Object.keys(sink.functions ?? {})]) this.memberCallNames.add(name);
  }

  /** Cheap text test: a file that names none of the family's vendors or receivers has no sink. */
  mayContainSink(text: string): boolean {
    return this.mentions.test(text);
  }

  matchCall(call: TSESTree.CallExpression, bindings: Bindings, source: string, imports?: ImportedValues): SinkUse | undefined {
    const callee = unwrap(call.callee);
    if (this.extraSinks.length > 0) {
      const calleeText = source.slice(callee.range[0], callee.range[1]);
      const extra = this.extraSinks.find((candidate) => calleeText === candidate.callee || calleeText.endsWith(`.${candidate.callee}`));
      if (extra) return this.use(call, 'project sink', calleeText, call.arguments, extra.args);
    }
    // A member call matches only by a method some sink has, whatever its receiver: most calls end here.
    if (callee.type === 'MemberExpression' && !this.memberCallNames.has(propertyName(callee) ?? '')) return undefined;
    const sinkText = source.slice(callee.range[0], callee.range[1]);
    for (const sink of this.family.sinks) {
      if (callee.type === 'Identifier') {
        const positions = positionsOf(sink.functions, callee.name);
        if (positions && this.isVendorFunction(callee, sink, bindings)) return this.use(call, sink.vendor, sinkText, call.arguments, positions);
        // `import { setCookie } from 'cookies-next'` under another local name.
        const member = moduleMemberOf(bindings.lookup(callee));
        const imported = member && sink.modules?.includes(member.module) ? positionsOf(sink.functions, member.member) : undefined;
        if (imported) return this.use(call, sink.vendor, sinkText, call.arguments, imported);
        const setter = this.hookSetterPositions(callee, sink, bindings);
        if (setter) return this.use(call, sink.vendor, sinkText, call.arguments, setter);
        continue;
      }
      if (callee.type !== 'MemberExpression') continue;
      const method = propertyName(callee);
      if (!method) continue;
      const receiver = unwrap(callee.object);
      // `window.gtag(...)`, `globalThis.fbq(...)`: a global function reached through the global object.
      const globalPositions = receiver.type === 'Identifier' && (receiver.name === 'window' || receiver.name === 'globalThis') ? positionsOf(sink.functions, method) : undefined;
      if (globalPositions) {
        return this.use(call, sink.vendor, sinkText, call.arguments, globalPositions);
      }
      const positions = positionsOf(sink.methods, method);
      if (positions && this.isVendorReceiver(receiver, sink, bindings, 0, imports)) return this.use(call, sink.vendor, sinkText, call.arguments, positions);
    }
    return undefined;
  }

  matchNew(expression: TSESTree.NewExpression, source: string): SinkUse | undefined {
    const callee = unwrap(expression.callee);
    if (callee.type !== 'Identifier') return undefined;
    for (const sink of this.family.sinks) {
      const positions = positionsOf(sink.constructors, callee.name);
      if (positions) return this.use(expression, sink.vendor, `new ${source.slice(callee.range[0], callee.range[1])}`, expression.arguments, positions);
    }
    return undefined;
  }

  /** `localStorage.ssn = value`, `document.cookie = value`, `window.location.href = url`. */
  matchAssignment(assignment: TSESTree.AssignmentExpression, bindings: Bindings, source: string, imports?: ImportedValues): SinkUse | undefined {
    const target = unwrap(assignment.left);
    if (target.type !== 'MemberExpression') return undefined;
    const property = propertyName(target) ?? (target.computed ? '*' : undefined);
    if (!property) return undefined;
    const receiver = unwrap(target.object);
    for (const sink of this.family.sinks) {
      const properties = sink.assignedProperties ?? [];
      if (!properties.includes(property) && !properties.includes('*')) continue;
      if (this.isVendorReceiver(receiver, sink, bindings, 0, imports)) {
        return { node: assignment, vendor: sink.vendor, sinkText: `${source.slice(target.range[0], target.range[1])} =`, values: [assignment.right] };
      }
    }
    return undefined;
  }

  /** `<a href={...}>`, `<Link to={...}>`. */
  matchJsxAttribute(attribute: TSESTree.JSXAttribute): SinkUse | undefined {
    if (attribute.name.type !== 'JSXIdentifier' || attribute.value?.type !== 'JSXExpressionContainer') return undefined;
    const expression = attribute.value.expression;
    if (expression.type === 'JSXEmptyExpression') return undefined;
    for (const sink of this.family.sinks) {
      if (sink.jsxAttributes?.includes(attribute.name.name)) return { node: attribute, vendor: sink.vendor, sinkText: attribute.name.name, values: [expression] };
    }
    return undefined;
  }

  private use(node: TSESTree.Node, vendor: string, sinkText: string, args: readonly TSESTree.Node[], positions: readonly number[]): SinkUse {
    return { node, vendor, sinkText, values: positions.map((position) => args[position]).filter((value): value is TSESTree.Node => value !== undefined) };
  }

  /**
   * A global function (not shadowed), one imported from the vendor's module, or one a vendor
   * hook returns: `const navigate = useNavigate()`.
   */
  private isVendorFunction(callee: TSESTree.Identifier, sink: CallSinkData, bindings: Bindings): boolean {
    const binding = bindings.lookup(callee);
    if (!binding) return true;
    const member = moduleMemberOf(binding);
    if (member) return (sink.modules ?? []).includes(member.module);
    // The tag snippet's own `function gtag(){ dataLayer.push(arguments) }` is the vendor's function.
    if (binding.kind === 'declaration' && binding.node.type === 'FunctionDeclaration') return true;
    if (binding.kind === 'variable' && binding.init && !binding.reassigned) {
      const init = unwrap(binding.init);
      return init.type === 'CallExpression' && this.comesFromVendor(unwrap(init.callee), sink, bindings, 0) === true;
    }
    return false;
  }

  /**
   * Whether an expression is one of the vendor's objects: an import of its module, a value made
   * from one (`new PostHog(key)`, `axios.create()`, `appInsights.defaultClient`), or a receiver
   * named like one. A variable is judged by what it was set to, not by its name: a `span` made
   * by `document.createElement('span')` is no tracing span.
   */
  private isVendorReceiver(receiver: TSESTree.Node, sink: CallSinkData, bindings: Bindings, depth = 0, imports?: ImportedValues): boolean {
    if (depth > 4) return false;
    if (receiver.type === 'Identifier') {
      const binding = bindings.lookup(receiver);
      const member = moduleMemberOf(binding);
      // The vendor's module says yes; a library that is not the vendor says no; the project's own
      // module (`@/lib/segment`) says yes when it made the object from the vendor's, and otherwise
      // nothing: the name decides.
      if (member && (sink.modules ?? []).includes(member.module)) return true;
      if (member && isPackage(member.module)) return false;
      const imported = member ? imports?.(receiver) : undefined;
      if (imported && this.comesFromVendor(unwrap(imported.init), sink, imported.bindings, depth + 1) === true) return true;
      if (binding?.kind === 'variable' && binding.init && !binding.property && !binding.elementOf && !binding.reassigned) {
        const verdict = this.comesFromVendor(unwrap(binding.init), sink, bindings, depth + 1);
        if (verdict !== undefined) return verdict;
      }
    }
    if (receiver.type === 'CallExpression') {
      const callee = unwrap(receiver.callee);
      const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? propertyName(callee) : undefined;
      if (name && (sink.receiverCalls ?? []).includes(name)) return true;
      // `superagent.get(url).query(...)`: a request the vendor's call returned.
      if (this.comesFromVendor(receiver, sink, bindings, depth + 1) === true) return true;
      return name !== undefined && this.nameMatches(name, sink);
    }
    // `new Identify().set(...)`: an object made from the vendor's class, used at once.
    if (receiver.type === 'NewExpression') return this.comesFromVendor(receiver, sink, bindings, depth + 1) === true;
    if (receiver.type === 'MemberExpression') {
      const verdict = this.memberVerdict(receiver, sink, bindings, depth);
      if (verdict !== undefined) return verdict;
    }
    const name = receiver.type === 'Identifier' ? receiver.name : receiver.type === 'MemberExpression' ? propertyName(receiver) : undefined;
    return name !== undefined && this.nameMatches(name, sink);
  }

  /** `setDraft` where `const [, setDraft] = useLocalStorage(...)` and the hook is the vendor's. */
  private hookSetterPositions(callee: TSESTree.Identifier, sink: CallSinkData, bindings: Bindings): readonly number[] | undefined {
    if (!sink.hookSetters) return undefined;
    const binding = bindings.lookup(callee);
    if (binding?.kind !== 'variable' || binding.position !== 1 || !binding.init) return undefined;
    const init = unwrap(binding.init);
    const hook = init.type === 'CallExpression' ? unwrap(init.callee) : undefined;
    if (hook?.type !== 'Identifier') return undefined;
    const member = moduleMemberOf(bindings.lookup(hook));
    return member && (sink.modules ?? []).includes(member.module) ? positionsOf(sink.hookSetters, member.member) : undefined;
  }

  /**
   * A receiver read off an object: `this.telemetry` judged by what the class set the field to,
   * and a property of a vendor object where the vendor keeps its receivers there (Dexie's tables,
   * `db.patients`). Undefined when neither says, and the name decides.
   */
  private memberVerdict(receiver: TSESTree.MemberExpression, sink: CallSinkData, bindings: Bindings, depth: number): boolean | undefined {
    const object = unwrap(receiver.object);
    if (object.type === 'ThisExpression') {
      const field = bindings.classField(receiver);
      if (field?.value) {
        const value = unwrap(field.value);
        const verdict = this.comesFromVendor(value, sink, bindings, depth + 1);
        // A field set to the vendor's object is one; one set to plain data or to an instance of
        // the project's own class is not. A framework's helper (`inject(HttpClient)`) says nothing.
        if (verdict === true || (verdict === false && isPlainOrConstructed(value))) return verdict;
      }
      if (field?.type && this.typeIsVendor(field.type, sink, bindings)) return true;
      return undefined;
    }
    if (sink.membersAreReceivers && this.comesFromVendor(object, sink, bindings, depth + 1) === true) return true;
    return undefined;
  }

  /** `AnalyticsBrowser` imported from '@segment/analytics-next': a type the vendor's module exports. */
  private typeIsVendor(type: TSESTree.TypeNode, sink: CallSinkData, bindings: Bindings): boolean {
    if (type.type !== 'TSTypeReference') return false;
    const first = type.typeName.type === 'TSQualifiedName' ? leftmost(type.typeName) : type.typeName;
    if (first.type !== 'Identifier') return false;
    const member = moduleMemberOf(bindings.lookup(first));
    return member !== undefined && (sink.modules ?? []).includes(member.module);
  }

  /**
   * What a variable was set to says whether it is a vendor object: true for one made from the
   * vendor (`new PostHog(key)`, `axios.create()`, `appInsights.defaultClient`), false for one made
   * by a global or library that is not the vendor (`document.createElement('span')`,
   * `new Map()`), undefined when it cannot tell (a project helper's result).
   */
  private comesFromVendor(init: TSESTree.Node, sink: CallSinkData, bindings: Bindings, depth: number): boolean | undefined {
    switch (init.type) {
      case 'AwaitExpression':
        return this.comesFromVendor(unwrap(init.argument), sink, bindings, depth);
      case 'NewExpression':
        return this.comesFromVendor(unwrap(init.callee), sink, bindings, depth);
      case 'CallExpression': {
        const callee = unwrap(init.callee);
        if (callee.type === 'MemberExpression') {
          const name = propertyName(callee);
          if (name && (sink.receiverCalls ?? []).includes(name)) return true;
          return this.comesFromVendor(unwrap(callee.object), sink, bindings, depth);
        }
        return this.comesFromVendor(callee, sink, bindings, depth);
      }
      case 'MemberExpression': {
        const fromObject = this.comesFromVendor(unwrap(init.object), sink, bindings, depth);
        return fromObject === true ? true : fromObject === false && !this.isVendorReceiver(init, sink, bindings, depth + 1) ? false : undefined;
      }
      case 'Identifier': {
        const binding = bindings.lookup(init);
        const member = moduleMemberOf(binding);
        if (member) return (sink.modules ?? []).includes(member.module) ? true : isPackage(member.module) ? false : undefined;
        if (!binding) return this.nameMatches(init.name, sink) ? true : false;
        // A class of this file is the vendor's only when it extends one (`class SearchDb extends Dexie`).
        if (binding.kind === 'declaration' && binding.node.type === 'ClassDeclaration') {
          const superClass = binding.node.superClass;
          return superClass && depth < 4 ? this.comesFromVendor(unwrap(superClass), sink, bindings, depth + 1) === true : false;
        }
        return binding.kind === 'variable' && binding.init && depth < 4 ? this.comesFromVendor(unwrap(binding.init), sink, bindings, depth + 1) : undefined;
      }
      case 'ArrayExpression':
      case 'ObjectExpression':
      case 'Literal':
      case 'TemplateLiteral':
        return false;
      default:
        return undefined;
    }
  }

  /**
   * The receiver is named by one of the sink's receiver names: `analytics`, `this.appInsights`,
   * `dbSpan`. A one-word name may end a longer name only when no word before it names data:
   * `portalCookies` and `dbSpan` are, `medicationHistory` is not.
   */
  private nameMatches(name: string, sink: CallSinkData): boolean {
    const tokens = normalizedTokens(name);
    return (sink.receiverNames ?? []).some((phrase) => {
      const words = normalizedTokens(phrase);
      if (words.length > tokens.length || !words.every((word, index) => tokens[tokens.length - words.length + index] === word)) return false;
      if (words.length > 1 || tokens.length === 1) return true;
      return !this.namesData(tokens.slice(0, -1).join('_'));
    });
  }
}

/** Values that are plainly no vendor object when nothing says they are: literals, `new X()`. */
function isPlainOrConstructed(node: TSESTree.Node): boolean {
  return node.type === 'NewExpression' || node.type === 'ObjectExpression' || node.type === 'ArrayExpression' || node.type === 'Literal' || node.type === 'TemplateLiteral';
}

function leftmost(name: TSESTree.TSQualifiedName): TSESTree.EntityName {
  let current: TSESTree.EntityName = name;
  while (current.type === 'TSQualifiedName') current = current.left;
  return current;
}

/** A module from a package, not one of the project's own (`./x`, `@/lib/x`, `~/x`). */
function isPackage(module: string): boolean {
  return !module.startsWith('.') && !module.startsWith('@/') && !module.startsWith('~') && !module.startsWith('#') && !module.startsWith('/');
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * The argument positions a sink table gives a name, looking only at the table's own entries: a
 * call such as `x.constructor()` must not find `Object.prototype.constructor` in the YAML's table.
 */
function positionsOf(table: Record<string, number[]> | undefined, name: string): number[] | undefined {
  return table && Object.hasOwn(table, name) ? table[name] : undefined;
}
