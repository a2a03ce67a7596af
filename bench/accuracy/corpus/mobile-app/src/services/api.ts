import axios from 'axios';
import type { Member } from '../types';

const FIREBASE_CONFIG = {
  apiKey: 'AIzaSyD4x7Qw2Rt9Yp3Lk8Mn5Bv1Cx6Zs0Fh2Jg', // ok: no-hardcoded-credentials
  authDomain: 'acme-health-app.firebaseapp.com',
  projectId: 'acme-health-app',
};

export const api = axios.create({ baseURL: 'https://api.acmehealth.example/mobile/v3', timeout: 10_000 });

export async function findCareTeam(member: Member) {
  const { data } = await api.get(`/members/${member.id}/care-team`); // ok: no-phi-in-urls
  return data;
}

export async function findInNetworkProviders(member: Member, specialty: string) {
  const { data } = await api.get('/providers', { params: { specialty, memberNumber: member.memberNumber } }); // expect: no-phi-in-urls
  return data;
}

export async function verifyIdentity(member: Member, last4: string) {
  return api.post('/identity/verify', { memberNumber: member.memberNumber, birthDate: member.birthDate, ssnLast4: last4 }); // ok: no-phi-in-urls
}

export async function legacyVerify(member: Member) {
  return api.get(`/identity/verify?memberNumber=${member.memberNumber}&birthDate=${member.birthDate}`); // expect: no-phi-in-urls x2
}

export { FIREBASE_CONFIG };
