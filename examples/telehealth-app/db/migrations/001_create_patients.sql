-- Patients of the practice: the intake form's fields.
CREATE TABLE patients (
  id UUID PRIMARY KEY,
  -- phi-purpose: identifies the patient on visit notes and prescriptions
  first_name TEXT NOT NULL,
  -- phi-purpose: identifies the patient on visit notes and prescriptions
  last_name TEXT NOT NULL,
  date_of_birth DATE NOT NULL, -- phi-purpose: patient matching and age-based dosing
  email TEXT, -- phi-purpose: appointment reminders the patient opted into
  ssn TEXT,
  diagnosis TEXT, -- phi-purpose: primary diagnosis shown to the treating provider
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
