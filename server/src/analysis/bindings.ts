import type { TSESTree } from '@typescript-eslint/types';
import { walk, type Node, type ParentLookup, type ParsedScript } from '../parse/typescript';

/** What a name in a script is bound to. */
export type Binding =
  | { kind: 'import'; module: string; imported: string; node: TSESTree.Identifier }
  | {
      kind: 'variable';
      node: TSESTree.Identifier;
      /** The value the whole declaration pattern was initialised with. */
      init?: TSESTree.Expression;
      /** For `const { ssn } = patient`: the property read from init (or from each element). */
      property?: string;
      /** `for (const p of patients)`: the collection whose elements the variable holds. */
      elementOf?: TSESTree.Expression;
      /** `const [draft, setDraft] = useState(...)`: the variable's place in a top-level array pattern. */
      position?: number;
      reassigned: boolean;
      /** Values assigned after the declaration (`=`, `+=`, ...), in source order. */
      assignments: TSESTree.Expression[];
    }
  | {
      kind: 'parameter';
      node: TSESTree.Identifier;
      /** `patients.map((p) => ...)`: the collection whose elements the callback receives. */
      elementOf?: TSESTree.Expression;
      property?: string;
      /** `({ patient }: { patient: Patient })`: the type of the object pattern `property` is read from. */
      patternType?: TSESTree.TypeNode;
    }
  | { kind: 'declaration'; node: TSESTree.Node };

/** The node types the constructor's walk declares or records something for. */
const DECLARING_TYPES = [
  'ImportDeclaration',
  'VariableDeclarator',
  'FunctionDeclaration',
  'FunctionExpression',
  'ArrowFunctionExpression',
  'ClassDeclaration',
  'TSImportEqualsDeclaration',
  'AssignmentExpression',
  'UpdateExpression',
];

/** Array methods whose callback receives the receiver's elements. */
const ITERATION_METHODS = new Set(['map', 'flatMap', 'forEach', 'filter', 'find', 'findLast', 'findIndex', 'some', 'every', 'sort', 'toSorted']);

type ScopeOwner = TSESTree.Program | TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

function isScopeOwner(node: Node): node is ScopeOwner {
  return (
    node.type === 'Program' ||
    node.type === 'FunctionDeclaration' ||
    node.type === 'FunctionExpression' ||
    node.type === 'ArrowFunctionExpression'
  );
}

/**
 * Names declared in a script, per function scope. Block scopes are folded into their function:
 * the same name declared twice in one function is rare, and the cost of a full scope manager
 * on every keystroke is not.
 */
export class Bindings {
  private readonly scopes = new Map<Node, Map<string, Binding>>();
  /** Each reference resolved once: matchers ask about the same callee for every sink they know. */
  private readonly resolved = new Map<TSESTree.Identifier, Binding | null>();
  private readonly parents: ParentLookup;

  constructor(private readonly script: ParsedScript) {
    this.parents = script.parents;
    const assigned: { target: TSESTree.Identifier; value: TSESTree.Expression }[] = [];
    walk(script.ast, (node) => {
      switch (node.type) {
        case 'ImportDeclaration':
          for (const specifier of node.specifiers) {
            const imported =
              specifier.type === 'ImportDefaultSpecifier'
                ? 'default'
                : specifier.type === 'ImportNamespaceSpecifier'
                  ? '*'
                  : specifier.imported.type === 'Identifier'
                    ? specifier.imported.name
                    : String(specifier.imported.value);
            this.declare(node, specifier.local, { kind: 'import', module: String(node.source.value), imported, node: specifier.local });
          }
          break;
        case 'VariableDeclarator':
          this.declarePattern(node, node.id, node.init ?? undefined, undefined, this.iteratedBy(node));
          break;
        case 'FunctionDeclaration':
        case 'FunctionExpression':
        case 'ArrowFunctionExpression':
          if (node.type === 'FunctionDeclaration' && node.id) this.declare(this.parentOf(node), node.id, { kind: 'declaration', node });
          node.params.forEach((param, index) => this.declareParameter(node, param, index === 0 ? this.callbackReceiver(node) : undefined));
          break;
        case 'ClassDeclaration':
          if (node.id) this.declare(node, node.id, { kind: 'declaration', node });
          break;
        case 'TSImportEqualsDeclaration':
          if (node.moduleReference.type === 'TSExternalModuleReference' && node.moduleReference.expression.type === 'Literal') {
            this.declare(node, node.id, { kind: 'import', module: String(node.moduleReference.expression.value), imported: '*', node: node.id });
          }
          break;
        case 'AssignmentExpression':
          if (node.left.type === 'Identifier') assigned.push({ target: node.left, value: node.right });
          break;
        case 'UpdateExpression':
          if (node.argument.type === 'Identifier') assigned.push({ target: node.argument, value: node.argument });
          break;
      }
    }, DECLARING_TYPES);
    for (const { target, value } of assigned) {
      const binding = this.lookup(target);
      if (binding?.kind === 'variable') {
        binding.reassigned = true;
        if (value !== target) binding.assignments.push(value);
      }
    }
  }

