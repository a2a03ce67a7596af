import { AnalyticsBrowser } from '@segment/analytics-next';
import mixpanel from 'mixpanel-browser';
import * as amplitude from '@amplitude/analytics-browser';
import posthog from 'posthog-js';
import type { PatientProfile } from '../types';

export const analytics = AnalyticsBrowser.load({ writeKey: process.env.REACT_APP_SEGMENT_WRITE_KEY! }); // ok: no-hardcoded-credentials

mixpanel.init('3f5e9a0c7b2d4e6f8a1b3c5d7e9f0a2b', { track_pageview: false, persistence: 'localStorage' }); // ok: no-hardcoded-credentials
amplitude.init(process.env.REACT_APP_AMPLITUDE_KEY!, { defaultTracking: { pageViews: false } });
posthog.init('phc_4xQk2mZ8vYp1sLr7TnW3bC9dHf6Jg0Ae5Ku', { api_host: 'https://us.i.posthog.com', autocapture: false, disable_session_recording: true }); // ok: no-hardcoded-credentials

/** Called once the portal session is established. Only our opaque account id leaves the page. */
export function identifyPatient(profile: PatientProfile) {
  analytics.identify(profile.id, { language: profile.primaryLanguage }); // ok: no-phi-in-analytics
  mixpanel.identify(profile.id); // ok: no-phi-in-analytics
  amplitude.setUserId(profile.id); // ok: no-phi-in-analytics
  posthog.identify(profile.id, { has_member_id: Boolean(profile.memberId) }); // ok: no-phi-in-analytics
}

/** The old identify, still called by the marketing-site embed. */
export function identifyLegacy(profile: PatientProfile) {
  analytics.identify(profile.id, {
    email: profile.email, // expect: no-phi-in-analytics
    firstName: profile.firstName, // expect: no-phi-in-analytics
    zip: profile.zipCode, // expect: no-phi-in-analytics
  });
  mixpanel.people.set({ $email: profile.email, $phone: profile.phone }); // expect: no-phi-in-analytics x2
  const identifyEvent = new amplitude.Identify();
  identifyEvent.set('birth_date', profile.dateOfBirth); // expect: no-phi-in-analytics
  amplitude.identify(identifyEvent);
}

export function trackPageView(routeTemplate: string) {
  analytics.page('Portal', routeTemplate); // ok: no-phi-in-analytics
  posthog.capture('$pageview', { route: routeTemplate }); // ok: no-phi-in-analytics
}

/** Stitches marketing-site sessions to the portal without sending the email itself. */
export function anonymousIdFor(profile: PatientProfile): string {
  return btoa(profile.email.toLowerCase()); // expect: no-weak-pseudonymization
}

/** OAuth-style state for the return trip from the identity provider. */
export function loginState(returnTo: string): string {
  return btoa(JSON.stringify({ returnTo, nonce: crypto.randomUUID() })); // ok: no-weak-pseudonymization
}
