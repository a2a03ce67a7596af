import { createHmac } from 'crypto';
import { appendFile, writeFile } from 'fs/promises';
import twilio from 'twilio';
import type { Reminder } from '../types';

const client = twilio(process.env.TWILIO_ACCOUNT_SID, process.env.TWILIO_AUTH_TOKEN); // ok: no-hardcoded-credentials
const OPT_OUT_KEY = process.env.SMS_OPTOUT_HMAC_KEY!;
const SENT_LOG = '/var/log/scheduling/reminders-sent.log';

/** Opt-out list is keyed by an HMAC of the phone number. */
function optOutKey(phone: string): string {
  return createHmac('sha256', OPT_OUT_KEY).update(phone.replace(/\D/g, '')).digest('hex'); // ok: no-weak-pseudonymization
}

export async function sendReminders(reminders: Reminder[], optedOut: Set<string>): Promise<void> {
  for (const reminder of reminders) {
    if (optedOut.has(optOutKey(reminder.patientPhone))) continue;
    await client.messages.create({
      to: reminder.patientPhone,
      from: process.env.TWILIO_FROM_NUMBER,
      body: `Hi ${reminder.patientFirstName}, reminder: your appointment at ${reminder.clinicName} is on ${new Date(reminder.startsAt).toLocaleString()}. Reply STOP to opt out.`,
    });
    await appendFile(SENT_LOG, `${new Date().toISOString()} ${reminder.appointmentId} ${reminder.patientPhone}\n`); // expect: no-unencrypted-phi-writes
    await appendFile(SENT_LOG.replace('.log', '.ids.log'), `${reminder.appointmentId}\n`); // ok: no-unencrypted-phi-writes
  }
  await writeFile('/var/lib/scheduling/last-reminder-run.txt', new Date().toISOString()); // ok: no-unencrypted-phi-writes
}
