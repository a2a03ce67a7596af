import Dexie, { type Table } from 'dexie';
import ky from 'ky';
import { useEffect, useState } from 'react';
import type { PatientProfile } from '../types';

declare const heap: {
  track(event: string, properties?: Record<string, unknown>): void;
  identify(identity: string): void;
  addUserProperties(properties: Record<string, unknown>): void;
};

interface Provider {
  npi: string;
  name: string;
  specialty: string;
  acceptingNewPatients: boolean;
  distanceMiles: number;
}

interface RecentSearch {
  id?: number;
  condition: string;
  zip: string;
  searchedAt: number;
}

class SearchDb extends Dexie {
  recent!: Table<RecentSearch, number>;
  constructor() {
    super('provider-search');
    this.version(1).stores({ recent: '++id, searchedAt' });
  }
}
const searchDb = new SearchDb();

export function ProviderSearch({ patient }: { patient: PatientProfile }) {
  const [condition, setCondition] = useState('');
  const [providers, setProviders] = useState<Provider[]>([]);

  useEffect(() => {
    heap.identify(patient.id); // ok: no-phi-in-analytics
    heap.addUserProperties({ preferredLanguage: patient.primaryLanguage }); // ok: no-phi-in-analytics
    heap.addUserProperties({ zipCode: patient.zipCode }); // expect: no-phi-in-analytics
  }, [patient]);

  async function search() {
    const params = new URLSearchParams({ condition, zip: patient.zipCode, radius: '25' }); // expect: no-phi-in-urls x2
    const paging = new URLSearchParams({ page: '1', pageSize: '20' }); // ok: no-phi-in-urls
    const results = await ky.get(`https://api.acmehealth.example/providers?${params}&${paging}`).json<Provider[]>();
    setProviders(results);
    heap.track('Provider Search', { resultCount: results.length, radius: 25 }); // ok: no-phi-in-analytics
    heap.track('Provider Search', { condition }); // expect: no-phi-in-analytics
    await searchDb.recent.add({ condition, zip: patient.zipCode, searchedAt: Date.now() }); // expect: no-phi-in-client-storage x2
  }

  async function loadProvider(npi: string) {
    return ky.get(`https://api.acmehealth.example/providers/${npi}`, { searchParams: { include: 'locations' } }).json<Provider>(); // ok: no-phi-in-urls
  }

  return (
    <div>
      <input aria-label="Condition or symptom" value={condition} onChange={(e) => setCondition(e.target.value)} />
      <button onClick={search}>Search</button>
      <ul>
        {providers.map((provider) => (
          <li key={provider.npi} onClick={() => loadProvider(provider.npi)}>
            {provider.name}, {provider.specialty} ({provider.distanceMiles.toFixed(1)} mi)
          </li>
        ))}
      </ul>
    </div>
  );
}
