export interface Address {
  line1: string;
  line2?: string;
  city: string;
  state: string;
  postalCode: string;
}

export interface Patient {
  id: string;
  mrn: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  ssn?: string;
  email: string;
  phone: string;
  address: Address;
  insuranceMemberId?: string;
  primaryCareProviderId?: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface Appointment {
  id: string;
  patientId: string;
  providerId: string;
  clinicId: string;
  startsAt: Date;
  durationMinutes: number;
  visitReason: string;
  status: 'booked' | 'checked-in' | 'completed' | 'cancelled' | 'no-show';
  telehealth: boolean;
}

export interface LabResult {
  id: string;
  patientId: string;
  loincCode: string;
  testName: string;
  value: string;
  unit: string;
  abnormal: boolean;
  collectedAt: Date;
}

export interface PortalUser {
  id: string;
  patientId: string;
  email: string;
  role: 'patient' | 'proxy' | 'staff';
  mfaEnabled: boolean;
  lastLoginAt?: Date;
}
