import md5 from 'blueimp-md5';
import { createHash } from 'crypto';

/** Avatar for the care-team chat. */
export function gravatarUrl(email: string, size = 64): string {
  return `https://www.gravatar.com/avatar/${md5(email.trim().toLowerCase())}?s=${size}&d=identicon`; // expect: no-weak-pseudonymization
}

/** Cache key for rendered avatars: the URL is already public. */
export function avatarCacheKey(url: string): string {
  return createHash('sha1').update(url).digest('hex'); // ok: no-weak-pseudonymization
}

/** Stable bucket for A/B tests, from our own account id. */
export function experimentBucket(accountId: string, experiment: string): number {
  const digest = createHash('sha256').update(`${experiment}:${accountId}`).digest(); // ok: no-weak-pseudonymization
  return digest.readUInt32BE(0) % 100;
}
