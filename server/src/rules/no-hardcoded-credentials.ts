import type { TSESTree } from '@typescript-eslint/types';
import { credentialKindOf, envNameOf, findTokenPattern, looksLikeSecret, spellsItsName, type TokenMatch } from '../analysis/credentials';
import { propertyName, unwrap } from '../analysis/ast';
import { isModulePath, lastName, resolveModulePath } from '../analysis/moduleReference';
import { normalizedTokens } from '../analysis/tokenize';
import { bundledSecrets, type CredentialKind, type SecretsVocabulary } from '../catalog/secrets';
import type { Fix } from '../core/types';
import { ScriptFixer } from '../fixes/scriptFixes';
import { walk, type Node } from '../parse/typescript';
import { suppressionFix } from './hitReport';
import { quoteCode } from './messages';
import type { Rule, ScriptContext } from './rule';

const RULE_ID = 'no-hardcoded-credentials';

/** Owner names that say nothing about which system a credential is for: `dbConfig.password` -> DB_PASSWORD. */
const OWNER_NOISE = new Set(
  [
    'config', 'configuration', 'conf', 'cfg', 'options', 'opts', 'settings', 'params', 'credentials', 'creds', 'auth', 'client',
    'connection', 'create', 'new', 'init', 'connect', 'default', 'defaults', 'env', 'secrets', 'secret', 'module', 'exports',
    'this', 'get', 'pool', 'instance', 'service', 'api', 'app', 'server', 'transport', 'headers', 'header', 'request', 'init',
  ].flatMap((word) => normalizedTokens(word)),
);

/** A string the rule may report: a literal, or a quasi of a template literal with expressions. */
interface StringValue {
  /** The literal (or template) as a whole. */
  node: TSESTree.Literal | TSESTree.TemplateLiteral;
  text: string;
  /** Only part of a template: the fix cannot replace it with an environment lookup. */
  partial: boolean;
  /** `process.env.X || 'literal'`: the fallback the fix removes. */
  fallback?: TSESTree.LogicalExpression;
}

/** The nodes the check's walk looks at: named values, objects, calls and strings. */
const CHECKED_NODE_TYPES = ['VariableDeclarator', 'Property', 'PropertyDefinition', 'AssignmentExpression', 'AssignmentPattern', 'ObjectExpression', 'CallExpression', 'NewExpression', 'Literal', 'TemplateLiteral'];

/**
 * Flags credentials written into source: strings assigned to names that say password, secret,
 * API key, token, ...; known token shapes (AWS access keys, PEM private keys, Stripe, GitHub,
 * Slack, ...) wherever they appear; connection strings with a password; secret call arguments
 * (`jwt.sign(payload, 'secret')`).
 */
