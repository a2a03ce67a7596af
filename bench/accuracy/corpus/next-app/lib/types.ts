export interface Patient {
  id: string;
  mrn: string;
  fullName: string;
  birthDate: string;
  email: string;
  mobilePhone: string;
  homeAddress: string;
  insurancePolicyNumber?: string;
}

export interface LabResult {
  id: string;
  patientId: string;
  testName: string;
  resultValue: string;
  referenceRange: string;
  flag: 'normal' | 'high' | 'low' | 'critical';
  releasedAt: string;
}
