/**
 * no-phi-in-urls: cases the engine gets wrong today (see README.md). Each marker states the
 * correct expectation; the comment above it says what the engine does and what it should do.
 */
import superagent from 'superagent';
import type { Patient } from './types';

// GAP (false negative): superagent's query builder, `.get(url).query({...})`. The query object
// is passed to a method of the request returned by `superagent.get`, which is not followed.
// Should: treat `.query(...)` and `.set(name, value)` on a superagent request as URL/header sinks.
export async function searchFax(patient: Patient): Promise<void> {
  await superagent.get('https://fax.example.org/search').query({ phone: patient.phone }); // expect: no-phi-in-urls
}
