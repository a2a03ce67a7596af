export interface PatientProfile {
  id: string;
  firstName: string;
  lastName: string;
  preferredName?: string;
  dateOfBirth: string;
  email: string;
  phone: string;
  zipCode: string;
  memberId?: string;
  primaryLanguage: string;
}

export interface Medication {
  id: string;
  name: string;
  dosage: string;
  frequency: string;
  prescriber: string;
  refillsRemaining: number;
  lastFilledAt?: string;
}

export interface Visit {
  id: string;
  providerName: string;
  specialty: string;
  reason: string;
  startsAt: string;
  location: string;
  telehealth: boolean;
}

export interface IntakeDraft {
  step: number;
  symptoms: string[];
  symptomOnset?: string;
  currentMedications: string[];
  pregnant?: boolean;
  notes: string;
}
