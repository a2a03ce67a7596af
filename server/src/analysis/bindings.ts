import type { TSESTree } from '@typescript-eslint/types';
import { walk, type Node, type ParsedScript } from '../parse/typescript';

/** What a name in a script is bound to. */
export type Binding =
  | { kind: 'import'; module: string; imported: string; node: TSESTree.Identifier }
  | {
      kind: 'variable';
      node: TSESTree.Identifier;
      /** The value the whole declaration pattern was initialised with. */
      init?: TSESTree.Expression;
      /** For `const { ssn } = patient`: the property read from init. */
      property?: string;
      reassigned: boolean;
    }
  | { kind: 'parameter'; node: TSESTree.Identifier }
  | { kind: 'declaration'; node: TSESTree.Node };

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

  constructor(private readonly script: ParsedScript) {
    const assigned: TSESTree.Identifier[] = [];
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
          this.declarePattern(node, node.id, node.init ?? undefined, undefined);
          break;
        case 'FunctionDeclaration':
        case 'FunctionExpression':
        case 'ArrowFunctionExpression':
          if (node.type === 'FunctionDeclaration' && node.id) this.declare(this.parentOf(node), node.id, { kind: 'declaration', node });
          for (const param of node.params) this.declareParameter(node, param);
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
          if (node.left.type === 'Identifier') assigned.push(node.left);
          break;
        case 'UpdateExpression':
          if (node.argument.type === 'Identifier') assigned.push(node.argument);
          break;
      }
    });
    for (const identifier of assigned) {
      const binding = this.lookup(identifier);
      if (binding?.kind === 'variable') binding.reassigned = true;
    }
  }

  /** The binding a reference resolves to, searching enclosing function scopes outwards. */
  lookup(identifier: TSESTree.Identifier): Binding | undefined {
    let node: Node | undefined = identifier;
    while (node) {
      if (isScopeOwner(node)) {
        const binding = this.scopes.get(node)?.get(identifier.name);
        if (binding) return binding;
      }
      node = this.script.parents.get(node);
    }
    return undefined;
  }

  /** Bindings declared at the top of the module (imports, top-level declarations). */
  moduleBinding(name: string): Binding | undefined {
    return this.scopes.get(this.script.ast)?.get(name);
  }

  private parentOf(node: Node): Node {
    return this.script.parents.get(node) ?? this.script.ast;
  }

  private ownerOf(node: Node): Node {
    let current: Node | undefined = node;
    while (current && !isScopeOwner(current)) current = this.script.parents.get(current);
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

  private declarePattern(at: Node, pattern: TSESTree.Node, init: TSESTree.Expression | undefined, property: string | undefined): void {
    switch (pattern.type) {
      case 'Identifier':
        this.declare(at, pattern, { kind: 'variable', node: pattern, init, property, reassigned: false });
        break;
      case 'ObjectPattern':
        for (const element of pattern.properties) {
          if (element.type === 'RestElement') {
            this.declarePattern(at, element.argument, init, undefined);
          } else {
            const key = !element.computed && element.key.type === 'Identifier' ? element.key.name : element.key.type === 'Literal' ? String(element.key.value) : undefined;
            // Nested patterns read further in; keep the first property, which names the data.
            this.declarePattern(at, element.value, init, property ?? key);
          }
        }
        break;
      case 'ArrayPattern':
        for (const element of pattern.elements) if (element) this.declarePattern(at, element, init, property);
        break;
      case 'AssignmentPattern':
        this.declarePattern(at, pattern.left, init, property);
        break;
      case 'RestElement':
        this.declarePattern(at, pattern.argument, init, property);
        break;
    }
  }

  private declareParameter(fn: ScopeOwner, param: TSESTree.Parameter): void {
    const declareAll = (pattern: TSESTree.Node) => {
      switch (pattern.type) {
        case 'Identifier':
          this.declare(fn, pattern, { kind: 'parameter', node: pattern }, fn);
          break;
        case 'ObjectPattern':
          for (const element of pattern.properties) declareAll(element.type === 'RestElement' ? element.argument : element.value);
          break;
        case 'ArrayPattern':
          for (const element of pattern.elements) if (element) declareAll(element);
          break;
        case 'AssignmentPattern':
          declareAll(pattern.left);
          break;
        case 'RestElement':
          declareAll(pattern.argument);
          break;
        case 'TSParameterProperty':
          declareAll(pattern.parameter);
          break;
      }
    };
    declareAll(param);
  }
}
