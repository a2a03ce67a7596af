import { PutObjectCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { SQSEvent, SQSBatchResponse } from 'aws-lambda';
import { createHash, createHmac } from 'node:crypto';
import { INTAKE_BUCKET, logger, s3 } from '../lib/clients';
import type { IntakeSubmission } from '../types';

const DEDUPE_KEY = process.env.INTAKE_DEDUPE_HMAC_KEY!;

/** Identifies a person across submissions without storing who they are. */
function personKey(submission: IntakeSubmission): string {
  const { lastName, dateOfBirth } = submission.patient;
  return createHmac('sha256', DEDUPE_KEY).update(`${lastName.toLowerCase()}|${dateOfBirth}`).digest('hex'); // ok: no-weak-pseudonymization
}

/** The first version of the key, kept to find duplicates in submissions from before March. */
function legacyPersonKey(submission: IntakeSubmission): string {
  const { lastName, dateOfBirth } = submission.patient;
  return createHash('sha256').update(`${lastName.toLowerCase()}|${dateOfBirth}`).digest('hex'); // expect: no-weak-pseudonymization
}

export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  const failures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    try {
      const submission = JSON.parse(record.body) as IntakeSubmission;
      const key = `submissions/${submission.clinicId}/${submission.submissionId}.json`;
      await s3.send(
        // ok: no-unencrypted-phi-writes
        new PutObjectCommand({
          Bucket: INTAKE_BUCKET,
          Key: key,
          Body: JSON.stringify({ ...submission, personKey: personKey(submission), legacyKey: legacyPersonKey(submission) }),
          ServerSideEncryption: 'aws:kms',
          SSEKMSKeyId: process.env.INTAKE_KMS_KEY_ARN,
        }),
      );
      const medsCsv = submission.currentMedications.map((med) => `"${med.replace(/"/g, '""')}"`).join('\n');
      // expect: no-unencrypted-phi-writes
      await new Upload({
        client: s3,
        params: { Bucket: INTAKE_BUCKET, Key: `medications/${submission.submissionId}.csv`, Body: medsCsv, ContentType: 'text/csv' },
      }).done();
      logger.info('intake stored', { key, medicationCount: submission.currentMedications.length }); // ok: no-phi-in-logs
    } catch (err) {
      logger.error('failed to store intake', { messageId: record.messageId, error: (err as Error).message }); // ok: no-phi-in-logs
      logger.error('failed intake payload', { body: record.body }); // expect: no-phi-in-logs
      failures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures: failures };
}
