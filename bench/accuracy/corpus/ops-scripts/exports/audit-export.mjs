// Quarterly export for the compliance team: every access to a VIP chart, with who the patient is.
import AWS from 'aws-sdk';
import { createWriteStream } from 'node:fs';
import { writeFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const settings = require('../lib/settings');
const { withDb } = require('../lib/db');

const s3 = new AWS.S3();
const quarter = process.argv[2] ?? '2024-Q1';
const outDir = `/tmp/audit-${quarter}`;

await mkdir(outDir, { recursive: true });

await withDb(async (db) => {
  const { rows: accesses } = await db.query(
    `select a.accessed_at, a.user_id, p.mrn, p.first_name, p.last_name, p.date_of_birth
       from chart_access a join patients p on p.id = a.patient_id
      where p.vip and a.accessed_at >= $1`,
    [quarter],
  );
  const patients = accesses.map((row) => ({ mrn: row.mrn, name: `${row.first_name} ${row.last_name}`, dob: row.date_of_birth }));

  await writeFile(`${outDir}/vip-patients.json`, JSON.stringify(patients, null, 2)); // expect: no-unencrypted-phi-writes
  await writeFile(`${outDir}/summary.json`, JSON.stringify({ quarter, accesses: accesses.length })); // ok: no-unencrypted-phi-writes

  const csv = createWriteStream(`${outDir}/accesses.csv`);
  for (const row of accesses) {
    csv.write(`${row.accessed_at},${row.user_id},${row.mrn},${row.last_name}\n`); // expect: no-unencrypted-phi-writes
  }
  csv.end();

  await s3
    .putObject({ Bucket: settings.auditBucket, Key: `${quarter}/vip-patients.json`, Body: JSON.stringify(patients), ServerSideEncryption: 'aws:kms', SSEKMSKeyId: settings.kmsKeyArn }) // ok: no-unencrypted-phi-writes
    .promise();
  await s3.putObject({ Bucket: settings.auditBucket, Key: `${quarter}/accesses.json`, Body: JSON.stringify(accesses) }).promise(); // expect: no-unencrypted-phi-writes
  await s3.upload({ Bucket: settings.auditBucket, Key: `${quarter}/summary.json`, Body: JSON.stringify({ quarter, count: accesses.length }) }).promise(); // ok: no-unencrypted-phi-writes
});
