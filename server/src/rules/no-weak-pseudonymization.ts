import type { TSESTree } from '@typescript-eslint/types';
import { parse } from '@typescript-eslint/typescript-estree';
import * as path from 'path';
import { moduleMemberOf, type Binding } from '../analysis/bindings';
import { propertyName, unwrap } from '../analysis/ast';
import { isModulePath, lastName, normalizeModule, resolveModulePath, staticString } from '../analysis/moduleReference';
import { localFunction, type FunctionNode, type PhiHit } from '../analysis/phiValues';
import { tokenize } from '../analysis/tokenize';
import type { Fix, TextEdit } from '../core/types';
import { ScriptFixer } from '../fixes/scriptFixes';
import { walk, type Node } from '../parse/typescript';
import { dataTypesOf, describeHits, flowOf, suppressionFix, uniqueHits } from './hitReport';
import { quoteCode } from './messages';
import type { Rule, ScriptContext } from './rule';

const RULE_ID = 'no-weak-pseudonymization';

/**
 * Identifiers whose possible values are few or guessable enough that an unkeyed hash of them is
 * reversed by hashing every candidate, with why, for the message.
 */
const ENUMERABLE: Record<string, string> = {
  ssn: 'there are fewer than a billion Social Security numbers, and hashing all of them takes minutes',
  'date-of-birth': 'there are only some 40,000 plausible dates of birth',
  'phone-number': 'phone numbers follow a numbering plan of a few billion values, hashed through in minutes',
  'email-address': 'lists of e-mail addresses are easy to come by, and each guess costs a microsecond',
  'person-name': 'lists of names are easy to come by, and each guess costs a microsecond',
  'postal-address': 'address lists are public, and each guess costs a microsecond',
  'medical-record-number': 'record numbers follow a known format and range, small enough to hash exhaustively',
  'health-plan-id': 'member numbers follow a known format and range, small enough to hash exhaustively',
  'account-number': 'account numbers follow a known format and range, small enough to hash exhaustively',
  'license-number': 'license numbers follow known state formats, small enough to hash exhaustively',
  'payment-card': 'a card number has a known issuer prefix and a check digit, which leaves few enough candidates to hash them all',
  'bank-account': 'account numbers follow a known format and range, small enough to hash exhaustively',
  'ip-address': 'there are only four billion IPv4 addresses',
};
const PASSWORD_TYPE = 'credential';
/** Names in the hashed data that say it is salted or peppered: a secret makes the hash keyed. */
const KEY_WORDS = new Set(['salt', 'pepper', 'secret', 'hmac', 'nonce']);
/** Words in a name that claim its value is masked, pseudonymized or protected. */
const MASKING_WORDS = new Set([
  'mask', 'masked', 'masking', 'anonymize', 'anonymized', 'anonymise', 'anonymised', 'anonymous', 'anon', 'pseudonym',
  'pseudonymize', 'pseudonymized', 'pseudonymise', 'pseudonymised', 'pseudo', 'hash', 'hashed', 'token', 'tokenize',
  'tokenized', 'tokenise', 'tokenised', 'obfuscate', 'obfuscated', 'deidentify', 'deidentified', 'scramble', 'scrambled',
  'encrypt', 'encrypted', 'encryption', 'cipher', 'redact', 'redacted', 'protect', 'protected', 'hide', 'hidden', 'secure', 'safe',
]);
const ENCODINGS = new Set(['base64', 'base64url', 'hex']);
const WEAK_ALGORITHMS = new Set(['md5', 'sha1', 'md4', 'ripemd160']);
const CRYPTO_JS_HASHES = ['MD5', 'SHA1', 'SHA224', 'SHA256', 'SHA384', 'SHA512', 'SHA3', 'RIPEMD160'];
/** Hash packages whose default export (or named export) hashes its first argument. */
const HASH_PACKAGES: { module: string; paths: string[]; algorithm: string }[] = [
  { module: 'md5', paths: [''], algorithm: 'md5' },
  { module: 'blueimp-md5', paths: [''], algorithm: 'md5' },
  { module: 'js-md5', paths: ['', 'md5'], algorithm: 'md5' },
  { module: 'sha1', paths: [''], algorithm: 'sha1' },
  { module: 'js-sha1', paths: ['', 'sha1'], algorithm: 'sha1' },
  { module: 'js-sha256', paths: ['', 'sha256', 'sha224'], algorithm: 'sha256' },
  { module: 'js-sha512', paths: ['', 'sha512', 'sha384'], algorithm: 'sha512' },
];
const DEFAULT_KEY_ENV = 'process.env.PHI_HMAC_KEY';