  /** The binding a reference resolves to, searching enclosing function scopes outwards. */
  lookup(identifier: TSESTree.Identifier): Binding | undefined {
    let result = this.resolved.get(identifier);
    if (result === undefined) {
      result = this.resolve(identifier) ?? null;
      // Every declaration is in by the end of the constructor's walk, which comes before any lookup.
      this.resolved.set(identifier, result);
    }
    return result ?? undefined;
  }

  private resolve(identifier: TSESTree.Identifier): Binding | undefined {
    const name = identifier.name;
    for (let node: Node | undefined = identifier; node; node = this.parents.get(node)) {
      if (isScopeOwner(node)) {
        const binding = this.scopes.get(node)?.get(name);
        if (binding) return binding;
      }
    }
    return undefined;
  }

  /** The nearest function around a node, if any. */
  enclosingFunction(node: TSESTree.Node): TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression | undefined {
    let current: Node | undefined = this.parents.get(node);
    while (current && !isScopeOwner(current)) current = this.parents.get(current);
    return current && current.type !== 'Program' ? current : undefined;
  }

  /** The function whose parameter list declares this identifier. */
  ownerOfParameter(param: TSESTree.Identifier): TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression | undefined {
    let node: Node | undefined = this.parents.get(param);
    while (node && !isScopeOwner(node)) node = this.parents.get(node);
    return node && node.type !== 'Program' ? node : undefined;
  }

  /**
   * What `this.name` was set to in the class around it: a field's initialiser (`private readonly
   * telemetry = appInsights.defaultClient`), a parameter property's default or declared type
   * (`constructor(private readonly analytics: AnalyticsBrowser)`), or an assignment at the top
   * of the constructor (`this.telemetry = client`).
   */
  classField(member: TSESTree.MemberExpression): { value?: TSESTree.Expression; type?: TSESTree.TypeNode } | undefined {
    if (member.object.type !== 'ThisExpression' || member.computed || member.property.type !== 'Identifier') return undefined;
    const name = member.property.name;
    let body: Node | undefined = this.parents.get(member);
    while (body && body.type !== 'ClassBody') body = this.parents.get(body);
    if (!body) return undefined;
    // A field declared without a value (`private monitor: Client;`) is set in the constructor.
    const declared = body.body.find((element): element is TSESTree.PropertyDefinition => element.type === 'PropertyDefinition' && !element.computed && element.key.type === 'Identifier' && element.key.name === name);
    if (declared?.value) return { value: declared.value, type: declared.typeAnnotation?.typeAnnotation };
    const type = declared?.typeAnnotation?.typeAnnotation;
    for (const element of body.body) {
      if (element.type !== 'MethodDefinition' || element.kind !== 'constructor') continue;
      for (const param of element.value.params) {
        if (param.type !== 'TSParameterProperty') continue;
        const inner = param.parameter.type === 'AssignmentPattern' ? param.parameter.left : param.parameter;
        if (inner.type === 'Identifier' && inner.name === name) {
          return { value: param.parameter.type === 'AssignmentPattern' ? param.parameter.right : undefined, type: inner.typeAnnotation?.typeAnnotation };
        }
      }
      for (const statement of element.value.body?.body ?? []) {
        if (statement.type !== 'ExpressionStatement' || statement.expression.type !== 'AssignmentExpression' || statement.expression.operator !== '=') continue;
        const target = statement.expression.left;
        if (target.type === 'MemberExpression' && target.object.type === 'ThisExpression' && !target.computed && target.property.type === 'Identifier' && target.property.name === name) {
          return { value: statement.expression.right, type };
        }
      }
    }
    return declared ? { type } : undefined;
  }

  /** A type declared at the top of the module, exported or not: `interface Props {...}`, `type Props = {...}`. */
  typeDeclaration(name: string): TSESTree.TSInterfaceDeclaration | TSESTree.TSTypeAliasDeclaration | undefined {
    for (const statement of this.script.ast.body) {
      const declaration = statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration' ? statement.declaration : statement;
      if ((declaration?.type === 'TSInterfaceDeclaration' || declaration?.type === 'TSTypeAliasDeclaration') && declaration.id.name === name) return declaration;
    }
    return undefined;
  }

  /** Bindings declared at the top of the module (imports, top-level declarations). */
  moduleBinding(name: string): Binding | undefined {
    return this.scopes.get(this.script.ast)?.get(name);
  }

  private parentOf(node: Node): Node {
    return this.parents.get(node) ?? this.script.ast;
  }

  private ownerOf(node: Node): Node {
    let current: Node | undefined = node;
    while (current && !isScopeOwner(current)) current = this.parents.get(current);
    return current ?? this.script.ast;
  }

