export interface PatientRow {
  patient_id: string;
  mrn: string;
  first_name: string;
  last_name: string;
  date_of_birth: string;
  ssn: string | null;
  email: string | null;
  phone: string | null;
  zip: string;
  payer_member_id: string | null;
}

export interface EncounterRow {
  encounter_id: string;
  patient_id: string;
  admitted_at: string;
  discharged_at: string | null;
  primary_diagnosis_code: string;
  attending_npi: string;
  facility_id: string;
}

export interface LabOrder {
  orderId: string;
  mrn: string;
  patientName: string;
  dateOfBirth: string;
  tests: { loinc: string; name: string }[];
  orderingNpi: string;
}
