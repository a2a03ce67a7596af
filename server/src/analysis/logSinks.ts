import type { TSESTree } from '@typescript-eslint/types';
import type { LogLibraryData, LogSinkData } from '../catalog/catalog';
import { tokenize } from './tokenize';
import { propertyName, unwrap } from './ast';
import { moduleMemberOf, requiredModule, type Bindings } from './bindings';

export interface LogCall {
  call: TSESTree.CallExpression;
  /** How the call reads in source, for messages: `logger.info`, `console.log`, `dbg`. */
  calleeText: string;
  /** The arguments that land in the log entry. */
  args: TSESTree.CallExpressionArgument[];
}

/**
 * Recognises calls that write a log entry: console, the logger libraries in rules/sinks/logs.yaml
 * (by import, require and construction where visible, by name where not: `this.logger`,
 * `req.log`), child loggers, methods taken off a logger, and debug-style callable loggers.
 */
export class LogSinkMatcher {
  private readonly methods: Set<string>;
  private readonly childMethods: Set<string>;
  private readonly loggerNames: Set<string>;
  private readonly globals: Map<string, Set<string>>;
  private readonly libraries: Map<string, LogLibraryData>;
  private readonly mentions: RegExp;

  constructor(sinks: LogSinkData) {
    this.methods = new Set(sinks.methods);
    this.childMethods = new Set(sinks.childMethods);
    this.loggerNames = new Set(sinks.loggerNames);
    this.globals = new Map(sinks.globals.map((global) => [global.object, new Set(global.methods)]));
    this.libraries = new Map(sinks.libraries.map((library) => [library.module, library]));
    const words = [...sinks.loggerNames, ...sinks.globals.map((global) => global.object), ...sinks.libraries.map((library) => library.module)];
    this.mentions = new RegExp(words.map((word) => word.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|'), 'i');
  }

  /**
   * Cheap text test: a file that names no logger, no logging global and no logging library
   * cannot hold a log call, so the rule need not walk it.
   */
  mayContainLogCall(text: string): boolean {
    return this.mentions.test(text);
  }

  match(call: TSESTree.CallExpression, bindings: Bindings, source: string): LogCall | undefined {
    const callee = unwrap(call.callee);
    if (callee.type === 'MemberExpression') {
      const method = propertyName(callee);
      if (!method) return undefined;
      const receiver = unwrap(callee.object);
      const isSink =
        (receiver.type === 'Identifier' && this.isGlobalMethod(receiver, method, bindings)) ||
        (this.methods.has(method) && this.isLogger(receiver, bindings, 0));
      return isSink ? { call, calleeText: source.slice(callee.range[0], callee.range[1]), args: call.arguments } : undefined;
    }
    if (callee.type === 'Identifier' && (this.isCallableLogger(callee, bindings) || this.isMethodTakenOffLogger(callee, bindings))) {
      return { call, calleeText: callee.name, args: call.arguments };
    }
    return undefined;
  }

  /** `console.log`, unless `console` is a local name. */
  private isGlobalMethod(receiver: TSESTree.Identifier, method: string, bindings: Bindings): boolean {
    return this.globals.get(receiver.name)?.has(method) === true && !bindings.lookup(receiver);
  }

  /** Whether an expression evaluates to a logger object. */
  private isLogger(expression: TSESTree.Node, bindings: Bindings, depth: number): boolean {
    if (depth > 4) return false;
    const node = unwrap(expression);
    switch (node.type) {
      case 'Identifier': {
        const binding = bindings.lookup(node);
        const member = moduleMemberOf(binding);
        const library = member && this.libraries.get(member.module);
        if (member && library) return this.libraryMemberIsLogger(library, member.member);
        if (binding?.kind === 'variable' && binding.init && !binding.property && !binding.elementOf) {
          const init = unwrap(binding.init);
          if (this.producesLogger(init, bindings, depth + 1)) return true;
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

  /** `winston` (the module logs), `Logger` (NestJS static methods log), `consola` (a named logger). */
  private libraryMemberIsLogger(library: LogLibraryData, member: string): boolean {
    if (member === 'default' || member === '*') return library.moduleIsLogger === true;
    if ((library.loggerExports ?? []).includes(member)) return true;
    return library.classIsLogger === true && (library.classes ?? []).includes(member);
  }

  /** `winston.createLogger()`, `pino()`, `require('pino')()`, `logger.child()`, `new Logger()`. */
  private producesLogger(node: TSESTree.Node, bindings: Bindings, depth: number): boolean {
    if (node.type === 'AwaitExpression') return this.producesLogger(unwrap(node.argument), bindings, depth);
    if (node.type === 'NewExpression') {
      const callee = unwrap(node.callee);
      if (callee.type === 'Identifier') {
        const member = moduleMemberOf(bindings.lookup(callee));
        const library = member && this.libraries.get(member.module);
        if (member && library) return (library.classes ?? []).includes(member.member);
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
      const member = moduleMemberOf(bindings.lookup(callee));
      const library = member && this.libraries.get(member.module);
      if (!member || !library) return false;
      if (member.member === 'default' || member.member === '*') return library.callable === 'factory';
      return (library.factories ?? []).includes(member.member);
    }
    if (callee.type === 'CallExpression') {
      // require('pino')(), require('debug')('app')
      const module = requiredModule(callee);
      return module !== undefined && this.libraries.get(module)?.callable === 'factory';
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
    const module =
      factory.type === 'Identifier' ? moduleMemberOf(bindings.lookup(factory))?.module : factory.type === 'CallExpression' ? requiredModule(factory) : undefined;
    return module !== undefined && this.libraries.get(module)?.loggerIsCallable === true;
  }

  /** `const { log } = console; log(...)`, `const { info } = logger; info(...)`. */
  private isMethodTakenOffLogger(callee: TSESTree.Identifier, bindings: Bindings): boolean {
    const binding = bindings.lookup(callee);
    if (binding?.kind !== 'variable' || !binding.init || !binding.property || binding.elementOf) return false;
    const source = unwrap(binding.init);
    if (source.type === 'Identifier' && this.isGlobalMethod(source, binding.property, bindings)) return true;
    return this.methods.has(binding.property) && this.isLogger(source, bindings, 1);
  }

  /** The logger library an expression names: an import of its module, or `require('it')`. */
  private libraryOf(node: TSESTree.Node, bindings: Bindings): LogLibraryData | undefined {
    if (node.type === 'Identifier') {
      const member = moduleMemberOf(bindings.lookup(node));
      return member && (member.member === 'default' || member.member === '*') ? this.libraries.get(member.module) : undefined;
    }
    const module = requiredModule(node);
    return module === undefined ? undefined : this.libraries.get(module);
  }

  private hasLoggerName(name: string): boolean {
    const tokens = tokenize(name);
    return tokens.length > 0 && this.loggerNames.has(tokens[tokens.length - 1]);
  }
}

function isPlainValue(node: TSESTree.Node): boolean {
  return node.type === 'ArrayExpression' || node.type === 'Literal' || node.type === 'TemplateLiteral' || node.type === 'ObjectExpression';
}
