import type { TSESTree } from '@typescript-eslint/types';
import type { SinkUse } from '../analysis/callSinks';
import type { Fix } from '../core/types';
import type { ScriptFixer } from '../fixes/scriptFixes';
import { suppressionFix } from './hitReport';
import { callSinkRule } from './callSinkRule';
import { describeDataType, quoteCode } from './messages';
import type { ScriptContext } from './rule';

/** PHI in URLs, query strings, redirects, links and headers; PHI sent over plaintext http://. */
export const noPhiInUrls = callSinkRule({
  id: 'no-phi-in-urls',
  description: 'Protected health information must not travel in URLs, query strings or headers, nor over plaintext HTTP.',
  family: 'urls',
  references: ['HIPAA-164.312(e)(1)', 'HIPAA-164.502(b)', 'CPRA-1798.150', 'CWE-598', 'CWE-319'],
  wording: {
    field: (sink) =>
      `is put in a URL or header through \`${sink}\`: URLs and headers are written to access, proxy and CDN logs, browser history and Referer headers. Send it in a POST body over HTTPS instead.`,
    record: (sink) => `is put whole in a URL or header through \`${sink}\`: it lands in access, proxy and CDN logs and browser history.`,
  },
  partsReaching,
  alsoCheck: checkPlaintextHttp,
});

/** Properties of a request config object that end up in the URL or headers. */
const URL_PROPERTIES = new Set(['url', 'baseURL', 'params', 'searchParams', 'query', 'headers', 'path', 'pathname', 'href', 'search', 'hash']);
/** Headers made to carry credentials: a password there is where it belongs (over HTTPS). */
const CREDENTIAL_HEADERS = /^(authorization|proxy-authorization|cookie|x-api-key|api-key)$/i;
/** Sinks whose value is a query or header map as a whole: every key and value travels. */
const WHOLE_MAPS = new Set(['query string', 'response header']);

/**
 * What of a value lands in a URL: a `mailto:`/`tel:` link only opens the user's own mail or phone
 * app; of `axios({ url, data })` only `url` (the body travels encrypted under HTTPS); of a header
 * map, not the Authorization header.
 */
function partsReaching(value: TSESTree.Node, use: SinkUse, context: ScriptContext): TSESTree.Node[] {
  // `const init = { method: 'POST', body }; fetch(url, init)`: read the options where they were written.
  if (value.type === 'Identifier') {
    const binding = context.bindings.lookup(value);
    if (binding?.kind === 'variable' && !binding.reassigned && !binding.property && binding.init?.type === 'ObjectExpression') return partsReaching(binding.init, use, context);
  }
  const start = plainUrl(value);
  if (start !== undefined && /^(mailto|tel|sms|callto):/i.test(start)) return [];
  if (value.type !== 'ObjectExpression') return [value];
  const keyOf = (property: TSESTree.Property) => (property.key.type === 'Identifier' ? property.key.name : property.key.type === 'Literal' ? String(property.key.value) : '');
  const whole = WHOLE_MAPS.has(use.vendor);
  // A whole map is read as an object, so that its keys say what its values are (`{ email: x }`).
  if (whole && !value.properties.some((property) => property.type === 'Property' && CREDENTIAL_HEADERS.test(keyOf(property)))) return [value];
  return value.properties.flatMap((property) => {
    if (property.type !== 'Property') return whole ? [property.argument] : [];
    const key = keyOf(property);
    if (CREDENTIAL_HEADERS.test(key)) return [];
    if (key === 'headers' && property.value.type === 'ObjectExpression') return partsReaching(property.value, { ...use, vendor: 'response header' }, context);
    return whole || URL_PROPERTIES.has(key) ? [property.value] : [];
  });
}

const LOCAL_HOSTS = /^http:\/\/(localhost|127\.\d+\.\d+\.\d+|\[::1\]|0\.0\.0\.0)([:/]|$)/i;

/** `fetch('http://...', { body: JSON.stringify(patient) })`: PHI over an unencrypted connection. */
function checkPlaintextHttp(context: ScriptContext, fixer: ScriptFixer, use: SinkUse): void {
  if (use.node.type !== 'CallExpression') return;
  const call = use.node;
  const url = call.arguments[0];
  // `fetch(FAX_GATEWAY_URL, ...)`: a constant of this file or of a module it imports.
  const literal = url && (plainUrl(url) ?? context.phiValues.constantText(url));
  if (!literal || !/^http:\/\//i.test(literal) || LOCAL_HOSTS.test(literal)) return;
  const hits = call.arguments.flatMap((argument) => context.phiValues.find(argument));
  if (hits.length === 0) return;
  // Name health data before a credential in the same request (`Basic ${auth}` next to the body).
  const hit = hits.find((candidate) => candidate.classification.dataType.category.group === 'phi') ?? hits[0];
  context.report({
    range: context.rangeOf(url),
    message: `${quoteCode(context.textOf(hit.node))} (${describeDataType(hit.classification.dataType)}) is sent over plaintext HTTP to ${quoteCode(literal)}: anyone on the path can read it. Use https://.`,
    dataTypes: [hit.classification.dataType],
    flow: [{ range: context.rangeOf(hit.node), message: `${quoteCode(context.textOf(hit.node))} is part of the request` }],
    fixes: httpsFix(context, fixer, url),
  });
}

/**
 * The scheme is fixed where the URL is written: here, or at the declaration of a `const` of this
 * file. A constant of another module is fixed there; here only a suppression can be offered.
 */
function httpsFix(context: ScriptContext, fixer: ScriptFixer, url: TSESTree.Node): Fix[] {
  let written: TSESTree.Node = url;
  if (url.type === 'Identifier') {
    const binding = context.bindings.lookup(url);
    if (binding?.kind === 'variable' && !binding.reassigned && !binding.property && binding.init) written = binding.init;
  }
  if (plainUrl(written) === undefined) return suppressionFix(fixer, url, 'no-phi-in-urls');
  return [{ title: 'Use https://', edits: [{ range: context.rangeOf(written), newText: context.textOf(written).replace(/http:\/\//i, 'https://') }], safe: true }];
}

function plainUrl(node: TSESTree.Node): string | undefined {
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral') return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

export default noPhiInUrls;
