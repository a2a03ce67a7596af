import type { TSESTree } from '@typescript-eslint/types';
import type { LogLibraryData, LogSinkData } from '../catalog/catalog';
import { tokenize } from './tokenize';
import type { Bindings } from './bindings';

export interface LogCall {
  call: TSESTree.CallExpression;
  /** How the call reads in source, for messages: `logger.info`, `console.log`, `dbg`. */
  calleeText: string;
  /** The arguments that land in the log entry. */
  args: TSESTree.CallExpressionArgument[];
}

/**
 * Recognises calls that write a log entry: console, the logger libraries in rules/sinks/logs.yaml
 * (by import and construction where visible, by name where not: `this.logger`, `req.log`), child
 * loggers, and debug-style callable loggers.
 */
export class LogSinkMatcher {
  private readonly methods: Set<string>;
  private readonly childMethods: Set<string>;
  private readonly loggerNames: Set<string>;
  private readonly globals: Map<string, Set<string>>;
  private readonly libraries: Map<string, LogLibraryData>;

  constructor(sinks: LogSinkData) {
    this.methods = new Set(sinks.methods);
    this.childMethods = new Set(sinks.childMethods);
    this.loggerNames = new Set(sinks.loggerNames);
    this.globals = new Map(sinks.globals.map((global) => [global.object, new Set(global.methods)]));
    this.libraries = new Map(sinks.libraries.map((library) => [library.module, library]));
  }

  /** Cheap text test: a file that names no logger at all cannot hold a log call. */
  mayContainLogCall(text: string): boolean {
    return /log|console|debug|signale|consola/i.test(text);
  }

  match(call: TSESTree.CallExpression, bindings: Bindings, source: string): LogCall | undefined {
    const callee = unwrap(call.callee);
    if (callee.type === 'MemberExpression') {
      const method = propertyName(callee);
      if (!method) return undefined;
      const receiver = unwrap(callee.object);
      const isSink =
        (receiver.type === 'Identifier' && this.globals.get(receiver.name)?.has(method) && !bindings.lookup(receiver)) ||
        (this.methods.has(method) && this.isLogger(receiver, bindings, 0));
      return isSink ? { call, calleeText: source.slice(callee.range[0], callee.range[1]), args: call.arguments } : undefined;
    }
    if (callee.type === 'Identifier' && this.isCallableLogger(callee, bindings)) {
      return { call, calleeText: callee.name, args: call.arguments };
    }
    return undefined;
  }

  /** Whether an expression evaluates to a logger object. */
  private isLogger(expression: TSESTree.Node, bindings: Bindings, depth: number): boolean {
    if (depth > 4) return false;
    const node = unwrap(expression);
    switch (node.type) {
      case 'Identifier': {
        const binding = bindings.lookup(node);
        if (binding?.kind === 'import') {
          const library = this.libraries.get(binding.module);
          if (library) {
            if (binding.imported === 'default' || binding.imported === '*') return library.moduleIsLogger === true;
            return library.classIsLogger === true && (library.classes ?? []).includes(binding.imported);
          }
        }
        if (binding?.kind === 'variable' && binding.init && !binding.property) {
          const init = unwrap(binding.init);
          if (this.producesLogger(init, bindings, depth + 1) || this.isRequireOf(init, (library) => library.moduleIsLogger === true)) return true;
          // A variable bound to something plainly not a logger keeps its name from misleading us.
          if (isPlainValue(init)) return false;
        }
        return this.hasLoggerName(node.name);
      }
      case 'MemberExpression': {
        const name = propertyName(node);
        return name !== undefined && this.hasLoggerName(name);
      }
      case 'CallExpression':
      case 'NewExpression':
        return this.producesLogger(node, bindings, depth + 1);
      default:
        return false;
    }
  }

