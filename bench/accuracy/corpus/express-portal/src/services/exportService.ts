import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createWriteStream, promises as fsp } from 'fs';
import * as path from 'path';
import { config } from '../config';
import { query } from '../lib/db';
import { logger } from '../lib/logger';
import type { Appointment, Patient } from '../types';

const s3 = new S3Client({ region: process.env.AWS_REGION ?? 'us-east-1' });
const TMP_DIR = process.env.EXPORT_TMP_DIR ?? '/tmp/portal-exports';

function toCsvRow(values: unknown[]): string {
  return values.map((value) => `"${String(value ?? '').replace(/"/g, '""')}"`).join(',');
}

/** Nightly roster for the care-coordination team. */
export async function exportRoster(clinicId: string): Promise<string> {
  const patients = await query<Patient>('select * from patients where clinic_id = $1', [clinicId]);
  const file = path.join(TMP_DIR, `roster-${clinicId}-${new Date().toISOString().slice(0, 10)}.json`);
  await fsp.mkdir(TMP_DIR, { recursive: true });
  await fsp.writeFile(file, JSON.stringify(patients, null, 2)); // expect: no-unencrypted-phi-writes
  logger.info('roster written', { clinicId, count: patients.length, file }); // ok: no-phi-in-logs
  return file;
}

export async function uploadRoster(clinicId: string, patients: Patient[]): Promise<void> {
  await s3.send(
    // expect: no-unencrypted-phi-writes
    new PutObjectCommand({
      Bucket: config.exports.bucket,
      Key: `rosters/${clinicId}/${Date.now()}.json`,
      Body: JSON.stringify(patients),
      ContentType: 'application/json',
    }),
  );
}

export async function uploadRosterEncrypted(clinicId: string, patients: Patient[]): Promise<void> {
  await s3.send(
    // ok: no-unencrypted-phi-writes
    new PutObjectCommand({
      Bucket: config.exports.bucket,
      Key: `rosters/${clinicId}/${Date.now()}.json`,
      Body: JSON.stringify(patients),
      ContentType: 'application/json',
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: config.exports.kmsKeyId,
    }),
  );
}

/** Appointment volume per clinic, no patient data: goes to the ops dashboard bucket. */
export async function exportDailyVolume(date: string): Promise<void> {
  const rows = await query<{ clinic_id: string; booked: number; no_shows: number }>(
    'select clinic_id, count(*) as booked, sum(case when status = $2 then 1 else 0 end) as no_shows from appointments where starts_at::date = $1 group by clinic_id',
    [date, 'no-show'],
  );
  const csv = ['clinic_id,booked,no_shows', ...rows.map((row) => toCsvRow([row.clinic_id, row.booked, row.no_shows]))].join('\n');
  await fsp.writeFile(path.join(TMP_DIR, `volume-${date}.csv`), csv); // ok: no-unencrypted-phi-writes
  await s3.send(
    // ok: no-unencrypted-phi-writes
    new PutObjectCommand({ Bucket: 'acme-ops-dashboards', Key: `volume/${date}.csv`, Body: csv, ContentType: 'text/csv' }),
  );
}

export async function exportNoShowList(appointments: Appointment[], patientsById: Map<string, Patient>): Promise<string> {
  const file = path.join(TMP_DIR, 'no-shows.csv');
  const out = createWriteStream(file, { flags: 'w' });
  out.write('mrn,name,phone,visit_reason\n'); // ok: no-unencrypted-phi-writes
  for (const appointment of appointments) {
    const patient = patientsById.get(appointment.patientId);
    if (!patient) continue;
    // expect: no-unencrypted-phi-writes
    out.write(toCsvRow([patient.mrn, `${patient.firstName} ${patient.lastName}`, patient.phone, appointment.visitReason]) + '\n');
  }
  out.end();
  return file;
}
