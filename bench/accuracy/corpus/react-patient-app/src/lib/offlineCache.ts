import { get, set } from 'idb-keyval';
import localforage from 'localforage';
import type { Medication, PatientProfile, Visit } from '../types';

const store = localforage.createInstance({ name: 'patient-portal', storeName: 'offline' });

/** So the app opens on a flaky connection: cache what the home screen shows. */
export async function cacheHome(profile: PatientProfile, upcoming: Visit[], medications: Medication[]) {
  await set('profile', profile); // expect: no-phi-in-client-storage
  await set('upcomingVisitCount', upcoming.length); // ok: no-phi-in-client-storage
  await store.setItem('medications', medications); // expect: no-phi-in-client-storage
  await store.setItem('lastSyncAt', Date.now()); // ok: no-phi-in-client-storage
  await store.setItem('featureFlags', { newRefillFlow: true, darkMode: false }); // ok: no-phi-in-client-storage
}

export async function cachedProfile(): Promise<PatientProfile | undefined> {
  return get<PatientProfile>('profile');
}

export async function rememberVisitIds(visits: Visit[]) {
  await set('visitIds', visits.map((visit) => visit.id)); // ok: no-phi-in-client-storage
}

export function openLegacyDb(profile: PatientProfile) {
  const request = indexedDB.open('portal-legacy', 1);
  request.onsuccess = () => {
    const tx = request.result.transaction('profiles', 'readwrite');
    tx.objectStore('profiles').put({ id: profile.id, dob: profile.dateOfBirth, memberId: profile.memberId }); // expect: no-phi-in-client-storage x2
    tx.objectStore('prefs').put({ id: 'ui', theme: 'dark', fontScale: 1.2 }); // ok: no-phi-in-client-storage
  };
}