export const noHardcodedCredentials: Rule = {
  meta: {
    id: RULE_ID,
    description: 'Passwords, API keys, tokens and private keys must not be written into source code.',
    defaultSeverity: 'error',
    category: 'secrets',
    languages: ['javascript'],
    references: ['CWE-798', 'HIPAA-164.312(a)(1)', 'CPRA-1798.150'].map((id) => ({ id, title: id })),
    fixable: true,
  },

  mayApply(text) {
    return bundledSecrets().mayHold(text);
  },

  check(context) {
    if (context.language !== 'javascript') return;
    const vocabulary = bundledSecrets();
    const fixer = new ScriptFixer(context.text, context.lines, context.script, context.bindings);
    const reported = new Set<TSESTree.Node>();
    const report = (value: StringValue, finding: Omit<Finding, 'value'>) => {
      if (reported.has(value.node)) return;
      reported.add(value.node);
      reportFinding(context, fixer, { value, ...finding });
    };
    const checkNamed = (name: string | undefined, expression: TSESTree.Node | null | undefined, owner?: string) => {
      if (!name || !expression) return;
      const value = stringValue(expression);
      if (!value || reported.has(value.node)) return;
      const token = findTokenPattern(value.text, vocabulary);
      const kind = credentialKindOf(name, vocabulary);
      if (token) {
        // A bare name (`apiKey`, `accessKeyId`) says less than the token's shape does.
        const bare = normalizedTokens(name).every((word) => vocabulary.nameWords.has(word));
        report(value, { token, name, envName: bare ? token.pattern.envName : envFor(name, owner, vocabulary) });
        return;
      }
      if (!kind || !looksLikeSecret(value.text, vocabulary) || spellsItsName(name, value.text)) return;
      report(value, { kind, name, envName: envFor(name, owner, vocabulary) });
    };

    walk(context.script.ast, (node) => {
      switch (node.type) {
        case 'VariableDeclarator':
          if (node.id.type === 'Identifier') checkNamed(node.id.name, node.init);
          break;
        case 'Property': {
          const parent = context.script.parents.get(node);
          if (parent?.type === 'ObjectExpression') checkNamed(keyName(node.key, node.computed), node.value, ownerName(context, parent));
          break;
        }
        case 'PropertyDefinition':
          checkNamed(keyName(node.key, node.computed), node.value, ownerName(context, node));
          break;
        case 'AssignmentExpression':
          if (node.operator === '=' || node.operator === '||=' || node.operator === '??=') {
            const target = unwrap(node.left);
            checkNamed(lastName(target), node.right, target.type === 'MemberExpression' ? lastName(target.object) : undefined);
          }
          break;
        case 'AssignmentPattern':
          if (node.left.type === 'Identifier') checkNamed(node.left.name, node.right);
          break;
        case 'ObjectExpression':
          checkAwsKeyPair(context, vocabulary, node, report);
          break;
        case 'CallExpression':
        case 'NewExpression':
          checkArguments(context, vocabulary, node, checkNamed, report);
          break;
        case 'Literal':
        case 'TemplateLiteral': {
          if (isNotAValue(context, node)) return false;
          for (const value of stringValues(node)) {
            if (reported.has(value.node)) continue;
            const token = findTokenPattern(value.text, vocabulary);
            if (token) report(value, { token, envName: token.pattern.envName });
          }
          break;
        }
      }
      return undefined;
    }, CHECKED_NODE_TYPES);
  },
};

interface Finding {
  value: StringValue;
  /** The credential kind its name says, when the name is what gave it away. */
  kind?: CredentialKind;
  /** The token shape it has, when its content gave it away. */
  token?: TokenMatch;
  name?: string;
  envName: string;
}

/** `'literal'`, `` `literal` ``, or the literal fallback of `process.env.X || 'literal'`. */
function stringValue(expression: TSESTree.Node): StringValue | undefined {
  const node = unwrap(expression);
  if (node.type === 'Literal' && typeof node.value === 'string') return { node, text: node.value, partial: false };
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return { node, text: node.quasis[0].value.cooked ?? '', partial: false };
  if (node.type === 'LogicalExpression' && (node.operator === '||' || node.operator === '??')) {
    const fallback = stringValue(node.right);
    return fallback && !fallback.fallback ? { ...fallback, fallback: node } : undefined;
  }
  return undefined;
}

/** Every string a literal holds: itself, or each quasi of a template with expressions. */
function stringValues(node: TSESTree.Literal | TSESTree.TemplateLiteral): StringValue[] {
  if (node.type === 'Literal') return typeof node.value === 'string' ? [{ node, text: node.value, partial: false }] : [];
  if (node.expressions.length === 0) return [{ node, text: node.quasis[0].value.cooked ?? '', partial: false }];
  // The quasis joined with a stand-in for each expression, so `user:${pw}@host` does not read as a password.
  const text = node.quasis.map((quasi) => quasi.value.cooked ?? '').join('${…}');
  return [{ node, text, partial: true }];
}

