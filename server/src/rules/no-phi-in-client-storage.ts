import type { TSESTree } from '@typescript-eslint/types';
import type { SinkUse } from '../analysis/callSinks';
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
      `is stored on the device through \`${sink}\`: browser storage and cookies are unencrypted, readable by any script on the page and left behind on shared computers.`,
    record: (sink) =>
      `is stored whole on the device through \`${sink}\`: every field of the record sits unencrypted in the browser, readable by any script on the page.`,
  },
  alsoCheck: checkCookieFlags,
});

/**
 * `res.cookie('memberId', id)` without `secure: true` and `httpOnly: true`: an identifier cookie
 * that travels over plain HTTP or can be read by page scripts.
 */
function checkCookieFlags(context: ScriptContext, fixer: ScriptFixer, use: SinkUse): void {
  if (use.vendor !== 'Set-Cookie' || use.node.type !== 'CallExpression') return;
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
  const edit = flags
    ? flags.properties.length === 0
      ? fixer.replace(flags, `{ ${additions} }`)
      : { range: context.rangeOf(flags.properties[flags.properties.length - 1]), newText: `${fixer.source(flags.properties[flags.properties.length - 1])}, ${additions}` }
    : { range: context.rangeOf(value ?? call), newText: `${fixer.source(value ?? call)}, { ${additions} }` };
  context.report({
    range: context.rangeOf(call.callee),
    message: `The cookie ${cookieName ? quoteCode(cookieName) : ''} holds an identifier but is set without ${missing.map((flag) => `\`${flag}: true\``).join(' and ')}: it can travel over plain HTTP or be read by any script on the page. Set both flags.`.replace('  ', ' '),
    dataTypes: [],
    fixes: [{ title: `Add ${additions}`, edits: [edit], safe: true }],
  });
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
