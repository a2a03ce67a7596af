import { Buffer } from 'buffer';
import { Linking } from 'react-native';
import type { Member } from '../types';

/** Links into the pharmacy partner's app. The member number is "obfuscated" per the partner's spec. */
export function pharmacyDeepLink(member: Member): string {
  const obfuscatedMemberNumber = Buffer.from(member.memberNumber, 'utf8').toString('hex'); // expect: no-weak-pseudonymization
  return `rxpartner://transfer?m=${obfuscatedMemberNumber}`;
}

export function maskedPhone(member: Member): string {
  return `(***) ***-${member.phoneNumber.slice(-4)}`; // ok: no-weak-pseudonymization
}

export function openHelpArticle(slug: string) {
  const encodedSlug = Buffer.from(slug).toString('base64url'); // ok: no-weak-pseudonymization
  return Linking.openURL(`https://help.acmehealth.example/a/${encodedSlug}`);
}
