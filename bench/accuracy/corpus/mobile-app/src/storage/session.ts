import AsyncStorage from '@react-native-async-storage/async-storage';
import EncryptedStorage from 'react-native-encrypted-storage';
import * as Keychain from 'react-native-keychain';
import type { Member, MoodCheckIn } from '../types';

export async function saveSession(member: Member, refreshToken: string) {
  await Keychain.setGenericPassword(member.id, refreshToken, { service: 'acme-health.session' });
  await EncryptedStorage.setItem('member', JSON.stringify(member)); // ok: no-phi-in-client-storage
  await AsyncStorage.setItem('onboarding_done', 'true'); // ok: no-phi-in-client-storage
  await AsyncStorage.setItem('member_cache', JSON.stringify(member)); // expect: no-phi-in-client-storage
  await AsyncStorage.setItem('member_number', member.memberNumber); // expect: no-phi-in-client-storage
  await AsyncStorage.setItem('member_id', member.id); // ok: no-phi-in-client-storage
}

export async function saveCheckInDraft(checkIn: MoodCheckIn) {
  await AsyncStorage.setItem(`checkin-draft:${checkIn.id}`, JSON.stringify(checkIn)); // expect: no-phi-in-client-storage
  await AsyncStorage.mergeItem('checkin-stats', JSON.stringify({ lastScore: checkIn.score, streakDays: 4 })); // expect: no-phi-in-client-storage
  await AsyncStorage.multiSet([
    ['last-checkin-at', checkIn.createdAt], // ok: no-phi-in-client-storage
    ['last-journal-entry', checkIn.journalEntry], // expect: no-phi-in-client-storage
  ]);
}
