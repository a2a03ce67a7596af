import * as FullStory from '@fullstory/browser';
import Hotjar from '@hotjar/browser';
import posthog from 'posthog-js';
import { useNavigate } from 'react-router-dom';
import type { Medication, PatientProfile } from '../types';

interface Props {
  patient: PatientProfile;
  medications: Medication[];
  onRefill(medication: Medication): Promise<void>;
}

export function MedicationList({ patient, medications, onRefill }: Props) {
  const navigate = useNavigate();

  async function refill(medication: Medication) {
    FullStory.event('Refill Requested', { refillsRemaining: medication.refillsRemaining }); // ok: no-phi-in-analytics
    FullStory.event('Refill Requested', { medication: medication.name, dosage: medication.dosage }); // expect: no-phi-in-analytics x2
    Hotjar.event('refill_requested'); // ok: no-phi-in-analytics
    posthog.capture('refill_requested', { medication_count: medications.length }); // ok: no-phi-in-analytics
    posthog.capture(`refill_requested_${medication.name}`); // expect: no-phi-in-analytics
    await onRefill(medication);
    navigate(`/medications/${medication.id}/refill-status`); // ok: no-phi-in-urls
  }

  function findPharmacy(medication: Medication) {
    navigate(`/pharmacies?drug=${encodeURIComponent(medication.name)}&zip=${patient.zipCode}`); // expect: no-phi-in-urls x2
  }

  FullStory.identify(patient.id); // ok: no-phi-in-analytics
  Hotjar.identify(patient.id, { language: patient.primaryLanguage }); // ok: no-phi-in-analytics
  Hotjar.identify(patient.id, { email: patient.email }); // expect: no-phi-in-analytics

  return (
    <ul className="medication-list fs-mask">
      {medications.map((medication) => (
        <li key={medication.id}>
          <strong>{medication.name}</strong> {medication.dosage}, {medication.frequency}
          <button type="button" disabled={medication.refillsRemaining === 0} onClick={() => refill(medication)}>
            Request refill
          </button>
          <button type="button" onClick={() => findPharmacy(medication)}>
            Find a pharmacy
          </button>
        </li>
      ))}
    </ul>
  );
}
