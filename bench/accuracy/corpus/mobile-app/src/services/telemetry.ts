import { createClient } from '@segment/analytics-react-native';
import * as amplitude from '@amplitude/analytics-react-native';
import * as Sentry from '@sentry/react-native';
import type { Member, MoodCheckIn, Prescription } from '../types';

export const segmentClient = createClient({ writeKey: 'y8Qm2KfT4sV1nB6cX9zL0pRwEaHdJgUi', trackAppLifecycleEvents: true }); // ok: no-hardcoded-credentials

export function onLogin(member: Member) {
  segmentClient.identify(member.id, { planType: 'medicare-advantage' }); // ok: no-phi-in-analytics
  segmentClient.identify(member.id, { birthDate: member.birthDate, phone: member.phoneNumber }); // expect: no-phi-in-analytics x2
  amplitude.setUserId(member.id); // ok: no-phi-in-analytics
  amplitude.setUserId(member.email); // expect: no-phi-in-analytics
  Sentry.setUser({ id: member.id, segment: 'member' }); // ok: no-phi-in-error-tracking
  Sentry.setUser({ id: member.id, username: member.memberNumber }); // expect: no-phi-in-error-tracking
}

export function onCheckIn(checkIn: MoodCheckIn) {
  segmentClient.track('Mood Check-in Completed', { feelingCount: checkIn.feelings.length }); // ok: no-phi-in-analytics
  segmentClient.track('Mood Check-in Completed', { score: checkIn.score, feelings: checkIn.feelings }); // expect: no-phi-in-analytics x2
  amplitude.track('Journal Saved', { length: checkIn.journalEntry.length }); // ok: no-phi-in-analytics
  Sentry.addBreadcrumb({ category: 'checkin', message: 'check-in saved', data: { id: checkIn.id } }); // ok: no-phi-in-error-tracking
}

export function onPrescriptionViewed(prescription: Prescription) {
  amplitude.track('Prescription Viewed', { drug: prescription.drugName, strength: prescription.strength }); // expect: no-phi-in-analytics x2
  amplitude.track('Prescription Viewed', { status: prescription.status, daysSupply: prescription.daysSupply }); // ok: no-phi-in-analytics
  Sentry.setTag('pharmacy', prescription.pharmacyNcpdpId); // ok: no-phi-in-error-tracking
}
