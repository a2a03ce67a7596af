/**
 * no-phi-in-analytics: cases the engine gets wrong today (see README.md). Each marker states the
 * correct expectation; the comment above it says what the engine does and what it should do.
 */
import * as amplitude from '@amplitude/analytics-browser';
import { Identify } from '@amplitude/analytics-browser';
import type { Patient } from '@/types';

// GAP (false negative): Amplitude's chained Identify, `new Identify().set(...)`, as in
// Amplitude's docs. The receiver of `.set` is a `new` expression, which the matcher never
// resolves. Should: treat `new Identify()` (imported from an Amplitude module) as an Amplitude
// receiver.
export function identifyCondition(patient: Patient): void {
  amplitude.identify(new Identify().set('condition', patient.primaryCondition)); // expect: no-phi-in-analytics
}
