import * as Sentry from '@sentry/node';
import type { Patient } from './types';

/** Tags errors with the signed-in patient, so support can find their reports. */
export function identifyPatient(patient: Patient): void {
  Sentry.setUser({ id: patient.id, email: patient.email });
}
