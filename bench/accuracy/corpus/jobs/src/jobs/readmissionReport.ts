import apm from 'elastic-apm-node';
import { writeFile } from 'fs/promises';
import { etlLog } from '../lib/log';
import type { EncounterRow, PatientRow } from '../lib/types';

const READMIT_WINDOW_DAYS = 30;

interface Readmission {
  patient: PatientRow;
  index: EncounterRow;
  readmit: EncounterRow;
}

export async function run(patients: PatientRow[], encounters: EncounterRow[]): Promise<void> {
  const transaction = apm.startTransaction('readmission-report', 'job');
  const readmissions = findReadmissions(patients, encounters);
  transaction?.setLabel('readmission_count', readmissions.length); // ok: no-phi-in-error-tracking
  apm.setLabel('window_days', READMIT_WINDOW_DAYS); // ok: no-phi-in-error-tracking
  apm.setCustomContext({ firstReadmitMrn: readmissions[0]?.patient.mrn }); // expect: no-phi-in-error-tracking
  apm.addLabels({ facility: readmissions[0]?.index.facility_id ?? 'none' }); // ok: no-phi-in-error-tracking

  const summary = readmissions.map((r) => ({ facility: r.index.facility_id, days: daysBetween(r.index.discharged_at!, r.readmit.admitted_at) }));
  await writeFile('/reports/readmissions-summary.json', JSON.stringify(summary)); // ok: no-unencrypted-phi-writes
  await writeFile('/reports/readmissions-detail.json', JSON.stringify(readmissions)); // expect: no-unencrypted-phi-writes
  etlLog.info({ count: readmissions.length }, 'readmission report written'); // ok: no-phi-in-logs
  // pino's redact paths hide ssn and dob, but not the name or the MRN.
  etlLog.info({ patient: readmissions[0]?.patient }, 'first readmission'); // expect: no-phi-in-logs
  transaction?.end();
}

function findReadmissions(patients: PatientRow[], encounters: EncounterRow[]): Readmission[] {
  const byPatient = new Map<string, EncounterRow[]>();
  for (const encounter of encounters) {
    const list = byPatient.get(encounter.patient_id) ?? [];
    list.push(encounter);
    byPatient.set(encounter.patient_id, list);
  }
  const out: Readmission[] = [];
  for (const patient of patients) {
    const list = (byPatient.get(patient.patient_id) ?? []).sort((a, b) => a.admitted_at.localeCompare(b.admitted_at));
    for (let i = 1; i < list.length; i++) {
      const previous = list[i - 1];
      if (previous.discharged_at && daysBetween(previous.discharged_at, list[i].admitted_at) <= READMIT_WINDOW_DAYS) {
        out.push({ patient, index: previous, readmit: list[i] });
      }
    }
  }
  return out;
}

function daysBetween(from: string, to: string): number {
  return Math.round((new Date(to).getTime() - new Date(from).getTime()) / 86_400_000);
}