/** Strings that are names, not values: module specifiers, types, property keys, directives. */
function isNotAValue(context: ScriptContext, node: TSESTree.Node): boolean {
  const parent = context.script.parents.get(node);
  if (!parent) return true;
  switch (parent.type) {
    case 'ImportDeclaration':
    case 'ExportAllDeclaration':
    case 'ExportNamedDeclaration':
    case 'ImportExpression':
    case 'TSLiteralType':
    case 'TSExternalModuleReference':
    case 'TSModuleDeclaration':
    case 'TSImportType':
      return true;
    case 'Property':
    case 'PropertyDefinition':
    case 'MethodDefinition':
    case 'TSPropertySignature':
    case 'TSEnumMember':
      return (parent as { key: TSESTree.Node }).key === node;
    case 'ExpressionStatement':
      return parent.directive !== undefined;
    case 'CallExpression':
      // require('...') names a module.
      return parent.callee.type === 'Identifier' && parent.callee.name === 'require';
    default:
      return false;
  }
}

function keyName(key: TSESTree.Node, computed: boolean): string | undefined {
  if (key.type === 'Identifier' || key.type === 'PrivateIdentifier') return computed ? undefined : key.name;
  if (key.type === 'Literal' && typeof key.value === 'string') return key.value;
  return undefined;
}

/**
 * The name of what an object literal or class configures, for the environment variable:
 * `const redis = { password }` -> redis, `new Redis({ password })` -> Redis.
 */
function ownerName(context: ScriptContext, node: Node): string | undefined {
  if (node.type === 'PropertyDefinition') {
    const classNode = context.script.parents.get(context.script.parents.get(node)!);
    return classNode && (classNode.type === 'ClassDeclaration' || classNode.type === 'ClassExpression') ? classNode.id?.name : undefined;
  }
  const parent = context.script.parents.get(node);
  if (!parent) return undefined;
  switch (parent.type) {
    case 'VariableDeclarator':
      return parent.id.type === 'Identifier' ? parent.id.name : undefined;
    case 'Property':
      return keyName(parent.key, parent.computed);
    case 'AssignmentExpression':
      return lastName(parent.left);
    case 'NewExpression':
    case 'CallExpression':
      return lastName(parent.callee);
    default:
      return undefined;
  }
}

/** `DB_PASSWORD` for `{ password }` in `dbConfig`; the name alone when it says more than its kind. */
function envFor(name: string, owner: string | undefined, vocabulary: SecretsVocabulary): string {
  const nameTokens = normalizedTokens(name);
  const bare = nameTokens.every((token) => vocabulary.nameWords.has(token));
  if (!bare || !owner) return envNameOf(name);
  const ownerTokens = normalizedTokens(owner).filter((token) => /^[a-z]{3,}$/.test(token) && !OWNER_NOISE.has(token) && !vocabulary.nameWords.has(token));
  return ownerTokens.length > 0 ? envNameOf(ownerTokens.join('_'), name) : envNameOf(name);
}

/** `{ accessKeyId: 'AKIA...', key: '<40 characters>' }`: the secret next to an access key ID. */
function checkAwsKeyPair(context: ScriptContext, vocabulary: SecretsVocabulary, object: TSESTree.ObjectExpression, report: (value: StringValue, finding: Omit<Finding, 'value'>) => void): void {
  if (!vocabulary.awsSecretAccessKey) return;
  const values = object.properties.flatMap((property) => {
    if (property.type !== 'Property') return [];
    const value = stringValue(property.value);
    return value ? [{ property, value }] : [];
  });
  if (!values.some(({ value }) => findTokenPattern(value.text, vocabulary)?.pattern.id === 'aws-access-key-id')) return;
  for (const { property, value } of values) {
    if (!vocabulary.awsSecretAccessKey.test(value.text) || !looksLikeSecret(value.text, vocabulary)) continue;
    const name = keyName(property.key, property.computed);
    report(value, { kind: { id: 'aws-secret-access-key', label: 'AWS secret access key' }, name, envName: 'AWS_SECRET_ACCESS_KEY' });
  }
}

