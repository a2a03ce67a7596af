import { Upload } from '@aws-sdk/lib-storage';
import { S3Client } from '@aws-sdk/client-s3';
import * as Sentry from '@sentry/node';
import { createWriteStream } from 'node:fs';
import { appendFile, writeFile } from 'node:fs/promises';
import { createGzip } from 'node:zlib';
import { Client } from 'pg';
import { etlLog } from '../lib/log';
import type { PatientRow } from '../lib/types';

interface CareGap {
  patientId: string;
  measure: 'breast-cancer-screening' | 'a1c-control' | 'colorectal-screening';
  lastA1c?: number;
  dueSince: string;
}

const s3 = new S3Client({ region: 'us-east-2' });

/** Weekly: finds members with open HEDIS care gaps and hands the list to the outreach vendor. */
export async function runCareGapOutreach(db: Client, week: string): Promise<void> {
  const { rows: gaps } = await db.query<CareGap>('select patient_id as "patientId", measure, last_a1c as "lastA1c", due_since as "dueSince" from care_gaps where closed_at is null');
  const { rows: patients } = await db.query<PatientRow>('select patient_id, first_name, last_name, phone, zip from patients where patient_id = any($1)', [gaps.map((g) => g.patientId)]);
  etlLog.info({ week, gaps: gaps.length, patients: patients.length }, 'care gaps loaded'); // ok: no-phi-in-logs

  const byPatient = new Map(patients.map((p) => [p.patient_id, p]));
  const outreach = createWriteStream(`/tmp/outreach-${week}.csv`);
  for (const gap of gaps) {
    const patient = byPatient.get(gap.patientId);
    if (!patient) {
      etlLog.warn({ patientId: gap.patientId }, 'gap without patient'); // ok: no-phi-in-logs
      continue;
    }
    outreach.write(`${patient.first_name},${patient.phone},${gap.measure}\n`); // expect: no-unencrypted-phi-writes
    if (gap.lastA1c !== undefined && gap.lastA1c > 9) {
      etlLog.warn(`uncontrolled A1c ${gap.lastA1c} for ${patient.last_name}`); // expect: no-phi-in-logs x2
    }
  }
  outreach.end();

  await writeFile(`/tmp/outreach-${week}.summary.json`, JSON.stringify({ week, total: gaps.length })); // ok: no-unencrypted-phi-writes
  await appendFile('/var/log/outreach/runs.log', `${new Date().toISOString()} ${week} ${gaps.length}\n`); // ok: no-unencrypted-phi-writes

  try {
    const upload = new Upload({ // expect: no-unencrypted-phi-writes
      client: s3,
      params: { Bucket: 'outreach-handoff', Key: `${week}/patients.csv.gz`, Body: createGzipFrom(patients) },
    });
    await upload.done();
  } catch (err) {
    Sentry.captureException(err, { extra: { week, count: patients.length } }); // ok: no-phi-in-error-tracking
    Sentry.captureException(err, { extra: { firstPatient: patients[0] } }); // expect: no-phi-in-error-tracking
  }
}

function createGzipFrom(patients: PatientRow[]) {
  const gzip = createGzip();
  for (const p of patients) gzip.write(`${p.first_name},${p.last_name},${p.phone},${p.zip}\n`);
  gzip.end();
  return gzip;
}
