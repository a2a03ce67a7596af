'use strict';

// Backfill research_subjects.subject_key for rows created before the HMAC change (JIRA OPS-2291).
// Usage: node backfills/pseudonymize-research-ids.js --dry-run

const crypto = require('crypto');
const { withDb } = require('../lib/db');

const HMAC_KEY = process.env.RESEARCH_HMAC_KEY;
const dryRun = process.argv.includes('--dry-run');

function subjectKey(mrn) {
  return crypto.createHmac('sha256', HMAC_KEY).update(mrn).digest('hex'); // ok: no-weak-pseudonymization
}

// What the 2021 pipeline did; needed to find the old rows.
function oldSubjectKey(mrn) {
  return crypto.createHash('sha256').update(mrn).digest('hex'); // expect: no-weak-pseudonymization
}

function oldDobKey(dateOfBirth) {
  return crypto.createHash('md5').update(dateOfBirth).digest('hex'); // expect: no-weak-pseudonymization
}

function fileFingerprint(buffer) {
  return crypto.createHash('sha256').update(buffer).digest('hex'); // ok: no-weak-pseudonymization
}

function memberHash(subscriberId, salt) {
  return crypto.createHash('sha256').update(salt + subscriberId).digest('hex'); // ok: no-weak-pseudonymization
}

async function main() {
  await withDb(async (db) => {
    const { rows } = await db.query('select id, mrn, date_of_birth, subscriber_id from research_subjects where subject_key is null');
    for (const row of rows) {
      const legacy = oldSubjectKey(row.mrn);
      const dobKey = oldDobKey(row.date_of_birth);
      const phoneKey = crypto.createHash('sha1').update(row.phone_number || '').digest('base64'); // expect: no-weak-pseudonymization
      const memberKey = memberHash(row.subscriber_id, process.env.MEMBER_SALT);
      if (dryRun) {
        console.log(`would update ${row.id}`); // ok: no-phi-in-logs
        continue;
      }
      await db.query('update research_subjects set subject_key = $2, legacy_key = $3, dob_key = $4, phone_key = $5, member_key = $6 where id = $1', [
        row.id,
        subjectKey(row.mrn),
        legacy,
        dobKey,
        phoneKey,
        memberKey,
      ]);
    }
    console.log(`backfilled ${rows.length} subjects`); // ok: no-phi-in-logs
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
