import AWS from 'aws-sdk';
import fs from 'fs';
import os from 'os';
import path from 'path';
import Rollbar from 'rollbar';
import { log } from '../lib/log';
import type { PatientRow } from '../lib/types';

const s3 = new AWS.S3({ region: 'us-east-1' });
const rollbar = new Rollbar({ accessToken: process.env.ROLLBAR_SERVER_TOKEN, environment: 'production' }); // ok: no-hardcoded-credentials

const EXPORT_BUCKET = 'acme-eligibility-exports';

function csvLine(row: PatientRow): string {
  return [row.payer_member_id, row.last_name, row.first_name, row.date_of_birth, row.zip].map((value) => value ?? '').join('|');
}

/** 834-style roster for the payer, built nightly and dropped on the SFTP server by the next job. */
export async function run(rows: PatientRow[]): Promise<void> {
  const started = Date.now();
  const lines = rows.map(csvLine);
  const outFile = path.join(os.tmpdir(), `eligibility-${new Date().toISOString().slice(0, 10)}.psv`);
  fs.writeFileSync(outFile, lines.join('\n')); // expect: no-unencrypted-phi-writes
  fs.writeFileSync(`${outFile}.manifest.json`, JSON.stringify({ rows: rows.length, createdAt: new Date().toISOString() })); // ok: no-unencrypted-phi-writes

  const skipped = rows.filter((row) => !row.payer_member_id);
  for (const row of skipped) {
    log.warn({ patientId: row.patient_id }, 'no payer member id, skipped'); // ok: no-phi-in-logs
    log.warn({ patient: row }, 'skipped row'); // expect: no-phi-in-logs
  }
  fs.appendFileSync('/var/log/acme/eligibility-skipped.log', skipped.map((row) => `${row.mrn},${row.last_name}\n`).join('')); // expect: no-unencrypted-phi-writes

  try {
    await s3.upload({ Bucket: EXPORT_BUCKET, Key: path.basename(outFile), Body: fs.createReadStream(outFile) }).promise(); // expect: no-unencrypted-phi-writes
    const archived = { Bucket: EXPORT_BUCKET, Key: `archive/${path.basename(outFile)}`, Body: fs.readFileSync(outFile), ServerSideEncryption: 'aws:kms' };
    await s3.putObject(archived).promise(); // ok: no-unencrypted-phi-writes
  } catch (err) {
    rollbar.error(err as Error, { job: 'eligibility-export', rows: rows.length }); // ok: no-phi-in-error-tracking
    rollbar.error('eligibility upload failed', { firstRow: rows[0] }); // expect: no-phi-in-error-tracking
    throw err;
  }
  log.info({ rows: rows.length, skipped: skipped.length, ms: Date.now() - started }, 'eligibility export done'); // ok: no-phi-in-logs
}
