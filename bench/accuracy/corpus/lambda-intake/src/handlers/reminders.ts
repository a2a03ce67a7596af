import type { SQSEvent } from 'aws-lambda';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import * as Sentry from '@sentry/aws-serverless';
import { INTAKE_BUCKET, logger, s3 } from '../lib/clients';

interface ReminderJob {
  submissionId: string;
  patientFirstName: string;
  phone: string;
  appointmentAt: string;
  clinicName: string;
  reasonForVisit: string;
}

const REMINDER_LINK_BASE = 'https://intake.acmehealth.example/r';

/** Builds the SMS text and the confirmation link for each queued reminder. */
export const handler = Sentry.wrapHandler(async (event: SQSEvent) => {
  for (const record of event.Records) {
    const job = JSON.parse(record.body) as ReminderJob;
    const link = new URL(`${REMINDER_LINK_BASE}/${job.submissionId}`);
    link.searchParams.set('clinic', job.clinicName); // ok: no-phi-in-urls
    link.searchParams.set('name', job.patientFirstName); // expect: no-phi-in-urls
    const confirm = new URL(`${REMINDER_LINK_BASE}/confirm?phone=${job.phone}`); // expect: no-phi-in-urls
    const text = `Hi ${job.patientFirstName}, see you at ${job.clinicName} on ${job.appointmentAt}. Confirm: ${link} ${confirm}`;
    logger.info('reminder built', { submissionId: job.submissionId, length: text.length }); // ok: no-phi-in-logs
    Sentry.addBreadcrumb({ category: 'reminder', message: `built for ${job.submissionId}` }); // ok: no-phi-in-error-tracking
    Sentry.setExtra('reminderText', text); // expect: no-phi-in-error-tracking
    await s3.send(new PutObjectCommand({ Bucket: INTAKE_BUCKET, Key: `reminders/${job.submissionId}.txt`, Body: text })); // expect: no-unencrypted-phi-writes
    await s3.send(new PutObjectCommand({ Bucket: INTAKE_BUCKET, Key: `reminders/${job.submissionId}.json`, Body: JSON.stringify(job), ServerSideEncryption: 'aws:kms' })); // ok: no-unencrypted-phi-writes
  }
});
