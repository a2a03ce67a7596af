export interface IntakeSubmission {
  submissionId: string;
  clinicId: string;
  patient: {
    firstName: string;
    lastName: string;
    dateOfBirth: string;
    phone: string;
    email?: string;
    address: { line1: string; city: string; state: string; zip: string };
  };
  insurance?: { carrier: string; memberId: string; groupNumber?: string };
  reasonForVisit: string;
  currentMedications: string[];
  allergies: string[];
  consentSigned: boolean;
  submittedAt: string;
}

export interface IntakeReceipt {
  submissionId: string;
  status: 'accepted' | 'rejected';
  errors?: string[];
}
