import { useEffect } from 'react';
import ReactGA from 'react-ga4';
import { Link } from 'react-router-dom';
import { analytics } from '../lib/analytics';
import type { PatientProfile, Visit } from '../types';

declare global {
  interface Window {
    dataLayer: Record<string, unknown>[];
    fbq: (...args: unknown[]) => void;
    gtag: (...args: unknown[]) => void;
  }
}

interface Props {
  visit: Visit;
  patient: PatientProfile;
}

export function BookingConfirmation({ visit, patient }: Props) {
  useEffect(() => {
    analytics.track('Appointment Booked', { telehealth: visit.telehealth, leadTimeDays: daysUntil(visit.startsAt) }); // ok: no-phi-in-analytics
    analytics.track('Appointment Booked (detail)', { reason: visit.reason }); // expect: no-phi-in-analytics
    window.gtag('event', 'purchase', { value: 0, currency: 'USD', items: [{ item_id: visit.id, item_category: 'appointment' }] }); // ok: no-phi-in-analytics
    window.gtag('event', 'booking_complete', { visit_reason: visit.reason, user_email: patient.email }); // expect: no-phi-in-analytics x2
    window.fbq('trackCustom', 'BookingStep', { step: 3, telehealth: visit.telehealth }); // ok: no-phi-in-analytics
    window.fbq('track', 'Lead', { em: patient.email, ph: patient.phone }); // expect: no-phi-in-analytics x2
    window.dataLayer.push({ event: 'booking_confirmed', visitType: visit.telehealth ? 'video' : 'in_person' }); // ok: no-phi-in-analytics
    window.dataLayer.push({ event: 'booking_confirmed_v2', patientDob: patient.dateOfBirth }); // expect: no-phi-in-analytics
    ReactGA.event({ category: 'booking', action: 'confirmed', label: visit.telehealth ? 'video' : 'clinic' }); // ok: no-phi-in-analytics
    ReactGA.event({ category: 'booking', action: 'confirmed', label: visit.reason }); // expect: no-phi-in-analytics
  }, [visit, patient]);

  return (
    <section aria-labelledby="confirmation-title">
      <h1 id="confirmation-title">You're booked, {patient.preferredName ?? patient.firstName}!</h1>
      <p>
        {new Date(visit.startsAt).toLocaleString()} with {visit.providerName} at {visit.location}
      </p>
      <Link to={`/visits/${visit.id}`}>View visit details</Link> {/* ok: no-phi-in-urls */}
      <Link to={`/visits/${visit.id}/prepare?reason=${encodeURIComponent(visit.reason)}`}>Prepare for your visit</Link> {/* expect: no-phi-in-urls */}
      <a href={`https://maps.example.com/?q=${encodeURIComponent(visit.location)}`}>Directions</a> {/* ok: no-phi-in-urls */}
    </section>
  );
}

function daysUntil(iso: string): number {
  return Math.max(0, Math.round((new Date(iso).getTime() - Date.now()) / 86_400_000));
}
