'use client';

import { sendGAEvent } from '@next/third-parties/google';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import type { LabResult, Patient } from '../../../lib/types';

export default function ResultsPage({ patient, results }: { patient: Patient; results: LabResult[] }) {
  const router = useRouter();
  const abnormal = results.filter((result) => result.flag !== 'normal');

  useEffect(() => {
    sendGAEvent('event', 'results_viewed', { count: results.length }); // ok: no-phi-in-analytics
    sendGAEvent('event', 'abnormal_results_viewed', { tests: abnormal.map((result) => result.testName).join(',') }); // expect: no-phi-in-analytics
    sessionStorage.setItem('results-last-viewed', new Date().toISOString()); // ok: no-phi-in-client-storage
    sessionStorage.setItem('results-cache', JSON.stringify(results)); // expect: no-phi-in-client-storage
  }, [results, abnormal]);

  function share(result: LabResult) {
    router.push(`/results/${result.id}/share`); // ok: no-phi-in-urls
  }

  function compare(result: LabResult) {
    router.push(`/results/compare?test=${encodeURIComponent(result.testName)}&value=${result.resultValue}`); // expect: no-phi-in-urls x2
  }

  return (
    <main>
      <h1>Results for {patient.fullName}</h1>
      <ul>
        {results.map((result) => (
          <li key={result.id}>
            <Link href={`/results/${result.id}`}>{result.testName}</Link> {/* ok: no-phi-in-urls */}
            <span className={`flag flag-${result.flag}`}>{result.resultValue}</span>
            <button onClick={() => share(result)}>Share with a provider</button>
            <button onClick={() => compare(result)}>Compare</button>
          </li>
        ))}
      </ul>
      <a href={`mailto:care@acmehealth.example?subject=Question about results for ${patient.mrn}`}>Ask your care team</a> {/* ok: no-phi-in-urls */}
    </main>
  );
}
