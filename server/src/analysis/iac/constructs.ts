import type { TSESTree } from '@typescript-eslint/types';
import { walk, type ParsedScript } from '../../parse/typescript';
import { unwrap } from '../ast';
import { moduleMemberOf, type Bindings } from '../bindings';
import { staticString } from '../moduleReference';
import type { IacDocument, IacEntry, IacMap, IacResource, IacValue, Span } from './model';

/**
 * AWS CDK and Pulumi programs (TypeScript, JavaScript) read into the IaC model: each
 * `new s3.Bucket(this, 'Id', { ... })` / `new aws.s3.BucketV2('name', { ... })` whose class is
 * imported from aws-cdk-lib (or the v1 @aws-cdk/* packages) or @pulumi/aws becomes a resource,
 * its props object literal its properties, with positions. Only what the import bindings prove
 * to come from those libraries is read: a class of the same name from elsewhere is not.
 *
 * Values: literals, object and array literals, local consts (followed), library constants
 * (`s3.BucketEncryption.KMS` reads as the string `BucketEncryption.KMS`, a call without
 * arguments such as `ec2.Peer.anyIpv4()` as `Peer.anyIpv4()`), library calls with arguments
 * (`ec2.Port.tcp(22)`: a call `Port.tcp`), other constructs of the file (`bucket.id`: a
 * reference). Anything else is unknown, and checks do not guess about it.
 */

