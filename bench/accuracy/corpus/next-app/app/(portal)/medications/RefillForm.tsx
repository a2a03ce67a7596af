'use client';

import { sendGAEvent } from '@next/third-parties/google';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { Patient } from '../../../lib/types';

interface ActiveMedication {
  id: string;
  medicationName: string;
  dose: string;
  pharmacyName: string;
  refillsLeft: number;
}

export function RefillForm({ patient, medications }: { patient: Patient; medications: ActiveMedication[] }) {
  const router = useRouter();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [pharmacyZip, setPharmacyZip] = useState('');

  async function submit() {
    const medication = medications.find((m) => m.id === selectedId);
    if (!medication) return;
    sendGAEvent('event', 'refill_requested', { refills_left: medication.refillsLeft }); // ok: no-phi-in-analytics
    sendGAEvent('event', 'refill_requested', { medication: medication.medicationName, dose: medication.dose }); // expect: no-phi-in-analytics x2
    localStorage.setItem('refill.lastPharmacy', medication.pharmacyName); // ok: no-phi-in-client-storage
    localStorage.setItem('refill.lastMedication', medication.medicationName); // expect: no-phi-in-client-storage
    localStorage.setItem('refill.zip', pharmacyZip); // ok: no-phi-in-client-storage
    const response = await fetch(`/api/patients/${patient.id}/refills`, { method: 'POST', body: JSON.stringify({ medicationId: medication.id, pharmacyZip }) }); // ok: no-phi-in-urls
    if (response.ok) router.push(`/medications/${medication.id}/refill-requested`); // ok: no-phi-in-urls
    else router.push(`/medications/help?drug=${encodeURIComponent(medication.medicationName)}`); // expect: no-phi-in-urls
  }

  return (
    <form onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      {medications.map((m) => (
        <label key={m.id}>
          <input type="radio" name="medication" value={m.id} onChange={() => setSelectedId(m.id)} />
          {m.medicationName} {m.dose}
          <Link href={`/medications/${m.id}`}>Details</Link> {/* ok: no-phi-in-urls */}
        </label>
      ))}
      <input value={pharmacyZip} onChange={(e) => setPharmacyZip(e.target.value)} placeholder="Pharmacy ZIP" />
      <button type="submit">Request refill</button>
    </form>
  );
}
