import * as Sentry from '@sentry/react';
import posthog from 'posthog-js';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { analytics } from '../lib/analytics';
import type { PatientProfile } from '../types';

interface TriageResult {
  id: string;
  urgency: 'self-care' | 'primary-care' | 'urgent-care' | 'emergency';
  likelyConditions: string[];
  advice: string;
}

const SYMPTOMS = ['fever', 'cough', 'shortness of breath', 'chest pain', 'headache', 'nausea', 'rash', 'fatigue'];

async function runTriage(symptoms: string[], severity: number): Promise<TriageResult> {
  const response = await fetch('/api/triage', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ symptoms, severity }),
  });
  return response.json();
}

/** Symptom checker on the portal home page: the patient ticks symptoms and gets a triage level. */
export function SymptomChecker({ patient }: { patient: PatientProfile }) {
  const [symptoms, setSymptoms] = useState<string[]>([]);
  const [severity, setSeverity] = useState(3);
  const [result, setResult] = useState<TriageResult | null>(null);
  const navigate = useNavigate();

  function toggle(symptom: string) {
    setSymptoms((current) => (current.includes(symptom) ? current.filter((s) => s !== symptom) : [...current, symptom]));
  }

  async function submit() {
    posthog.capture('symptom_checker_submitted', { symptomCount: symptoms.length }); // ok: no-phi-in-analytics
    posthog.capture('symptom_checker_submitted', { symptoms, severity }); // expect: no-phi-in-analytics x2
    sessionStorage.setItem('checker.symptoms', JSON.stringify(symptoms)); // expect: no-phi-in-client-storage
    localStorage.setItem('checker.lastRunAt', new Date().toISOString()); // ok: no-phi-in-client-storage
    try {
      const triage = await runTriage(symptoms, severity);
      setResult(triage);
      analytics.track('Triage Completed', { urgency: triage.urgency }); // ok: no-phi-in-analytics
      analytics.track('Triage Completed', { resultId: triage.id }); // ok: no-phi-in-analytics
      if (triage.urgency === 'emergency') {
        navigate(`/triage/emergency?conditions=${encodeURIComponent(triage.likelyConditions.join(','))}`); // expect: no-phi-in-urls
      } else {
        navigate(`/triage/result/${triage.id}`); // ok: no-phi-in-urls
      }
    } catch (error) {
      Sentry.captureException(error, { extra: { symptoms } }); // expect: no-phi-in-error-tracking
      Sentry.captureException(error, { tags: { step: 'triage', patientId: patient.id } }); // ok: no-phi-in-error-tracking
    }
  }

  return (
    <section>
      <h2>How are you feeling, {patient.preferredName ?? patient.firstName}?</h2>
      {SYMPTOMS.map((symptom) => (
        <label key={symptom}>
          <input type="checkbox" checked={symptoms.includes(symptom)} onChange={() => toggle(symptom)} />
          {symptom}
        </label>
      ))}
      <input type="range" min={1} max={10} value={severity} onChange={(e) => setSeverity(Number(e.target.value))} aria-label="How bad is it?" />
      <button onClick={submit}>Check</button>
      {result && <a href={`/visits/new?reason=${encodeURIComponent(result.likelyConditions[0] ?? '')}`}>Book a visit</a>} {/* expect: no-phi-in-urls */}
      {result && <a href={`/triage/result/${result.id}/print`}>Print</a>} {/* ok: no-phi-in-urls */}
    </section>
  );
}