/** A cheap test on the raw text: only files that name the libraries are read further. */
const LIBRARY_SNIFF = /(['"])(?:aws-cdk-lib(?:\/[a-z0-9-]+)?|@aws-cdk\/[a-z0-9-]+|@pulumi\/aws(?:\/[a-z0-9-]+)?)\1/;

/** Every IaC rule asks about the same text in turn: the last answer is kept. */
let lastSniff: { text: string; result: boolean } | undefined;

export function mayHoldConstructs(text: string): boolean {
  if (lastSniff?.text !== text) lastSniff = { text, result: LIBRARY_SNIFF.test(text) };
  return lastSniff.result;
}

export type ConstructLibrary = 'cdk' | 'pulumi';

/** The constructs read, by canonical name: CDK `service.Class`, Pulumi `aws.service.Class`. */
const CDK_CONSTRUCTS = new Set(['s3.Bucket', 'rds.DatabaseInstance', 'rds.DatabaseCluster', 'dynamodb.Table', 'dynamodb.TableV2', 'logs.LogGroup', 'ec2.SecurityGroup', 'kms.Key']);
const PULUMI_CONSTRUCTS = new Set([
  'aws.s3.Bucket',
  'aws.s3.BucketV2',
  'aws.s3.BucketServerSideEncryptionConfiguration',
  'aws.s3.BucketServerSideEncryptionConfigurationV2',
  'aws.s3.BucketPublicAccessBlock',
  'aws.s3.BucketLogging',
  'aws.s3.BucketLoggingV2',
  'aws.s3.BucketVersioning',
  'aws.s3.BucketVersioningV2',
  'aws.s3.BucketAcl',
  'aws.s3.BucketAclV2',
  'aws.s3.BucketPolicy',
  'aws.rds.Instance',
  'aws.rds.Cluster',
  'aws.rds.ClusterInstance',
  'aws.dynamodb.Table',
  'aws.cloudwatch.LogGroup',
  'aws.ec2.SecurityGroup',
  'aws.ec2.SecurityGroupRule',
  'aws.vpc.SecurityGroupIngressRule',
  'aws.kms.Key',
]);

/** CDK ingress read from calls, as a resource of this type: `peer`, `port`, `securityGroup`. */
export const CDK_INGRESS = 'ec2.IngressRule';

/** A symbol of a library: `s3.BucketEncryption.KMS` (CDK), `aws.s3.BucketV2` (Pulumi). */
interface LibrarySymbol {
  library: ConstructLibrary;
  /** CDK: `s3.BucketEncryption.KMS`, `core.Tags.of`; Pulumi: `aws.s3.BucketV2`. */
  name: string;
}

/** Where a construct's props argument is, or would go, for edits. */
export interface ConstructSite {
  /** The `new` expression. */
  expression: TSESTree.NewExpression;
  /** The name it is held in (`bucket`, `this.bucket`), to refer to it in fixes. */
  variable?: string;
  /** Where to insert `, { ... }` when there is no props argument (after the last argument). */
  insertPropsAt: number;
  /** The end of the statement that creates it, when it is one of its block's statements, for adding a statement after it. */
  statementEnd?: number;
}

/** How to write a library symbol in this file, given its imports. */
interface SymbolWriter {
  write(symbol: string): string | undefined;
  /**
   * Where to add the symbol's class to a named import of its module
   * (`import { Bucket } from 'aws-cdk-lib/aws-s3'` + `BlockPublicAccess`), when the file
   * has one; the symbol is then written by its class name.
   */
  importable(symbol: string): { at: number; name: string } | undefined;
}

export interface ConstructDocument extends IacDocument {
  library: ConstructLibrary;
  sites: WeakMap<IacResource, ConstructSite>;
  symbols: SymbolWriter;
  /** Receivers of `addToResourcePolicy` calls: a bucket policy this reader cannot see into. */
  resourcePolicies: Set<IacResource>;
  /** The file's quote for strings (`'` or `"`). */
  quote: string;
}

const MAX_DEPTH = 8;

/** The model of a CDK or Pulumi program, or undefined when it creates none of the constructs read. */
export function readConstructs(filePath: string, text: string, script: ParsedScript, bindings: Bindings): ConstructDocument | undefined {
  const imports = libraryImports(script.ast);
  if (imports.length === 0) return undefined;
  const reader = new ConstructReader(filePath, text, script, bindings, imports);
  return reader.read();
}

interface LibraryImport {
  library: ConstructLibrary;
  module: string;
  local: string;
  imported: string;
}

function libraryOf(module: string): ConstructLibrary | undefined {
  if (module === 'aws-cdk-lib' || module.startsWith('aws-cdk-lib/') || module.startsWith('@aws-cdk/')) return 'cdk';
  if (module === '@pulumi/aws' || module.startsWith('@pulumi/aws/')) return 'pulumi';
  return undefined;
}

/** The file's top-level imports of the libraries (ES imports and `require`). */
function libraryImports(program: TSESTree.Program): LibraryImport[] {
  const out: LibraryImport[] = [];
  for (const statement of program.body) {
    if (statement.type === 'ImportDeclaration') {
      const module = String(statement.source.value);
      const library = libraryOf(module);
      if (!library) continue;
      for (const specifier of statement.specifiers) {
        const imported =
          specifier.type === 'ImportSpecifier' ? (specifier.imported.type === 'Identifier' ? specifier.imported.name : String(specifier.imported.value)) : specifier.type === 'ImportDefaultSpecifier' ? 'default' : '*';
        out.push({ library, module, local: specifier.local.name, imported });
      }
    } else if (statement.type === 'VariableDeclaration') {
      for (const declarator of statement.declarations) {
        const init = declarator.init && unwrap(declarator.init);
        if (init?.type !== 'CallExpression' || init.callee.type !== 'Identifier' || init.callee.name !== 'require') continue;
        const argument = init.arguments[0];
        if (argument?.type !== 'Literal' || typeof argument.value !== 'string') continue;
        const library = libraryOf(argument.value);
        if (!library) continue;
        if (declarator.id.type === 'Identifier') out.push({ library, module: argument.value, local: declarator.id.name, imported: '*' });
        else if (declarator.id.type === 'ObjectPattern') {
          for (const property of declarator.id.properties) {
            if (property.type !== 'Property' || property.key.type !== 'Identifier' || property.value.type !== 'Identifier') continue;
            out.push({ library, module: argument.value, local: property.value.name, imported: property.key.name });
          }
        }
      }
    } else if (statement.type === 'TSImportEqualsDeclaration' && statement.moduleReference.type === 'TSExternalModuleReference' && statement.moduleReference.expression.type === 'Literal') {
      const module = String(statement.moduleReference.expression.value);
      const library = libraryOf(module);
      if (library) out.push({ library, module, local: statement.id.name, imported: '*' });
    }
  }
  return out;
}

/** `aws-s3` / `aws_s3` -> `s3`; the CDK's core module -> `core`. */
function cdkService(module: string): string {
  const last = module.replace(/^@aws-cdk\//, '').replace(/^aws-cdk-lib\/?/, '');
  if (last === '' || last === 'core') return 'core';
  return last.replace(/^aws[-_]/, '').replace(/-/g, '');
}

/**
 * The library symbol a module member and the names after it spell: the CDK's
 * `aws-cdk-lib` + `*` + [aws_s3, Bucket] is `s3.Bucket`; `@pulumi/aws` + `s3` + [BucketV2] is
 * `aws.s3.BucketV2`.
 */
function symbolOf(module: string, member: string, rest: string[]): LibrarySymbol | undefined {
  const library = libraryOf(module);
  if (!library) return undefined;
  const path = member === '*' ? rest : [member, ...rest];
  if (library === 'pulumi') {
    const sub = module.startsWith('@pulumi/aws/') ? [module.slice('@pulumi/aws/'.length)] : [];
    if (member === 'default') return { library, name: ['aws', ...sub, ...rest].join('.') };
    return { library, name: ['aws', ...sub, ...path].join('.') };
  }
  if (module === 'aws-cdk-lib' && path.length > 0 && /^aws_/.test(path[0])) return { library, name: [cdkService(path[0]), ...path.slice(1)].join('.') };
  return { library, name: [cdkService(module), ...path].join('.') };
}

class ConstructReader {
  private readonly resources: IacResource[] = [];
  private readonly sites = new WeakMap<IacResource, ConstructSite>();
  /** Resources by the declaration that holds them (`const bucket = new ...`) and by `this.x`. */
  private readonly byDeclaration = new Map<TSESTree.Node, IacResource>();
  private readonly byThisMember = new Map<string, IacResource>();
  private readonly byExpression = new Map<TSESTree.NewExpression, IacResource>();
  private readonly names = new Set<string>();
  private readonly resourcePolicies = new Set<IacResource>();
  private readonly libraries = new Set<ConstructLibrary>();

  constructor(
    private readonly filePath: string,
    private readonly text: string,
    private readonly script: ParsedScript,
    private readonly bindings: Bindings,
    private readonly imports: LibraryImport[],
  ) {}

  read(): ConstructDocument | undefined {
    const news: { node: TSESTree.NewExpression; symbol: LibrarySymbol }[] = [];
    const calls: TSESTree.CallExpression[] = [];
    walk(this.script.ast, (node) => {
      if (node.type === 'NewExpression') {
        const symbol = this.symbolAt(node.callee);
        if (symbol && (symbol.library === 'cdk' ? CDK_CONSTRUCTS : PULUMI_CONSTRUCTS).has(symbol.name)) news.push({ node, symbol });
      } else if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression') {
        calls.push(node);
      }
    });
    // Declare every construct first: props may refer to one declared further down.
    for (const { node, symbol } of news) this.declare(node, symbol);
    if (this.resources.length === 0) return undefined;
    for (const { node } of news) this.readProperties(node);
    const tags: { targets: IacResource[] | 'all'; key: TSESTree.Node; value: TSESTree.Node }[] = [];
    for (const call of calls) this.readCall(call, tags);
    this.applyTags(tags);
    const library: ConstructLibrary = this.libraries.has('cdk') ? 'cdk' : 'pulumi';
    return {
      format: library,
      library,
      file: this.filePath,
      text: this.text,
      json: false,
      resources: this.resources,
      scope: this.resources,
      parameters: new Map(),
      locals: new Map(),
      sites: this.sites,
      symbols: { write: (symbol) => this.writeSymbol(symbol), importable: (symbol) => this.importable(symbol) },
      resourcePolicies: this.resourcePolicies,
      quote: detectQuote(this.text),
    };
  }

  private span(node: TSESTree.Node): Span {
    return { start: node.range[0], end: node.range[1] };
  }

  // -------------------------------------------------------------------------------------------
  // Symbols

  /** The library symbol an expression names, followed through the file's import bindings. */
  private symbolAt(expression: TSESTree.Node): LibrarySymbol | undefined {
    const path: string[] = [];
    let current = unwrap(expression);
    while (current.type === 'MemberExpression') {
      if (current.computed || current.property.type !== 'Identifier') return undefined;
      path.unshift(current.property.name);
      current = unwrap(current.object);
    }
    if (current.type !== 'Identifier') return undefined;
    // Cheap refusal before a scope lookup: the root must be a name some library import declares.
    if (!this.imports.some((entry) => entry.local === current.name)) return undefined;
    const member = moduleMemberOf(this.bindings.lookup(current));
    if (!member) return undefined;
    return symbolOf(member.module, member.member, path);
  }

  /** How a symbol (`s3.BucketEncryption.KMS`) is written in this file, given its imports. */
  private writeSymbol(symbol: string): string | undefined {
    if (symbol.startsWith('aws.')) return this.writePulumiSymbol(symbol);
    const [service, first, ...rest] = symbol.split('.');
    for (const entry of this.imports) {
      if (entry.library !== 'cdk') continue;
      const path = entry.imported === '*' || entry.imported === 'default' ? [] : [entry.imported];
      // The import names the class itself: `import { BucketEncryption } from 'aws-cdk-lib/aws-s3'`.
      if (path.length === 1 && cdkService(entry.module) === service && path[0] === first) return [entry.local, ...rest].join('.');
      if (path.length === 0 && entry.module !== 'aws-cdk-lib' && cdkService(entry.module) === service) return [entry.local, first, ...rest].join('.');
      if (entry.module === 'aws-cdk-lib' && path.length === 1 && path[0] === `aws_${service}`) return [entry.local, first, ...rest].join('.');
    }
    const root = this.imports.find((entry) => entry.library === 'cdk' && entry.module === 'aws-cdk-lib' && entry.imported === '*');
    return root ? [root.local, `aws_${service}`, first, ...rest].join('.') : undefined;
  }

  private importable(symbol: string): { at: number; name: string } | undefined {
    const [service, name] = symbol.split('.');
    for (const statement of this.script.ast.body) {
      if (statement.type !== 'ImportDeclaration' || statement.importKind === 'type' || libraryOf(String(statement.source.value)) !== 'cdk') continue;
      const module = String(statement.source.value);
      if (module === 'aws-cdk-lib' || cdkService(module) !== service) continue;
      const named = statement.specifiers.filter((specifier) => specifier.type === 'ImportSpecifier');
      if (named.length === 0 || named.length !== statement.specifiers.length) continue;
      return { at: named[named.length - 1].range[1], name };
    }
    return undefined;
  }

  /** `aws.s3.BucketV2` as this file imports @pulumi/aws: `aws.s3.BucketV2`, `s3.BucketV2`. */
  private writePulumiSymbol(symbol: string): string | undefined {
    const [, service, ...rest] = symbol.split('.');
    for (const entry of this.imports) {
      if (entry.library !== 'pulumi' || entry.module !== '@pulumi/aws') continue;
      if (entry.imported === '*' || entry.imported === 'default') return [entry.local, service, ...rest].join('.');
      if (entry.imported === service) return [entry.local, ...rest].join('.');
    }
    return undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Constructs

  private declare(node: TSESTree.NewExpression, symbol: LibrarySymbol): void {
    this.libraries.add(symbol.library);
    const args = node.arguments;
    // CDK: (scope, id, props); Pulumi: (name, args, options).
    const nameArg = symbol.library === 'cdk' ? args[1] : args[0];
    const parent = this.script.parents.get(node);
    let variable: string | undefined;
    if (parent?.type === 'VariableDeclarator' && parent.init === node && parent.id.type === 'Identifier') variable = parent.id.name;
    else if (parent?.type === 'AssignmentExpression' && parent.right === node && parent.left.type === 'MemberExpression' && parent.left.object.type === 'ThisExpression' && parent.left.property.type === 'Identifier') {
      variable = `this.${parent.left.property.name}`;
    } else if (parent?.type === 'PropertyDefinition' && parent.value === node && parent.key.type === 'Identifier') variable = `this.${parent.key.name}`;
    const literalName = nameArg && staticString(nameArg);
    const type = symbol.name;
    let name = literalName ?? variable ?? `${type}@${node.range[0]}`;
    if (this.names.has(name)) {
      let index = 2;
      while (this.names.has(`${name}#${index}`)) index++;
      name = `${name}#${index}`;
    }
    this.names.add(name);
    const span = this.span(node);
    const resource: IacResource = {
      format: symbol.library,
      file: this.filePath,
      mode: 'resource',
      type,
      name,
      nameSpan: nameArg ? this.span(nameArg) : this.span(node.callee),
      span,
      container: { kind: 'map', entries: [], flow: true, span },
    };
    this.resources.push(resource);
    this.byExpression.set(node, resource);
    if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') this.byDeclaration.set(parent.id, resource);
    if (variable?.startsWith('this.')) this.byThisMember.set(variable, resource);
    const closing = this.text.lastIndexOf(')', node.range[1] - 1);
    const last = args[args.length - 1];
    this.sites.set(resource, { expression: node, variable, insertPropsAt: last ? last.range[1] : closing, statementEnd: this.statementEnd(node) });
  }

  /** The end of the block-level statement an expression is created in (`const b = new ...;`). */
  private statementEnd(node: TSESTree.Node): number | undefined {
    let current: TSESTree.Node = node;
    for (let depth = 0; depth < 4; depth++) {
      const parent = this.script.parents.get(current);
      if (!parent) return undefined;
      if ((parent.type === 'Program' || parent.type === 'BlockStatement') && (current.type === 'VariableDeclaration' || current.type === 'ExpressionStatement' || current.type === 'ExportNamedDeclaration')) return current.range[1];
      current = parent;
    }
    return undefined;
  }

  private readProperties(node: TSESTree.NewExpression): void {
    const resource = this.byExpression.get(node)!;
    const propsArg = resource.format === 'cdk' ? node.arguments[2] : node.arguments[1];
    if (!propsArg) return;
    const value = this.value(propsArg, 0);
    if (value.kind === 'map') {
      resource.properties = value;
      resource.container = value;
    } else {
      // Props the reader cannot see (a spread, a parameter): an opaque map nothing can be missing from.
      resource.properties = { kind: 'map', entries: [{ key: '*', keySpan: value.span, span: value.span, value }], flow: true, span: value.span };
    }
  }

  /** `Tags.of(x).add(k, v)`, `sg.addIngressRule(peer, port)`, `bucket.addToResourcePolicy(...)`. */
  private readCall(call: TSESTree.CallExpression, tags: { targets: IacResource[] | 'all'; key: TSESTree.Node; value: TSESTree.Node }[]): void {
    const callee = call.callee as TSESTree.MemberExpression;
    if (callee.computed || callee.property.type !== 'Identifier') return;
    const method = callee.property.name;
    if (method === 'add' && this.libraries.has('cdk')) {
      const of = unwrap(callee.object);
      if (of.type !== 'CallExpression' || this.symbolAt(of.callee)?.name !== 'core.Tags.of') return;
      const target = of.arguments[0] && this.resourceAt(of.arguments[0]);
      if (call.arguments.length >= 2) tags.push({ targets: target ? [target] : 'all', key: call.arguments[0], value: call.arguments[1] });
      return;
    }
    if (method === 'addToResourcePolicy' || method === 'addToPolicy') {
      const target = this.resourceAt(callee.object);
      if (target) this.resourcePolicies.add(target);
      return;
    }
    if (method === 'addIngressRule' || method === 'allowFrom' || method === 'allowFromAnyIpv4') {
      const [peerNode, portNode] = method === 'allowFromAnyIpv4' ? [undefined, call.arguments[0]] : [call.arguments[0], call.arguments[1]];
      if (!portNode) return;
      const peer: IacValue = peerNode ? this.value(peerNode, 0) : { kind: 'string', value: 'Peer.anyIpv4()', span: this.span(callee.property) };
      const port = this.value(portNode, 0);
      // Only calls whose arguments come from the CDK's ec2 module are ingress rules of the CDK.
      const fromCdk = (value: IacValue) => (value.kind === 'string' && /^(Peer|Port)\./.test(value.value)) || (value.kind === 'call' && /^(Peer|Port)\./.test(value.name));
      if (!fromCdk(port) || (peerNode && !fromCdk(peer))) return;
      const receiver = unwrap(callee.object);
      const group = this.resourceAt(receiver.type === 'MemberExpression' && !receiver.computed && receiver.property.type === 'Identifier' && receiver.property.name === 'connections' ? receiver.object : receiver);
      const span = this.span(call);
      const entry = (key: string, value: IacValue): IacEntry => ({ key, keySpan: value.span, span: value.span, value });
      const entries = [entry('peer', peer), entry('port', port)];
      if (group) entries.push(entry('securityGroup', { kind: 'ref', target: group.name, span: this.span(callee.object) }));
      const name = group ? group.name : this.text.slice(receiver.range[0], receiver.range[1]);
      const properties: IacMap = { kind: 'map', entries, flow: true, span };
      this.resources.push({ format: 'cdk', file: this.filePath, mode: 'resource', type: CDK_INGRESS, name, nameSpan: this.span(callee.property), span, properties, container: properties });
    }
  }

  private applyTags(tags: { targets: IacResource[] | 'all'; key: TSESTree.Node; value: TSESTree.Node }[]): void {
    for (const { targets, key, value } of tags) {
      const keyValue = this.value(key, 0);
      const tagValue = this.value(value, 0);
      if (keyValue.kind !== 'string') continue;
      const entry: IacEntry = { key: keyValue.value, keySpan: keyValue.span, span: { start: keyValue.span.start, end: tagValue.span.end }, value: tagValue };
      // `Tags.of(this)`, `Tags.of(app)`: every construct in the scope, which here is the file's.
      for (const resource of targets === 'all' ? this.resources.filter((candidate) => candidate.type !== CDK_INGRESS) : targets) {
        resource.tags ??= { kind: 'map', entries: [], span: entry.span };
        resource.tags.entries.push(entry);
      }
    }
  }

  /** The construct an expression holds: `bucket`, `this.bucket`, `new s3.Bucket(...)`. */
  private resourceAt(node: TSESTree.Node, depth = 0): IacResource | undefined {
    const current = unwrap(node);
    if (current.type === 'NewExpression') return this.byExpression.get(current);
    if (current.type === 'MemberExpression' && current.object.type === 'ThisExpression' && !current.computed && current.property.type === 'Identifier') return this.byThisMember.get(`this.${current.property.name}`);
    if (current.type !== 'Identifier' || depth > MAX_DEPTH) return undefined;
    const binding = this.bindings.lookup(current);
    if (binding?.kind !== 'variable') return undefined;
    const direct = this.byDeclaration.get(binding.node);
    if (direct) return direct;
    if (binding.reassigned || !binding.init || binding.property || binding.elementOf) return undefined;
    return this.resourceAt(binding.init, depth + 1);
  }

  // -------------------------------------------------------------------------------------------
  // Values

  private unknown(node: TSESTree.Node): IacValue {
    return { kind: 'unknown', text: this.text.slice(node.range[0], node.range[1]), refs: [], span: this.span(node) };
  }

  /** An expression as a model value. `span` is the expression's as written here. */
  private value(expression: TSESTree.Node, depth: number): IacValue {
    const node = unwrap(expression);
    const span = this.span(expression);
    if (depth > MAX_DEPTH) return this.unknown(expression);
    switch (node.type) {
      case 'Literal':
        if (typeof node.value === 'string') return { kind: 'string', value: node.value, span };
        if (typeof node.value === 'number') return { kind: 'number', value: node.value, span };
        if (typeof node.value === 'boolean') return { kind: 'boolean', value: node.value, span };
        if (node.value === null) return { kind: 'null', span };
        return this.unknown(expression);
      case 'TemplateLiteral':
        return node.expressions.length === 0 ? { kind: 'string', value: node.quasis[0].value.cooked ?? '', span } : this.unknown(expression);
      case 'UnaryExpression':
        if (node.operator === '-' && node.argument.type === 'Literal' && typeof node.argument.value === 'number') return { kind: 'number', value: -node.argument.value, span };
        return this.unknown(expression);
      case 'ObjectExpression': {
        const entries: IacEntry[] = [];
        for (const property of node.properties) {
          if (property.type === 'SpreadElement') {
            // A spread may set anything: the map says so with an entry nothing matches.
            entries.push({ key: '*', keySpan: this.span(property), span: this.span(property), value: this.unknown(property) });
            continue;
          }
          const key = !property.computed && property.key.type === 'Identifier' ? property.key.name : property.key.type === 'Literal' ? String(property.key.value) : undefined;
          if (key === undefined || property.kind !== 'init') continue;
          entries.push({ key, keySpan: this.span(property.key), span: this.span(property), value: this.value(property.value, depth + 1) });
        }
        return { kind: 'map', entries, flow: true, span };
      }
      case 'ArrayExpression':
        return { kind: 'list', items: node.elements.map((element) => (element && element.type !== 'SpreadElement' ? this.value(element, depth + 1) : this.unknown(element ?? node))), span };
      case 'Identifier': {
        if (node.name === 'undefined') return { kind: 'null', span };
        if (node.name === 'Infinity') return { kind: 'number', value: Infinity, span };
        const resource = this.resourceAt(node);
        if (resource) return { kind: 'ref', target: resource.name, span };
        const binding = this.bindings.lookup(node);
        if (binding?.kind === 'variable' && !binding.reassigned && binding.init && !binding.property && !binding.elementOf && this.isConst(binding.node)) {
          // A local const: its value, reported where it is used.
          return { ...this.value(binding.init, depth + 1), span };
        }
        return this.unknown(expression);
      }
      case 'MemberExpression': {
        const symbol = this.symbolAt(node);
        if (symbol) return { kind: 'string', value: symbolValue(symbol), span };
        const path: string[] = [];
        let current: TSESTree.Node = node;
        while (current.type === 'MemberExpression' && !current.computed && current.property.type === 'Identifier') {
          const owner = this.resourceAt(current);
          if (owner) return { kind: 'ref', target: owner.name, attribute: path.length > 0 ? path.join('.') : undefined, span };
          path.unshift(current.property.name);
          current = unwrap(current.object);
        }
        const owner = this.resourceAt(current);
        if (owner) return { kind: 'ref', target: owner.name, attribute: path.join('.'), span };
        return this.unknown(expression);
      }
      case 'CallExpression': {
        const symbol = this.symbolAt(node.callee);
        if (!symbol) return this.unknown(expression);
        if (node.arguments.length === 0) return { kind: 'string', value: `${symbolValue(symbol)}()`, span };
        return { kind: 'call', name: symbolValue(symbol), args: node.arguments.map((arg) => this.value(arg, depth + 1)), span };
      }
      case 'NewExpression': {
        const resource = this.byExpression.get(node);
        if (resource) return { kind: 'ref', target: resource.name, span };
        const symbol = this.symbolAt(node.callee);
        if (!symbol) return this.unknown(expression);
        return { kind: 'call', name: `new ${symbolValue(symbol)}`, args: node.arguments.map((arg) => this.value(arg, depth + 1)), span };
      }
      default:
        return this.unknown(expression);
    }
  }

  private isConst(identifier: TSESTree.Node): boolean {
    const declarator = this.script.parents.get(identifier);
    const declaration = declarator && this.script.parents.get(declarator);
    return declaration?.type === 'VariableDeclaration' && declaration.kind === 'const';
  }
}

/** `s3.BucketEncryption.KMS` -> `BucketEncryption.KMS`; Pulumi symbols keep their path after `aws.`. */
function symbolValue(symbol: LibrarySymbol): string {
  const parts = symbol.name.split('.');
  return parts.slice(symbol.library === 'cdk' ? 1 : 2).join('.') || symbol.name;
}

function detectQuote(text: string): string {
  const single = (text.match(/'/g) ?? []).length;
  const double = (text.match(/"/g) ?? []).length;
  return double > single ? '"' : "'";
}

/**
 * The spread (`{ ...shared, versioned: true }`, or props the reader cannot see) that may set a
 * prop missing from an object literal: the prop is then unknown, not absent.
 */
export function spreadHiding(map: IacValue | undefined, path: readonly string[]): IacValue | undefined {
  let current = map;
  for (const key of path) {
    if (current?.kind === 'list') current = current.items[0];
    if (current?.kind !== 'map') return undefined;
    const entry = current.entries.find((candidate) => candidate.key === key);
    if (!entry) return current.entries.find((candidate) => candidate.key === '*')?.value;
    current = entry.value;
  }
  return undefined;
}

/** Whether a model comes from a program (CDK, Pulumi) rather than a template. */
export function isConstructDocument(document: IacDocument): document is ConstructDocument {
  return document.format === 'cdk' || document.format === 'pulumi';
}

