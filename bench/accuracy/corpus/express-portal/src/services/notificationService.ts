import createDebug from 'debug';
import got from 'got';
import { createHash } from 'crypto';
import { appendFileSync } from 'fs';
import type { Appointment, Patient } from '../types';

const debug = createDebug('portal:notifications');
const SMS_API = 'https://sms.vendor.example/v1/messages';
const SMS_API_KEY = process.env.SMS_API_KEY!; // ok: no-hardcoded-credentials
const sentToday = new Set<string>();

function dedupeKey(patient: Patient, appointment: Appointment): string {
  return createHash('sha256').update(`${patient.phone}|${appointment.id}`).digest('hex'); // expect: no-weak-pseudonymization
}

export async function sendAppointmentReminder(patient: Patient, appointment: Appointment): Promise<void> {
  const key = dedupeKey(patient, appointment);
  if (sentToday.has(key)) {
    debug('reminder already sent for appointment %s', appointment.id); // ok: no-phi-in-logs
    return;
  }
  debug('sending reminder to %s for %s', patient.phone, appointment.visitReason); // expect: no-phi-in-logs x2
  await got.post(SMS_API, {
    headers: { authorization: `Bearer ${SMS_API_KEY}` }, // ok: no-hardcoded-credentials
    json: { to: patient.phone, template: 'appointment-reminder', vars: { time: appointment.startsAt.toISOString() } }, // ok: no-phi-in-urls
  });
  // Delivery receipts are looked up by phone number on the vendor's status endpoint.
  const status = await got.get(`${SMS_API}/status`, { searchParams: { to: patient.phone } }).json<{ delivered: boolean }>(); // expect: no-phi-in-urls
  sentToday.add(key);
  appendFileSync('/var/log/portal/reminders.csv', `${appointment.id},${patient.phone},${status.delivered}\n`); // expect: no-unencrypted-phi-writes
  debug('reminder %s delivered=%s', appointment.id, status.delivered); // ok: no-phi-in-logs
}
