/**
 * Splits an identifier into lower-case words: camelCase, PascalCase, snake_case, kebab-case,
 * acronyms and digits. `patientSSN` -> [patient, ssn]; `HTTPServer` -> [http, server];
 * `address_line2` -> [address, line, 2].
 */
export function tokenize(name: string): string[] {
  return remembered(tokenized, name, splitWords);
}

function splitWords(name: string): string[] {
  const tokens: string[] = [];
  for (const part of name.split(/[^A-Za-z0-9]+/)) {
    if (!part) continue;
    const words = part.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g);
    if (words) for (const word of words) tokens.push(word.toLowerCase());
  }
  return tokens;
}

const IRREGULAR_SINGULARS: Record<string, string> = {
  diagnoses: 'diagnosis',
  analyses: 'analysis',
  prognoses: 'prognosis',
  people: 'person',
  children: 'child',
  data: 'data',
  status: 'status',
  address: 'address',
  ids: 'id',
  ips: 'ip',
  dobs: 'dob',
};

/**
 * A crude singular, applied to both the vocabulary and the names it is matched against, so it
 * only has to be consistent, not correct English: emails -> email, allergies -> allergy,
 * addresses -> address.
 */
export function singular(token: string): string {
  // Own keys only: `constructor` is a word, not Object.prototype's.
  const irregular = Object.hasOwn(IRREGULAR_SINGULARS, token) ? IRREGULAR_SINGULARS[token] : undefined;
  if (irregular) return irregular;
  if (token.length <= 3) return token;
  if (token.endsWith('ies')) return `${token.slice(0, -3)}y`;
  if (token.endsWith('sses')) return token.slice(0, -2);
  if (token.endsWith('ss') || token.endsWith('us') || token.endsWith('is')) return token;
  if (token.endsWith('s')) return token.slice(0, -1);
  return token;
}

export function normalizedTokens(name: string): string[] {
  return remembered(normalized, name, (key) => splitWords(key).map(singular));
}

/**
 * The same few thousand names are split for every file and every sink matcher: each split is
 * kept (up to a bound, so a long-lived server does not grow without end) and handed out as a
 * copy, so that a caller may change its array.
 */
const tokenized = new Map<string, readonly string[]>();
const normalized = new Map<string, readonly string[]>();
const REMEMBERED_NAMES = 20_000;

function remembered(cache: Map<string, readonly string[]>, name: string, split: (name: string) => string[]): string[] {
  let tokens = cache.get(name);
  if (tokens === undefined) {
    if (cache.size >= REMEMBERED_NAMES) cache.clear();
    tokens = split(name);
    cache.set(name, tokens);
  }
  return tokens.slice();
}