  /** `winston.createLogger()`, `pino()`, `require('pino')()`, `logger.child()`, `new Logger()`. */
  private producesLogger(node: TSESTree.Node, bindings: Bindings, depth: number): boolean {
    if (node.type === 'AwaitExpression') return this.producesLogger(unwrap(node.argument), bindings, depth);
    if (node.type === 'NewExpression') {
      const callee = unwrap(node.callee);
      if (callee.type === 'Identifier') {
        const binding = bindings.lookup(callee);
        if (binding?.kind === 'import') {
          const library = this.libraries.get(binding.module);
          if (library) return (library.classes ?? []).includes(binding.imported);
        }
        return this.hasLoggerName(callee.name);
      }
      if (callee.type === 'MemberExpression') {
        const className = propertyName(callee);
        return className !== undefined && this.libraryOf(unwrap(callee.object), bindings)?.classes?.includes(className) === true;
      }
      return false;
    }
    if (node.type !== 'CallExpression') return false;
    const callee = unwrap(node.callee);
    if (callee.type === 'Identifier') {
      const binding = bindings.lookup(callee);
      if (binding?.kind === 'import') {
        const library = this.libraries.get(binding.module);
        if (!library) return false;
        if (binding.imported === 'default' || binding.imported === '*') return library.callable === 'factory';
        return (library.factories ?? []).includes(binding.imported);
      }
      if (binding?.kind === 'variable' && binding.init) {
        return this.isRequireOf(unwrap(binding.init), (library) => library.callable === 'factory');
      }
      return false;
    }
    if (callee.type === 'CallExpression') {
      // require('pino')(), require('debug')('app')
      return this.isRequireOf(callee, (library) => library.callable === 'factory');
    }
    if (callee.type === 'MemberExpression') {
      const method = propertyName(callee);
      if (!method) return false;
      const receiver = unwrap(callee.object);
      if (this.childMethods.has(method) && this.isLogger(receiver, bindings, depth)) return true;
      return this.libraryOf(receiver, bindings)?.factories?.includes(method) === true;
    }
    return false;
  }

  /** `dbg(...)` where `const dbg = debug('app')`. */
  private isCallableLogger(callee: TSESTree.Identifier, bindings: Bindings): boolean {
    const binding = bindings.lookup(callee);
    if (binding?.kind !== 'variable' || !binding.init || binding.property) return false;
    const init = unwrap(binding.init);
    if (init.type !== 'CallExpression') return false;
    const factory = unwrap(init.callee);
    const library =
      factory.type === 'Identifier'
        ? this.libraryOfBinding(bindings.lookup(factory))
        : factory.type === 'CallExpression'
          ? this.requiredLibrary(factory)
          : undefined;
    return library?.loggerIsCallable === true;
  }

  /** The logger library an expression names: an import of it, or `require('it')`. */
  private libraryOf(node: TSESTree.Node, bindings: Bindings): LogLibraryData | undefined {
    if (node.type === 'Identifier') {
      const binding = bindings.lookup(node);
      if (binding?.kind === 'variable' && binding.init && !binding.property) return this.requiredLibrary(unwrap(binding.init));
      return this.libraryOfBinding(binding);
    }
    return this.requiredLibrary(node);
  }

  private libraryOfBinding(binding: ReturnType<Bindings['lookup']>): LogLibraryData | undefined {
    if (binding?.kind === 'import' && (binding.imported === 'default' || binding.imported === '*')) return this.libraries.get(binding.module);
    if (binding?.kind === 'variable' && binding.init && !binding.property) return this.requiredLibrary(unwrap(binding.init));
    return undefined;
  }

  private requiredLibrary(node: TSESTree.Node): LogLibraryData | undefined {
    if (node.type !== 'CallExpression') return undefined;
    const callee = unwrap(node.callee);
    const argument = node.arguments[0];
    if (callee.type !== 'Identifier' || callee.name !== 'require' || argument?.type !== 'Literal') return undefined;
    return this.libraries.get(String(argument.value));
  }

  private isRequireOf(node: TSESTree.Node, test: (library: LogLibraryData) => boolean): boolean {
    const library = this.requiredLibrary(node);
    return library !== undefined && test(library);
  }

  private hasLoggerName(name: string): boolean {
    const tokens = tokenize(name);
    return tokens.length > 0 && this.loggerNames.has(tokens[tokens.length - 1]);
  }
}

/** Strips what does not change a value: TS casts, non-null assertions, optional chains, parens. */
export function unwrap(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  for (;;) {
    switch (current.type) {
      case 'TSAsExpression':
      case 'TSNonNullExpression':
      case 'TSTypeAssertion':
      case 'TSSatisfiesExpression':
      case 'TSInstantiationExpression':
        current = current.expression;
        break;
      case 'ChainExpression':
        current = current.expression;
        break;
      default:
        return current;
    }
  }
}

export function propertyName(member: TSESTree.MemberExpression): string | undefined {
  if (!member.computed && member.property.type === 'Identifier') return member.property.name;
  if (!member.computed && member.property.type === 'PrivateIdentifier') return member.property.name;
  if (member.computed && member.property.type === 'Literal' && typeof member.property.value === 'string') return member.property.value;
  return undefined;
}

function isPlainValue(node: TSESTree.Node): boolean {
  return node.type === 'ArrayExpression' || node.type === 'Literal' || node.type === 'TemplateLiteral' || node.type === 'ObjectExpression';
}
