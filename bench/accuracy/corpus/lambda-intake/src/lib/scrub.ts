import type { IntakeSubmission } from '../types';

/** What intake may log or trace: counts and flags, never the person. */
export function scrubIntake(submission: IntakeSubmission) {
  return {
    submissionId: submission.submissionId,
    clinicId: submission.clinicId,
    medicationCount: submission.currentMedications.length,
    hasInsurance: Boolean(submission.insurance),
    consentSigned: submission.consentSigned,
  };
}
