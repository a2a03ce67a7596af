export interface Patient {
  id: string;
  firstName: string;
  lastName: string;
  /** ISO 8601 calendar date, e.g. 1984-03-07. */
  dateOfBirth: string;
  ssn: string;
  email: string;
  phone: string;
  /** ICD-10-CM code of the primary diagnosis. */
  diagnosis: string;
  medications: string[];
}

export type NewPatient = Omit<Patient, 'id'>;

export type AppointmentStatus = 'scheduled' | 'checked-in' | 'completed' | 'cancelled' | 'no-show';

export interface Appointment {
  id: string;
  patientId: string;
  providerId: string;
  /** ISO 8601 date-time in UTC. */
  startsAt: string;
  status: AppointmentStatus;
}
