import { Airbrake } from '@airbrake/node';
import CryptoJS from 'crypto-js';
import md5 from 'md5';
import { createHmac } from 'crypto';
import { etlLog } from '../lib/log';
import type { EncounterRow, PatientRow } from '../lib/types';

const airbrake = new Airbrake({ projectId: 291443, projectKey: process.env.AIRBRAKE_PROJECT_KEY!, environment: 'production' });
const PSEUDONYM_KEY = process.env.WAREHOUSE_HMAC_KEY!;

/** De-identified encounter row for the research warehouse (Safe Harbor: no dates below year). */
export function toResearchRow(patient: PatientRow, encounter: EncounterRow) {
  return {
    subjectId: createHmac('sha256', PSEUDONYM_KEY).update(patient.mrn).digest('hex'), // ok: no-weak-pseudonymization
    legacySubjectId: CryptoJS.SHA256(patient.mrn).toString(), // expect: no-weak-pseudonymization
    subjectEmailHash: md5(patient.email ?? ''), // expect: no-weak-pseudonymization
    maskedSsn: patient.ssn ? Buffer.from(patient.ssn).toString('base64') : null, // expect: no-weak-pseudonymization
    admitYear: new Date(encounter.admitted_at).getUTCFullYear(),
    diagnosisCode: encounter.primary_diagnosis_code,
    facilityKey: CryptoJS.MD5(encounter.facility_id).toString(), // ok: no-weak-pseudonymization
    threeDigitZip: patient.zip.slice(0, 3),
  };
}

export function obfuscatePhone(phone: string): string {
  return phone.split('').reverse().join(''); // expect: no-weak-pseudonymization
}

export function displayMask(ssn: string): string {
  return `***-**-${ssn.slice(-4)}`; // ok: no-weak-pseudonymization
}

export function batchId(rows: EncounterRow[]): string {
  return CryptoJS.SHA1(rows.map((row) => row.encounter_id).join(',')).toString(); // ok: no-weak-pseudonymization
}

export async function load(patients: Map<string, PatientRow>, encounters: EncounterRow[]) {
  etlLog.info({ encounters: encounters.length }, 'warehouse load starting'); // ok: no-phi-in-logs
  for (const encounter of encounters) {
    const patient = patients.get(encounter.patient_id);
    if (!patient) {
      etlLog.warn({ encounterId: encounter.encounter_id }, 'encounter without patient'); // ok: no-phi-in-logs
      continue;
    }
    try {
      toResearchRow(patient, encounter);
    } catch (err) {
      etlLog.error({ err, patient }, 'row failed'); // expect: no-phi-in-logs
      await airbrake.notify({ error: err, params: { encounterId: encounter.encounter_id } }); // ok: no-phi-in-error-tracking
      await airbrake.notify({ error: err, params: { diagnosis: encounter.primary_diagnosis_code, dob: patient.date_of_birth } }); // expect: no-phi-in-error-tracking x2
    }
  }
}