  private declare(at: Node, identifier: TSESTree.Identifier, binding: Binding, owner = this.ownerOf(at)): void {
    let scope = this.scopes.get(owner);
    if (!scope) {
      scope = new Map();
      this.scopes.set(owner, scope);
    }
    if (!scope.has(identifier.name)) scope.set(identifier.name, binding);
  }

  /** `for (const p of patients)`: the collection a loop variable iterates. */
  private iteratedBy(declarator: TSESTree.VariableDeclarator): TSESTree.Expression | undefined {
    const declaration = this.parents.get(declarator);
    const loop = declaration && this.parents.get(declaration);
    return loop?.type === 'ForOfStatement' && loop.left === declaration ? loop.right : undefined;
  }

  /** `patients.map((p) => ...)`: the receiver whose elements a callback's first parameter gets. */
  private callbackReceiver(fn: ScopeOwner): TSESTree.Expression | undefined {
    const call = this.parents.get(fn);
    if (call?.type !== 'CallExpression' || call.arguments[0] !== fn || call.callee.type !== 'MemberExpression') return undefined;
    const method = call.callee.property;
    return !call.callee.computed && method.type === 'Identifier' && ITERATION_METHODS.has(method.name) ? call.callee.object : undefined;
  }

  private declarePattern(at: Node, pattern: TSESTree.Node, init: TSESTree.Expression | undefined, property: string | undefined, elementOf?: TSESTree.Expression, position?: number): void {
    switch (pattern.type) {
      case 'Identifier':
        this.declare(at, pattern, { kind: 'variable', node: pattern, init, property, elementOf, position, reassigned: false, assignments: [] });
        break;
      case 'ObjectPattern':
        for (const element of pattern.properties) {
          if (element.type === 'RestElement') {
            this.declarePattern(at, element.argument, init, undefined, elementOf);
          } else {
            // Nested patterns read further in; keep the first property, which names the data.
            this.declarePattern(at, element.value, init, property ?? keyName(element), elementOf);
          }
        }
        break;
      case 'ArrayPattern':
        pattern.elements.forEach((element, index) => {
          // Only the outermost pattern's positions: `const [draft] = useState()`.
          if (element) this.declarePattern(at, element, init, property, elementOf, at.type === 'VariableDeclarator' && at.id === pattern ? index : undefined);
        });
        break;
      case 'AssignmentPattern':
        this.declarePattern(at, pattern.left, init, property, elementOf);
        break;
      case 'RestElement':
        this.declarePattern(at, pattern.argument, init, property, elementOf);
        break;
    }
  }

  private declareParameter(fn: ScopeOwner, param: TSESTree.Parameter, elementOf: TSESTree.Expression | undefined): void {
    // `({ patient, results }: Props)`: the annotation of the parameter's own object pattern.
    const outerType = param.type === 'ObjectPattern' ? param.typeAnnotation?.typeAnnotation : undefined;
    const declareAll = (pattern: TSESTree.Node, property: string | undefined, patternType?: TSESTree.TypeNode) => {
      switch (pattern.type) {
        case 'Identifier':
          this.declare(fn, pattern, { kind: 'parameter', node: pattern, elementOf, property, ...(patternType && property !== undefined ? { patternType } : {}) }, fn);
          break;
        case 'ObjectPattern':
          for (const element of pattern.properties) {
            if (element.type === 'RestElement') declareAll(element.argument, undefined);
            else declareAll(element.value, property ?? keyName(element), pattern === param ? outerType : undefined);
          }
          break;
        case 'ArrayPattern':
          for (const element of pattern.elements) if (element) declareAll(element, property);
          break;
        case 'AssignmentPattern':
          declareAll(pattern.left, property, patternType);
          break;
        case 'RestElement':
          declareAll(pattern.argument, property);
          break;
        case 'TSParameterProperty':
          declareAll(pattern.parameter, property);
          break;
      }
    };
    declareAll(param, undefined);
  }
}

function keyName(property: TSESTree.Property): string | undefined {
  if (!property.computed && property.key.type === 'Identifier') return property.key.name;
  return property.key.type === 'Literal' ? String(property.key.value) : undefined;
}

/** What module export a binding names: `import { format } from 'util'`, `const { createLogger } = require('winston')`. */
export function moduleMemberOf(binding: Binding | undefined): { module: string; member: string } | undefined {
  if (binding?.kind === 'import') return { module: binding.module, member: binding.imported };
  if (binding?.kind !== 'variable' || !binding.init || binding.elementOf) return undefined;
  const module = requiredModule(binding.init);
  return module === undefined ? undefined : { module, member: binding.property ?? '*' };
}

/** `require('pino')` -> 'pino'. */
export function requiredModule(node: TSESTree.Node): string | undefined {
  let current = node;
  while (current.type === 'TSAsExpression' || current.type === 'TSNonNullExpression') current = current.expression;
  if (current.type !== 'CallExpression' || current.callee.type !== 'Identifier' || current.callee.name !== 'require') return undefined;
  const argument = current.arguments[0];
  return argument?.type === 'Literal' && typeof argument.value === 'string' ? argument.value : undefined;
}