const MENTIONS = /createHash|\bhash\s*\(|btoa|base64|['"`]hex['"`]|\.reverse\s*\(|\bdigest\s*\(|CryptoJS|crypto-js|\bmd5\b|\bsha1\b|js-sha/;

/**
 * Flags pseudonyms that are not: unkeyed hashes of guessable identifiers (SSN, MRN, e-mail,
 * date of birth, ...), Base64 or hex passed off as masking, and string reversal.
 */
export const noWeakPseudonymization: Rule = {
  meta: {
    id: RULE_ID,
    description: 'Identifiers must be pseudonymized with a keyed HMAC or a token vault, not an unkeyed hash, an encoding or a reversal.',
    defaultSeverity: 'error',
    category: 'crypto',
    languages: ['javascript'],
    references: ['HIPAA-164.514', 'CWE-328', 'CWE-759', 'CWE-916'].map((id) => ({ id, title: id })),
    fixable: true,
  },

  mayApply(text) {
    return MENTIONS.test(text);
  },

  check(context) {
    if (context.language !== 'javascript') return;
    const fixer = new ScriptFixer(context.text, context.lines, context.script, context.bindings);
    const creates = new Map<TSESTree.CallExpression, HashUse>();
    const updates: TSESTree.CallExpression[] = [];
    const oneShots: HashUse[] = [];
    const identifiers: TSESTree.Identifier[] = [];
    walk(context.script.ast, (node) => {
      if (node.type === 'Identifier') identifiers.push(node);
      if (node.type !== 'CallExpression') return;
      const callee = unwrap(node.callee);
      if (isCreateHash(context, callee)) {
        creates.set(node, { call: node, algorithm: algorithmOf(node.arguments[0]), data: [], sink: `${context.textOf(node.callee)}(${node.arguments[0] ? context.textOf(node.arguments[0]) : ''})` });
        return;
      }
      if (callee.type === 'MemberExpression' && propertyName(callee) === 'update' && node.arguments[0] && node.arguments[0].type !== 'SpreadElement') {
        updates.push(node);
        return;
      }
      const oneShot = oneShotHash(context, node);
      if (oneShot) oneShots.push(oneShot);
      checkEncoding(context, fixer, node);
    }, ['Identifier', 'CallExpression']);
    for (const update of updates) {
      const root = hashRoot(context, (unwrap(update.callee) as TSESTree.MemberExpression).object, creates, 0);
      if (root) root.data.push(update.arguments[0]);
    }

    const findings: HashFinding[] = [];
    const inHelpers: { use: HashUse; fn: FunctionNode }[] = [];
    for (const use of [...creates.values(), ...oneShots]) {
      if (use.data.length === 0 || use.data.some((data) => mentionsKey(data))) continue;
      const finding = judge(context, use, use.data.flatMap((data) => context.phiValues.find(data)));
      if (finding) {
        findings.push(finding);
        continue;
      }
      // `function sha256Hex(value) { return createHash('sha256').update(value)... }`: judged per call.
      const fn = context.bindings.enclosingFunction(use.call);
      if (fn && fn.params.length > 0) inHelpers.push({ use, fn });
    }
    if (inHelpers.length > 0) findings.push(...helperCalls(context, inHelpers));

    const hmacFixable = [...new Set(findings.filter((finding) => !finding.password && creates.has(finding.use.call)).map((finding) => finding.use.call))].filter(
      (call) => call.arguments[0] !== undefined && call.arguments[0].type !== 'SpreadElement',
    );
    const key = hmacKey(context);
    for (const finding of findings) {
      const fixes: Fix[] = [];
      if (!finding.password && creates.has(finding.use.call)) {
        const plan = hmacPlan(context, finding.use.call, hmacFixable, identifiers, key.text);
        // Through a helper, the fix rewrites the helper for every caller: never for fix-all.
        if (plan) fixes.push({ title: plan.title, edits: plan.edits, safe: key.safe && !finding.via });
      }
      fixes.push(...suppressionFix(fixer, finding.via ?? finding.use.call, RULE_ID));
      reportHash(context, finding, fixes);
    }
  },
};

interface HashFinding {
  use: HashUse;
  hits: PhiHit[];
  password: boolean;
  /** The call of a local helper that hashes its argument, when the identifier comes through one. */
  via?: TSESTree.CallExpression;
}

/** The identifiers (or, failing those, passwords) among what a hash receives. */
function judge(context: ScriptContext, use: HashUse, found: PhiHit[], via?: TSESTree.CallExpression): HashFinding | undefined {
  const hits = uniqueHits(found).filter(
    (hit) => hit.classification.kind === 'field' && (ENUMERABLE[hit.classification.dataType.id] !== undefined || hit.classification.dataType.id === PASSWORD_TYPE),
  );
  if (hits.length === 0) return undefined;
  const identifiersHashed = hits.filter((hit) => hit.classification.dataType.id !== PASSWORD_TYPE);
  return { use, hits: identifiersHashed.length > 0 ? identifiersHashed : hits, password: identifiersHashed.length === 0, via };
}

/** Calls of local helpers that hash a parameter, judged with each call's arguments in place. */
function helperCalls(context: ScriptContext, inHelpers: { use: HashUse; fn: FunctionNode }[]): HashFinding[] {
  const findings: HashFinding[] = [];
  const functions = new Set(inHelpers.map((entry) => entry.fn));
  walk(context.script.ast, (node) => {
    if (node.type !== 'CallExpression' || node.callee.type !== 'Identifier') return;
    const fn = localFunction(context.bindings, node.callee);
    if (!fn || !functions.has(fn)) return;
    // `sha256Hex(pepper + ssn)`: the caller keys it.
    if (node.arguments.some((argument) => mentionsKey(argument))) return;
    for (const { use } of inHelpers.filter((entry) => entry.fn === fn)) {
      const found = context.phiValues.withArguments(fn, node, () => use.data.flatMap((data) => context.phiValues.find(data)));
      const fromArguments = found.filter((hit) => hit.origin && node.arguments.includes(hit.origin.node as TSESTree.CallExpressionArgument));
      // Reported at the argument, which is what the caller wrote.
      const finding = judge(context, use, fromArguments.map((hit) => ({ ...hit, node: hit.origin!.node, origin: undefined })), node);
      if (finding) findings.push(finding);
    }
  }, ['CallExpression']);
  return findings;
}

interface HashUse {
  /** The call that makes the hash (`createHash('sha256')`) or hashes at once (`md5(x)`). */
  call: TSESTree.CallExpression;
  algorithm?: string;
  /** What is hashed: `update()` arguments, or the one-shot call's data argument. */
  data: TSESTree.Node[];
  /** How the hash reads in messages. */
  sink: string;
}

// ---------------------------------------------------------------------------------------------
// Hashes

/** `crypto.createHash`, `createHash` from crypto / node:crypto, `require('crypto').createHash`. */
function isCreateHash(context: ScriptContext, callee: TSESTree.Node): boolean {
  if (isModulePath(resolveModulePath(callee, context.bindings), 'crypto', ['createHash'])) return true;
  // `crypto.createHash` with no visible import: Node's CommonJS REPL and scripts.
  return callee.type === 'MemberExpression' && propertyName(callee) === 'createHash' && callee.object.type === 'Identifier' && callee.object.name === 'crypto' && !context.bindings.lookup(callee.object);
}

function algorithmOf(argument: TSESTree.CallExpressionArgument | undefined): string | undefined {
  return argument ? staticString(argument)?.toLowerCase().replace(/-/g, '') : undefined;
}

/** The createHash call a receiver of `.update()` comes from: chained, or through a variable. */
function hashRoot(context: ScriptContext, expression: TSESTree.Node, creates: Map<TSESTree.CallExpression, HashUse>, depth: number): HashUse | undefined {
  if (depth > 8) return undefined;
  const node = unwrap(expression);
  if (node.type === 'CallExpression') {
    const created = creates.get(node);
    if (created) return created;
    const callee = unwrap(node.callee);
    if (callee.type === 'MemberExpression' && propertyName(callee) === 'update') return hashRoot(context, callee.object, creates, depth + 1);
    return undefined;
  }
  if (node.type === 'Identifier') {
    const binding = context.bindings.lookup(node);
    if (binding?.kind === 'variable' && binding.init && !binding.property && !binding.elementOf) return hashRoot(context, binding.init, creates, depth + 1);
  }
  return undefined;
}

/** `crypto.hash('sha256', x)`, `crypto.subtle.digest('SHA-256', bytes)`, `CryptoJS.SHA256(x)`, `md5(x)`. */
function oneShotHash(context: ScriptContext, call: TSESTree.CallExpression): HashUse | undefined {
  const callee = unwrap(call.callee);
  const sinkText = context.textOf(call.callee);
  const argument = (index: number) => {
    const value = call.arguments[index];
    return value && value.type !== 'SpreadElement' ? value : undefined;
  };
  const resolved = resolveModulePath(callee, context.bindings);
  if (isModulePath(resolved, 'crypto', ['hash'])) {
    const data = argument(1);
    return data ? { call, algorithm: algorithmOf(call.arguments[0]), data: [data], sink: sinkText } : undefined;
  }
  if (callee.type === 'MemberExpression' && propertyName(callee) === 'digest' && lastName(callee.object) === 'subtle') {
    const data = argument(1);
    return data ? { call, algorithm: algorithmOf(call.arguments[0]), data: [encodedInput(data)], sink: sinkText } : undefined;
  }
  if (resolved?.module === 'crypto-js' && resolved.path.length === 1 && CRYPTO_JS_HASHES.includes(resolved.path[0])) {
    const data = argument(0);
    return data ? { call, algorithm: resolved.path[0].toLowerCase(), data: [data], sink: sinkText } : undefined;
  }
  for (const hashPackage of HASH_PACKAGES) {
    if (isModulePath(resolved, hashPackage.module, hashPackage.paths)) {
      const data = argument(0);
      return data ? { call, algorithm: hashPackage.algorithm, data: [data], sink: sinkText } : undefined;
    }
  }
  return undefined;
}

/** `new TextEncoder().encode(email)` -> `email`. */
function encodedInput(node: TSESTree.Node): TSESTree.Node {
  const inner = unwrap(node);
  if (inner.type === 'CallExpression') {
    const callee = unwrap(inner.callee);
    if (callee.type === 'MemberExpression' && propertyName(callee) === 'encode' && inner.arguments[0] && inner.arguments[0].type !== 'SpreadElement') return inner.arguments[0];
  }
  return node;
}

/** Whether the hashed data mixes in something named as a key, salt or pepper. */
function mentionsKey(data: TSESTree.Node): boolean {
  let found = false;
  walk(data, (node) => {
    if (found) return false;
    const name = node.type === 'Identifier' ? node.name : node.type === 'MemberExpression' ? propertyName(node) : undefined;
    if (name && tokenize(name).some((token) => KEY_WORDS.has(token))) found = true;
  });
  return found;
}

function reportHash(context: ScriptContext, finding: HashFinding, fixes: Fix[]): void {
  const { use, hits, password, via } = finding;
  const first = hits[0];
  const what = describeHits(context, hits, 'identifier');
  const subject = via ? `\`${context.textOf(via.callee)}()\` hashes ${what} with \`${use.sink}\`` : `\`${use.sink}\` hashes ${what}`;
  const broken = use.algorithm && WEAK_ALGORITHMS.has(use.algorithm) ? ` ${use.algorithm.toUpperCase()} is broken as a hash besides.` : '';
  const message = password
    ? `${subject} with a fast hash and no salt: a GPU tries billions of guesses a second against it, and equal passwords get equal hashes.${broken} ` +
      'Store passwords with a slow, salted password hash: `crypto.scrypt`, argon2 or bcrypt.'
    : `${subject} without a key: ${ENUMERABLE[first.classification.dataType.id]}, so anyone holding the hashes can reverse them, and HIPAA does not count them as de-identified.${broken} ` +
      "Use a keyed HMAC (`createHmac('sha256', key)` with the key in a secrets manager) or a token vault.";
  const flow = via ? [{ range: context.rangeOf(use.call), message: `${quoteCode(use.sink)} inside \`${context.textOf(via.callee)}()\` hashes it here, without a key` }] : flowOf(context, hits);
  context.report({ range: context.rangeOf(via ?? use.call), message, dataTypes: dataTypesOf(hits), flow, fixes });
}

// ---------------------------------------------------------------------------------------------
// The HMAC fix

/** The key expression for the fix, and whether it comes from the config (and so is safe). */
function hmacKey(context: ScriptContext): { text: string; safe: boolean } {
  const typescript = isTypeScriptFile(context.filePath);
  const configured = context.config.pseudonymization?.hmacKey;
  if (configured) {
    const expression = parseExpression(configured);
    if (expression) return { text: typescript ? configured.trim() : stripTypeScript(configured.trim(), expression), safe: true };
  }
  // A placeholder the developer has to provide: never applied by fix-all.
  return { text: typescript ? `${DEFAULT_KEY_ENV}!` : DEFAULT_KEY_ENV, safe: false };
}

function isTypeScriptFile(filePath: string): boolean {
  return /^\.[mc]?tsx?$/.test(path.extname(filePath).toLowerCase());
}

const parsedExpressions = new Map<string, TSESTree.Expression | null>();

/** The configured key as an expression, or undefined when it is not one expression. */
function parseExpression(text: string): TSESTree.Expression | undefined {
  let result = parsedExpressions.get(text);
  if (result === undefined) {
    result = null;
    try {
      // Offset 1: the expression sits inside the parentheses.
      const program = parse(`(${text.trim()});`, { range: true, loc: false });
      const statement = program.body[0];
      if (program.body.length === 1 && statement.type === 'ExpressionStatement' && statement.expression.range[0] === 1 && statement.expression.range[1] === text.trim().length + 1) {
        result = statement.expression;
      }
    } catch {
      result = null;
    }
    parsedExpressions.set(text, result);
  }
  return result ?? undefined;
}

/** The configured key without TypeScript-only syntax (`!`, `as T`), for JavaScript files. */
function stripTypeScript(text: string, expression: TSESTree.Expression): string {
  const deletions: [number, number][] = [];
  walk(expression, (node) => {
    if (node.type === 'TSNonNullExpression') deletions.push([node.range[1] - 1, node.range[1]]);
    else if (node.type === 'TSAsExpression' || node.type === 'TSSatisfiesExpression') deletions.push([node.expression.range[1], node.range[1]]);
    else if (node.type === 'TSTypeAssertion') deletions.push([node.range[0], node.expression.range[0]]);
  });
  let result = `(${text})`;
  for (const [start, end] of deletions.sort((a, b) => b[0] - a[0])) result = result.slice(0, start) + result.slice(end);
  return result.slice(1, -1).trim();
}

/** How crypto is imported at the top of the file: a namespace to call through, or a named list to add to. */
interface CryptoImports {
  namespace?: string;
  /** The first named list, where an added specifier goes. */
  named?: SpecifierList;
  /** Every named list, to find the one holding a given specifier. */
  lists: SpecifierList[];
  source: string;
}

interface SpecifierList {
  statement: TSESTree.ImportDeclaration | TSESTree.VariableDeclaration;
  /** Named specifiers (`import { a, b }`) or pattern properties (`const { a, b } = require()`). */
  items: (TSESTree.ImportSpecifier | TSESTree.Property)[];
}

function cryptoImports(context: ScriptContext): CryptoImports {
  const result: CryptoImports = { source: 'crypto', lists: [] };
  for (const statement of context.script.ast.body) {
    if (statement.type === 'ImportDeclaration' && normalizeModule(String(statement.source.value)).module === 'crypto' && statement.importKind !== 'type') {
      result.source = String(statement.source.value);
      for (const specifier of statement.specifiers) {
        if (specifier.type !== 'ImportSpecifier') result.namespace ??= specifier.local.name;
      }
      const items = statement.specifiers.filter((specifier): specifier is TSESTree.ImportSpecifier => specifier.type === 'ImportSpecifier');
      if (items.length > 0) result.lists.push({ statement, items });
    } else if (statement.type === 'VariableDeclaration') {
      for (const declarator of statement.declarations) {
        if (!declarator.init || resolveRequire(declarator.init) === undefined) continue;
        if (normalizeModule(resolveRequire(declarator.init)!).module !== 'crypto') continue;
        result.source = resolveRequire(declarator.init)!;
        if (declarator.id.type === 'Identifier') result.namespace ??= declarator.id.name;
        else if (declarator.id.type === 'ObjectPattern' && statement.declarations.length === 1) {
          const items = declarator.id.properties.filter((property): property is TSESTree.Property => property.type === 'Property');
          if (items.length === declarator.id.properties.length) result.lists.push({ statement, items });
        }
      }
    }
  }
  result.named = result.lists[0];
  return result;
}

function resolveRequire(node: TSESTree.Node): string | undefined {
  const inner = unwrap(node);
  if (inner.type !== 'CallExpression' || inner.callee.type !== 'Identifier' || inner.callee.name !== 'require') return undefined;
  const argument = inner.arguments[0];
  return argument?.type === 'Literal' && typeof argument.value === 'string' ? argument.value : undefined;
}

/** The local name createHmac from crypto is bound to at module level; null when the name is taken by something else. */
function createHmacBinding(context: ScriptContext): string | null | undefined {
  const binding = context.bindings.moduleBinding('createHmac');
  if (!binding) {
    // Imported under another name: `import { createHmac as hmac } from 'crypto'`.
    const aliased = cryptoImports(context).lists.flatMap((list) => list.items).find((item) => importedName(item) === 'createHmac');
    return aliased ? localName(aliased) : undefined;
  }
  const member = moduleMemberOf(binding);
  return member && normalizeModule(member.module).module === 'crypto' && member.member === 'createHmac' ? 'createHmac' : null;
}

function importedName(item: TSESTree.ImportSpecifier | TSESTree.Property): string | undefined {
  if (item.type === 'ImportSpecifier') return item.imported.type === 'Identifier' ? item.imported.name : String(item.imported.value);
  return !item.computed && item.key.type === 'Identifier' ? item.key.name : undefined;
}

function localName(item: TSESTree.ImportSpecifier | TSESTree.Property): string | undefined {
  if (item.type === 'ImportSpecifier') return item.local.name;
  return item.value.type === 'Identifier' ? item.value.name : undefined;
}

/**
 * The edits that turn `createHash(alg)` into `createHmac(alg, key)`, import included. A named
 * `createHash` import is renamed when every use of it is being fixed (all of them, in one fix,
 * so that no use is left without its import), and `createHmac` is added beside it otherwise.
 */
function hmacPlan(
  context: ScriptContext,
  call: TSESTree.CallExpression,
  fixable: readonly TSESTree.CallExpression[],
  identifiers: readonly TSESTree.Identifier[],
  key: string,
): { title: string; edits: TextEdit[] } | undefined {
  const algorithm = call.arguments[0];
  if (!algorithm || algorithm.type === 'SpreadElement') return undefined;
  const title = `Use a keyed HMAC: ${context.textOf(call.callee).replace(/createHash$/, 'createHmac')}(${context.textOf(algorithm)}, ${key})`;
  const callee = unwrap(call.callee);
  const rewrite = (target: TSESTree.CallExpression, newCallee: string, from: number): TextEdit => {
    const first = target.arguments[0]!;
    return { range: context.lines.range(from, first.range[1]), newText: `${newCallee}${context.text.slice(unwrap(target.callee).range[1], first.range[1])}, ${key}` };
  };
  if (callee.type === 'MemberExpression') {
    if (callee.computed || callee.property.type !== 'Identifier') return undefined;
    return { title, edits: [rewrite(call, 'createHmac', callee.property.range[0])] };
  }
  if (callee.type !== 'Identifier') return undefined;
  const binding = context.bindings.lookup(callee);
  const imports = cryptoImports(context);
  const named = imports.lists.find((list) => list.items.some((candidate) => localName(candidate) === callee.name && importedName(candidate) === 'createHash'));
  const item = named?.items.find((candidate) => localName(candidate) === callee.name && importedName(candidate) === 'createHash');
  if (!binding || !named || !item || !isImportOf(binding, item)) return undefined;
  const hmacName = createHmacBinding(context);
  if (hmacName === null) return undefined;
  const newCallee = hmacName ?? 'createHmac';
  const references = identifiers.filter((identifier) => identifier !== binding.node && !isDeclarationName(context, identifier) && context.bindings.lookup(identifier) === binding);
  const fixedCalls = fixable.filter((candidate) => {
    const candidateCallee = unwrap(candidate.callee);
    return candidateCallee.type === 'Identifier' && context.bindings.lookup(candidateCallee) === binding;
  });
  const everyUseFixed = references.every((reference) => fixedCalls.some((fixed) => unwrap(fixed.callee) === reference));
  if (!everyUseFixed) {
    const edits = [rewrite(call, newCallee, callee.range[0])];
    if (hmacName === undefined) edits.push(addSpecifier(context, named, 'createHmac'));
    return { title, edits };
  }
  const edits = fixedCalls.map((fixed) => rewrite(fixed, newCallee, unwrap(fixed.callee).range[0]));
  const importEdit = hmacName === undefined ? { range: context.rangeOf(item), newText: 'createHmac' } : removeSpecifier(context, named, item);
  if (!importEdit) return undefined;
  edits.push(importEdit);
  const many = fixedCalls.length > 1 ? `Use a keyed HMAC (createHmac with ${key}) for all ${fixedCalls.length} unkeyed hashes of identifiers in this file` : title;
  return { title: many, edits };
}

function isImportOf(binding: Binding, item: TSESTree.ImportSpecifier | TSESTree.Property): boolean {
  return item.type === 'ImportSpecifier' ? binding.node === item.local : binding.node === item.value;
}

/** Identifiers that name rather than reference: import specifiers, property keys, member names. */
function isDeclarationName(context: ScriptContext, identifier: TSESTree.Identifier): boolean {
  const parent = context.script.parents.get(identifier);
  if (!parent) return false;
  if (parent.type === 'ImportSpecifier' || parent.type === 'ImportDefaultSpecifier' || parent.type === 'ImportNamespaceSpecifier') return true;
  if (parent.type === 'MemberExpression' && parent.property === identifier && !parent.computed) return true;
  if (parent.type === 'Property' && parent.key === identifier && !parent.computed && parent.value !== identifier) return true;
  return false;
}

function addSpecifier(context: ScriptContext, list: SpecifierList, name: string): TextEdit {
  const last = list.items[list.items.length - 1];
  return { range: context.lines.range(last.range[1], last.range[1]), newText: `, ${name}` };
}

/** Removes one specifier with its comma; the whole statement when it was the only one. */
function removeSpecifier(context: ScriptContext, list: SpecifierList, item: TSESTree.ImportSpecifier | TSESTree.Property): TextEdit | undefined {
  const { items, statement } = list;
  const index = items.indexOf(item);
  if (items.length > 1) {
    const range = index < items.length - 1 ? [item.range[0], items[index + 1].range[0]] : [items[index - 1].range[1], item.range[1]];
    return { range: context.lines.range(range[0], range[1]), newText: '' };
  }
  const text = context.text;
  if (statement.type === 'ImportDeclaration' && statement.specifiers.length > 1) {
    // `import crypto, { createHash } from 'crypto'`: drop `, { createHash }`.
    const open = text.lastIndexOf('{', item.range[0]);
    const comma = text.lastIndexOf(',', open);
    const close = text.indexOf('}', item.range[1]);
    if (open < 0 || comma < statement.range[0] || close < 0) return undefined;
    return { range: context.lines.range(comma, close + 1), newText: '' };
  }
  // The whole statement, with its line when nothing else is on it.
  const start = context.lines.positionAt(statement.range[0]);
  const end = context.lines.positionAt(statement.range[1]);
  const before = context.lines.lineText(start.line).slice(0, start.character);
  const after = context.lines.lineText(end.line).slice(end.character);
  if (before.trim() === '' && after.trim() === '') {
    return { range: { start: { line: start.line, character: 0 }, end: { line: end.line + 1, character: 0 } }, newText: '' };
  }
  return { range: context.rangeOf(statement), newText: '' };
}

// ---------------------------------------------------------------------------------------------
// Encodings and reversal passed off as masking

function checkEncoding(context: ScriptContext, fixer: ScriptFixer, call: TSESTree.CallExpression): void {
  const encoding = encodingOf(context, call) ?? reversalOf(call);
  if (!encoding) return;
  const hits = uniqueHits(context.phiValues.find(encoding.data));
  if (hits.length === 0) return;
  const name = claimedName(context, call);
  const claims = name !== undefined && tokenize(name).some((token) => MASKING_WORDS.has(token) || MASKING_WORDS.has(token.replace(/s$/, '')));
  if (encoding.kind !== 'reversal' && !claims) return;
  if (encoding.kind === 'reversal' && !hits.some((hit) => hit.classification.kind === 'field')) return;
  const what = describeHits(context, hits, 'identifier');
  const expression = quoteCode(context.textOf(call));
  const named = claims ? `, yet the result is named ${quoteCode(name!)} as if it were protected` : '';
  const how =
    encoding.kind === 'reversal'
      ? `${expression} only reverses ${what}${named}: every character is still there, in plain sight.`
      : `${expression} only re-encodes ${what} as ${encoding.kind === 'hex' ? 'hex' : 'Base64'}${named}: anyone decodes it in one call.`;
  const message = `${how} Mask it for display (\`${context.config.redaction.helper}()\`), or pseudonymize it with a keyed HMAC or a token vault.`;
  context.report({
    range: context.rangeOf(call),
    message,
    dataTypes: dataTypesOf(hits),
    flow: flowOf(context, hits),
    fixes: encodingFixes(context, fixer, call, encoding.data, name),
  });
}

/** `Buffer.from(x).toString('base64')`, `btoa(x)`. */
function encodingOf(context: ScriptContext, call: TSESTree.CallExpression): { kind: 'base64' | 'hex'; data: TSESTree.Node } | undefined {
  const callee = unwrap(call.callee);
  if (callee.type === 'Identifier' && callee.name === 'btoa' && !context.bindings.lookup(callee)) {
    const data = call.arguments[0];
    return data && data.type !== 'SpreadElement' ? { kind: 'base64', data } : undefined;
  }
  if (callee.type !== 'MemberExpression' || propertyName(callee) !== 'toString') return undefined;
  const encoding = call.arguments[0] ? staticString(call.arguments[0])?.toLowerCase() : undefined;
  if (!encoding || !ENCODINGS.has(encoding)) return undefined;
  const receiver = unwrap(callee.object);
  if (receiver.type !== 'CallExpression') return undefined;
  const from = unwrap(receiver.callee);
  if (from.type !== 'MemberExpression' || propertyName(from) !== 'from' || lastName(from.object) !== 'Buffer') return undefined;
  const data = receiver.arguments[0];
  return data && data.type !== 'SpreadElement' ? { kind: encoding === 'hex' ? 'hex' : 'base64', data } : undefined;
}

/** `x.split('').reverse().join('')`, `[...x].reverse().join('')`, `Array.from(x).reverse().join('')`. */
function reversalOf(call: TSESTree.CallExpression): { kind: 'reversal'; data: TSESTree.Node } | undefined {
  const callee = unwrap(call.callee);
  if (callee.type !== 'MemberExpression' || propertyName(callee) !== 'join') return undefined;
  const reversed = unwrap(callee.object);
  if (reversed.type !== 'CallExpression') return undefined;
  const reverse = unwrap(reversed.callee);
  if (reverse.type !== 'MemberExpression' || propertyName(reverse) !== 'reverse') return undefined;
  const characters = unwrap(reverse.object);
  if (characters.type === 'ArrayExpression' && characters.elements.length === 1 && characters.elements[0]?.type === 'SpreadElement') {
    return { kind: 'reversal', data: characters.elements[0].argument };
  }
  if (characters.type !== 'CallExpression') return undefined;
  const split = unwrap(characters.callee);
  if (split.type !== 'MemberExpression') return undefined;
  const method = propertyName(split);
  if (method === 'split' && characters.arguments[0] && staticString(characters.arguments[0]) === '') return { kind: 'reversal', data: split.object };
  if (method === 'from' && lastName(split.object) === 'Array' && characters.arguments[0] && characters.arguments[0].type !== 'SpreadElement') {
    return { kind: 'reversal', data: characters.arguments[0] };
  }
  return undefined;
}

/**
 * The name a value is given: the variable, property or field it is assigned to, or the
 * function that returns it (`function maskSsn(ssn) { return ... }`).
 */
function claimedName(context: ScriptContext, expression: TSESTree.Node): string | undefined {
  let node: Node = expression;
  let parent = context.script.parents.get(node);
  // Through wrappers that hand the value on: `x as string`, `await x`, `cond ? x : null`, `x ?? ''`.
  const handsOn = (candidate: Node, child: Node) =>
    candidate.type === 'TSAsExpression' ||
    candidate.type === 'TSNonNullExpression' ||
    candidate.type === 'AwaitExpression' ||
    candidate.type === 'TSSatisfiesExpression' ||
    (candidate.type === 'ConditionalExpression' && candidate.test !== child) ||
    (candidate.type === 'LogicalExpression' && candidate.operator !== '&&');
  while (parent && handsOn(parent, node)) {
    node = parent;
    parent = context.script.parents.get(node);
  }
  if (!parent) return undefined;
  switch (parent.type) {
    case 'VariableDeclarator':
      return parent.init === node && parent.id.type === 'Identifier' ? parent.id.name : undefined;
    case 'AssignmentExpression':
      return parent.right === node ? lastName(parent.left) : undefined;
    case 'Property':
      return parent.value === node ? keyText(parent.key) : undefined;
    case 'PropertyDefinition':
      return parent.value === node ? keyText(parent.key) : undefined;
    case 'ReturnStatement':
      return functionName(context, enclosingFunction(context, parent));
    case 'ArrowFunctionExpression':
      return parent.body === node ? functionName(context, parent) : undefined;
    default:
      return undefined;
  }
}

function keyText(key: TSESTree.Node): string | undefined {
  if (key.type === 'Identifier') return key.name;
  if (key.type === 'Literal' && typeof key.value === 'string') return key.value;
  return undefined;
}

function enclosingFunction(context: ScriptContext, node: Node): Node | undefined {
  for (let current = context.script.parents.get(node); current; current = context.script.parents.get(current)) {
    if (current.type === 'FunctionDeclaration' || current.type === 'FunctionExpression' || current.type === 'ArrowFunctionExpression') return current;
  }
  return undefined;
}

function functionName(context: ScriptContext, fn: Node | undefined): string | undefined {
  if (!fn) return undefined;
  if (fn.type === 'FunctionDeclaration' || fn.type === 'FunctionExpression') {
    if (fn.id) return fn.id.name;
  }
  const parent = context.script.parents.get(fn);
  if (!parent) return undefined;
  if (parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  if ((parent.type === 'Property' || parent.type === 'MethodDefinition' || parent.type === 'PropertyDefinition') && parent.value === fn) return keyText(parent.key);
  if (parent.type === 'AssignmentExpression' && parent.right === fn) return lastName(parent.left);
  return undefined;
}

function encodingFixes(context: ScriptContext, fixer: ScriptFixer, call: TSESTree.CallExpression, data: TSESTree.Node, name: string | undefined): Fix[] {
  const dataText = fixer.source(data);
  const key = hmacKey(context).text;
  const hmac = hmacCalleeFor(context, fixer);
  const hmacFix: Fix | undefined = hmac
    ? {
        title: `Pseudonymize with a keyed HMAC: ${hmac.callee}('sha256', ${key}).update(${dataText}).digest('hex')`,
        edits: [fixer.replace(call, `${hmac.callee}('sha256', ${key}).update(${dataText}).digest('hex')`), ...hmac.edits],
        safe: false,
      }
    : undefined;
  const { helper, module } = context.config.redaction;
  const importEdit = module ? fixer.addNamedImport(helper, module) : undefined;
  const redactFix: Fix = { title: `Mask it with ${helper}(${dataText})`, edits: [fixer.replace(call, `${helper}(${dataText})`), ...(importEdit ? [importEdit] : [])], safe: false };
  const masking = name !== undefined && tokenize(name).some((token) => /^(mask|masked|masking|redact|redacted|hide|hidden)$/.test(token));
  const fixes = masking ? [redactFix, hmacFix] : [hmacFix, redactFix];
  return [...fixes.filter((fix): fix is Fix => fix !== undefined), ...suppressionFix(fixer, call, RULE_ID)];
}

/** How to call createHmac in this file, and the import edit that makes it callable. */
function hmacCalleeFor(context: ScriptContext, fixer: ScriptFixer): { callee: string; edits: TextEdit[] } | undefined {
  const bound = createHmacBinding(context);
  if (bound === null) return undefined;
  if (bound) return { callee: bound, edits: [] };
  const imports = cryptoImports(context);
  if (imports.namespace) return { callee: `${imports.namespace}.createHmac`, edits: [] };
  if (imports.named) return { callee: 'createHmac', edits: [addSpecifier(context, imports.named, 'createHmac')] };
  const edit = fixer.addNamedImport('createHmac', usesNodePrefix(context) ? 'node:crypto' : 'crypto');
  return { callee: 'createHmac', edits: edit ? [edit] : [] };
}

function usesNodePrefix(context: ScriptContext): boolean {
  return /(?:from\s+|require\s*\(\s*)['"]node:/.test(context.text);
}

export default noWeakPseudonymization;