/** `jwt.sign(payload, 'secret')`, `new Sequelize(db, user, 'pass')`, `headers.set('Authorization', 'Bearer ...')`. */
function checkArguments(
  context: ScriptContext,
  vocabulary: SecretsVocabulary,
  call: TSESTree.CallExpression | TSESTree.NewExpression,
  checkNamed: (name: string | undefined, expression: TSESTree.Node | null | undefined) => void,
  report: (value: StringValue, finding: Omit<Finding, 'value'>) => void,
): void {
  const callee = unwrap(call.callee);
  if (callee.type === 'MemberExpression' && vocabulary.keyValueMethods.has(propertyName(callee) ?? '') && call.arguments.length >= 2) {
    const name = call.arguments[0].type === 'SpreadElement' ? undefined : stringValue(call.arguments[0]);
    if (name && !name.fallback) checkNamed(name.text, call.arguments[1].type === 'SpreadElement' ? undefined : call.arguments[1]);
  }
  const resolved = resolveModulePath(call.callee, context.bindings);
  if (!resolved) return;
  for (const entry of vocabulary.secretArguments) {
    if (!isModulePath(resolved, entry.module, entry.callee)) continue;
    const argument = call.arguments[entry.index];
    if (!argument || argument.type === 'SpreadElement') continue;
    const value = stringValue(argument);
    if (!value) continue;
    const token = findTokenPattern(value.text, vocabulary);
    const name = `${call.type === 'NewExpression' ? 'new ' : ''}${context.textOf(call.callee)}()`;
    if (token) report(value, { token, name, envName: entry.envName });
    else if (looksLikeSecret(value.text, vocabulary)) report(value, { kind: vocabulary.kinds.get(entry.kind), name, envName: entry.envName });
  }
}

function reportFinding(context: ScriptContext, fixer: ScriptFixer, finding: Finding): void {
  const { value, kind, token, name, envName } = finding;
  const what = token ? `a hard-coded ${token.pattern.label} (${quoteCode(token.preview)})` : `a hard-coded ${kind!.label}`;
  const subject = name ? (name.endsWith('()') ? `\`${name}\` is passed ${what}` : `${quoteCode(name)} holds ${what}`) : `This string holds ${what}`;
  const envTarget = isEnvAssignment(context, value) ? undefined : envName;
  const message =
    `${subject}: anyone who can read the repository, its history, a build log or the shipped bundle can use it, and rotating it takes a code change. ` +
    `Systems that hold PHI must be reached with credentials kept out of code. Read it from the environment or a secrets manager${envTarget ? ` (\`process.env.${envTarget}\`)` : ''}, and rotate this one.`;
  const fixes: Fix[] = [];
  if (envTarget && !value.partial) {
    const replaced = value.fallback ?? value.node;
    const lookup = value.fallback ? context.textOf(value.fallback.left) : `process.env.${envTarget}`;
    const parent = context.script.parents.get(replaced);
    const newText = parent?.type === 'JSXAttribute' ? `{${lookup}}` : lookup;
    fixes.push({
      title: value.fallback ? `Remove the hard-coded fallback: use ${lookup} alone` : `Read it from process.env.${envTarget}`,
      edits: [fixer.replace(replaced, newText)],
      safe: false,
    });
  }
  fixes.push(...suppressionFix(fixer, value.node, RULE_ID));
  context.report({ range: context.rangeOf(value.node), message, dataTypes: [], fixes });
}

/** `process.env.API_KEY = '...'`: the code sets the variable itself (a test, a script). */
function isEnvAssignment(context: ScriptContext, value: StringValue): boolean {
  const parent = context.script.parents.get(value.fallback ?? value.node);
  if (parent?.type !== 'AssignmentExpression') return false;
  const target = unwrap(parent.left);
  return target.type === 'MemberExpression' && context.textOf(target.object).replace(/\s/g, '') === 'process.env';
}

export default noHardcodedCredentials;
