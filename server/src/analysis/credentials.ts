import type { CredentialKind, SecretsVocabulary, TokenPattern } from '../catalog/secrets';
import { normalizedTokens, tokenize } from './tokenize';

/**
 * What a name and a string say about credentials, with the vocabulary of rules/secrets.yaml.
 * Pure functions: no AST, so they are tested on their own.
 */

/**
 * The kind of credential a name holds: `dbPassword` -> password, `STRIPE_SECRET_KEY` -> secret
 * key, `x-api-key` -> API key. Undefined for names about a credential (`passwordPolicy`,
 * `isTokenValid`, `secretArn`) and names of anything else.
 */
export function credentialKindOf(name: string, vocabulary: SecretsVocabulary): CredentialKind | undefined {
  const tokens = normalizedTokens(name);
  let head: { start: number; end: number; kind: CredentialKind } | undefined;
  for (let i = 0; i < tokens.length; ) {
    const match = vocabulary.phrases.get(tokens[i])?.find((phrase) => phrase.tokens.every((token, offset) => tokens[i + offset] === token));
    if (match) {
      head = { start: i, end: i + match.tokens.length, kind: match.kind };
      i = head.end;
    } else {
      i++;
    }
  }
  if (!head) return undefined;
  if (tokens.slice(0, head.start).some((token) => vocabulary.qualifiersBefore.has(token))) return undefined;
  if (tokens.slice(head.end).some((token) => vocabulary.qualifiersAfter.has(token))) return undefined;
  return head.kind;
}

/** A token shape found in a string, with a preview that gives nothing secret away. */
export interface TokenMatch {
  pattern: TokenPattern;
  preview: string;
}

const URL_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
const AUTH_SCHEME = /^(?:Bearer|Basic|Token|Bot|Digest|ApiKey)\s+/i;

/** The first token shape in `value` that is not a placeholder (`AKIAXXXXXXXXXXXXXXXX`, `...EXAMPLE`). */
export function findTokenPattern(value: string, vocabulary: SecretsVocabulary): TokenMatch | undefined {
  if (!vocabulary.tokenHint.test(value)) return undefined;
  for (const pattern of vocabulary.patterns) {
    const match = pattern.regex.exec(value);
    if (!match) continue;
    const text = match[0];
    if (pattern.localHosts) {
      // A connection string: judge its password, and leave local development defaults alone.
      const password = match[1] ?? '';
      const host = (match[2] ?? '').toLowerCase();
      if (pattern.localHosts.has(host) || isPlaceholder(decodeURIComponentSafe(password), vocabulary)) continue;
      const scheme = text.slice(0, text.indexOf('://') + 3);
      const user = text.slice(scheme.length, text.indexOf(':', scheme.length));
      return { pattern, preview: `${scheme}${user}:****@${match[2]}` };
    }
    if (isPlaceholderToken(text, vocabulary)) continue;
    return { pattern, preview: previewOf(text) };
  }
  return undefined;
}

/**
 * Whether a string assigned to a credential name looks like the credential itself: not empty,
 * a placeholder (`changeme`, `<password>`, `${DB_PASSWORD}`), a reference to where it lives (an
 * ARN, a vault path, a file), a publishable key, a URL without a password, a phrase (a label or
 * message), or a field or header name (`'password'`, `'x-api-key'`).
 */
export function looksLikeSecret(value: string, vocabulary: SecretsVocabulary): boolean {
  const trimmed = value.trim();
  // `Authorization: 'Bearer abc...'` holds its token after the scheme.
  const secret = trimmed.replace(AUTH_SCHEME, '');
  if (secret.length < vocabulary.minLength) return false;
  if (isPlaceholder(secret, vocabulary)) return false;
  if (vocabulary.references.some((pattern) => pattern.test(secret))) return false;
  if (vocabulary.publicValues.some((pattern) => pattern.test(secret))) return false;
  if (/\s/.test(secret)) return false;
  if (URL_SCHEME.test(secret)) return false;
  if (isNameOfAField(secret, vocabulary)) return false;
  return true;
}

/**
 * `PASSWORD_CHANGE_FAILED = 'password_change_failed'`, `AcquireTokenByRefreshToken =
 * 'acquireTokenByRefreshToken'`: an error code, event or enum member whose value spells its own
 * name. A secret does not repeat the words of the variable that holds it. A one-word value must be
 * the whole name (`token = 'token'`), so that `adminPassword = 'admin'` is still a password.
 */
export function spellsItsName(name: string, value: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_.:-]*$/.test(value)) return false;
  const valueTokens = normalizedTokens(value);
  const nameTokens = normalizedTokens(name);
  if (valueTokens.length === 0) return false;
  if (valueTokens.length === 1) return nameTokens.length === 1 && nameTokens[0] === valueTokens[0];
  const words = new Set(nameTokens);
  return valueTokens.every((token) => words.has(token));
}

/** `password`, `api_key`, `X-Api-Key`, `DB_PASSWORD`: a value spelt like a name made of credential words. */
function isNameOfAField(value: string, vocabulary: SecretsVocabulary): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_.-]*$/.test(value)) return false;
  const tokens = normalizedTokens(value);
  return tokens.length > 0 && tokens.every((token) => vocabulary.nameWords.has(token));
}

export function isPlaceholder(value: string, vocabulary: SecretsVocabulary): boolean {
  const trimmed = value.trim();
  if (trimmed === '') return true;
  if (vocabulary.placeholderValues.has(trimmed.toLowerCase())) return true;
  return vocabulary.placeholderPatterns.some((pattern) => pattern.test(trimmed));
}

/** A token shape whose variable part is filler: `AKIAXXXXXXXXXXXXXXXX`, `sk_live_0000...`. */
function isPlaceholderToken(text: string, vocabulary: SecretsVocabulary): boolean {
  if (/example|sample|dummy|placeholder|redacted/i.test(text)) return true;
  if (text.includes('PRIVATE KEY')) return false;
  const distinct = new Set(text.replace(/^[a-z]+[_-]|^[A-Z]{4}/, '')).size;
  return distinct < 6 || isPlaceholder(text, vocabulary);
}

/** `sk_live_…`, `AKIA…`, `-----BEGIN RSA PRIVATE KEY-----`: the part that says what it is. */
function previewOf(text: string): string {
  if (text.startsWith('-----BEGIN')) return text;
  const url = /^[a-z][a-z0-9+.-]*:\/\/[^/]+\//i.exec(text);
  if (url) return `${url[0]}…`;
  const prefix = /^(?:[A-Za-z]+[_-](?:[a-z]+_)?|[A-Z]{4}|SK|SG\.)/.exec(text)?.[0] ?? text.slice(0, 4);
  return `${prefix}…`;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** `dbPassword` -> `DB_PASSWORD`, `x-api-key` -> `X_API_KEY`. */
export function envNameOf(...names: string[]): string {
  const tokens = names.flatMap((name) => tokenize(name));
  const joined = tokens.join('_').toUpperCase();
  if (joined === '') return 'SECRET';
  return /^[0-9]/.test(joined) ? `_${joined}` : joined;
}
