import type { TSESTree } from '@typescript-eslint/types';
import { propertyName, unwrap } from '../analysis/ast';
import { moduleMemberOf, type Bindings } from '../analysis/bindings';
import type { SinkUse } from '../analysis/callSinks';
import type { TextEdit } from '../core/types';
import type { ScriptFixer } from '../fixes/scriptFixes';
import { callSinkRule } from './callSinkRule';
import { quoteCode } from './messages';
import type { ScriptContext } from './rule';

const RULE_ID = 'no-phi-in-client-storage';

/** PHI in localStorage, sessionStorage, IndexedDB and cookies; identifier cookies without flags. */
export const noPhiInClientStorage = callSinkRule({
  id: RULE_ID,
  description: 'Protected health information must not be kept in browser storage or cookies, and identifier cookies need Secure and HttpOnly.',
  family: 'client-storage',
  references: ['HIPAA-164.312(a)(2)(iv)', 'HIPAA-164.312(e)(1)', 'CPRA-1798.150', 'CPRA-1798.81.5', 'CWE-312'],
  wording: {
    field: (sink) =>
      `is stored on the device through \`${sink}\`: it sits unencrypted on the device, where page scripts can read browser storage and cookies without HttpOnly, every cookie rides each request into proxy and CDN logs, and all of it is left behind on shared computers.`,
    record: (sink) =>
      `is stored whole on the device through \`${sink}\`: every field of the record sits unencrypted on the device, where page scripts (or, for cookies, every proxy that logs request headers) can read it.`,
  },
  alsoCheck: checkCookieFlags,
});

/**
 * `res.cookie('memberId', id)`, Next.js `cookies().set('memberId', id)` without `secure: true`
 * and `httpOnly: true`: an identifier cookie that travels over plain HTTP or can be read by page
 * scripts. Browser-side setters (js-cookie, document.cookie) cannot set HttpOnly: not checked.
 */
function checkCookieFlags(context: ScriptContext, fixer: ScriptFixer, use: SinkUse): void {
  if (use.node.type !== 'CallExpression' || !(use.vendor === 'Set-Cookie' || isServerCookieStore(use.node, context.bindings))) return;
  const call = use.node;
  const [name, value, options] = call.arguments;
  const cookieName = name?.type === 'Literal' && typeof name.value === 'string' ? name.value : undefined;
  const identifies = (cookieName && context.classifier.classify(cookieName)) || (value && context.phiValues.find(value).length > 0);
  if (!identifies) return;
  const flags = options?.type === 'ObjectExpression' ? options : undefined;
  if (options && !flags) return; // Options built elsewhere: cannot tell.
  const missing = ['secure', 'httpOnly'].filter((flag) => !hasTrueProperty(flags, flag));
  if (missing.length === 0) return;
  const additions = missing.map((flag) => `${flag}: true`).join(', ');
  // `httpOnly: false` is turned to true where it is written, not followed by a second key.
  const edits: TextEdit[] = [];
  const appended: string[] = [];
  for (const flag of missing) {
    const written = flags && propertyNamed(flags, flag);
    if (written) edits.push({ range: context.rangeOf(written.value), newText: 'true' });
    else appended.push(`${flag}: true`);
  }
  if (appended.length > 0) {
    const added = appended.join(', ');
    const last = flags?.properties[flags.properties.length - 1];
    if (last) {
      const end = context.rangeOf(last).end;
      edits.push({ range: { start: end, end }, newText: `, ${added}` });
    } else if (flags) edits.push(fixer.replace(flags, `{ ${added} }`));
    else edits.push({ range: context.rangeOf(value ?? call), newText: `${fixer.source(value ?? call)}, { ${added} }` });
  }
  context.report({
    range: context.rangeOf(call.callee),
    message: `The cookie ${cookieName ? quoteCode(cookieName) : ''} holds an identifier but is set without ${missing.map((flag) => `\`${flag}: true\``).join(' and ')}: it can travel over plain HTTP or be read by any script on the page. Set both flags.`.replace('  ', ' '),
    dataTypes: [],
    fixes: [{ title: `Set ${additions}`, edits, safe: true }],
  });
}

/**
 * A cookie store the server sends as Set-Cookie: Next.js `cookies()` from 'next/headers' (called
 * in place or kept in a variable), and the `cookies` of a NextResponse or a Koa context.
 */
function isServerCookieStore(call: TSESTree.CallExpression, bindings: Bindings): boolean {
  const callee = unwrap(call.callee);
  if (callee.type !== 'MemberExpression' || propertyName(callee) !== 'set') return false;
  let store = unwrap(callee.object);
  if (store.type === 'Identifier') {
    const binding = bindings.lookup(store);
    if (binding?.kind !== 'variable' || !binding.init || binding.property) return false;
    store = unwrap(binding.init);
  }
  if (store.type === 'AwaitExpression') store = unwrap(store.argument);
  if (store.type === 'CallExpression') {
    const factory = unwrap(store.callee);
    const member = factory.type === 'Identifier' ? moduleMemberOf(bindings.lookup(factory)) : undefined;
    return member?.module === 'next/headers' && member.member === 'cookies';
  }
  if (store.type !== 'MemberExpression' || propertyName(store) !== 'cookies') return false;
  const owner = unwrap(store.object);
  if (owner.type !== 'Identifier') return false;
  if (owner.name === 'ctx') return true;
  const binding = bindings.lookup(owner);
  const init = binding?.kind === 'variable' && binding.init ? unwrap(binding.init) : undefined;
  const made = init?.type === 'CallExpression' ? unwrap(init.callee) : init?.type === 'NewExpression' ? unwrap(init.callee) : undefined;
  const maker = made?.type === 'MemberExpression' ? unwrap(made.object) : made;
  return maker?.type === 'Identifier' && moduleMemberOf(bindings.lookup(maker))?.module === 'next/server';
}

function propertyNamed(object: TSESTree.ObjectExpression, name: string): TSESTree.Property | undefined {
  return object.properties.find(
    (property): property is TSESTree.Property =>
      property.type === 'Property' && ((property.key.type === 'Identifier' && property.key.name === name) || (property.key.type === 'Literal' && property.key.value === name)),
  );
}

function hasTrueProperty(object: TSESTree.ObjectExpression | undefined, name: string): boolean {
  return (
    object?.properties.some(
      (property) =>
        property.type === 'Property' &&
        ((property.key.type === 'Identifier' && property.key.name === name) || (property.key.type === 'Literal' && property.key.value === name)) &&
        !(property.value.type === 'Literal' && property.value.value === false),
    ) ?? false
  );
}

export default noPhiInClientStorage;
