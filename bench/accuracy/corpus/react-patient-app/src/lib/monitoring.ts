import * as Sentry from '@sentry/react';
import { datadogRum } from '@datadog/browser-rum';
import Bugsnag from '@bugsnag/js';
import LogRocket from 'logrocket';
import type { PatientProfile } from '../types';

export function initMonitoring() {
  Sentry.init({
    dsn: 'https://4f2a9c1e7b3d4a5f8e6c0b2d1a3f5e7c@o123456.ingest.sentry.io/4505678901234567', // ok: no-hardcoded-credentials
    sendDefaultPii: false,
    replaysSessionSampleRate: 0,
  });
  datadogRum.init({
    applicationId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
    clientToken: 'pub8f7e6d5c4b3a29180f7e6d5c4b3a2918', // ok: no-hardcoded-credentials
    site: 'datadoghq.com',
    service: 'patient-portal-web',
    defaultPrivacyLevel: 'mask',
  });
  Bugsnag.start({ apiKey: process.env.REACT_APP_BUGSNAG_KEY! });
  LogRocket.init('acme-health/patient-portal', { dom: { inputSanitizer: true, textSanitizer: true } });
}

export function onSignedIn(profile: PatientProfile) {
  Sentry.setUser({ id: profile.id }); // ok: no-phi-in-error-tracking
  datadogRum.setUser({ id: profile.id, name: `${profile.firstName} ${profile.lastName}` }); // expect: no-phi-in-error-tracking x2
  Bugsnag.setUser(profile.id, profile.email, profile.firstName); // expect: no-phi-in-error-tracking x2
  LogRocket.identify(profile.id, { name: profile.firstName, email: profile.email }); // expect: no-phi-in-analytics x2
  LogRocket.identify(profile.id, { subscriptionType: 'patient' }); // ok: no-phi-in-analytics
}

export function reportRefillFailure(error: Error, medicationName: string, pharmacyId: string) {
  Sentry.captureException(error, { tags: { pharmacyId } }); // ok: no-phi-in-error-tracking
  Sentry.captureException(error, { extra: { medicationName } }); // expect: no-phi-in-error-tracking
  datadogRum.addError(error, { pharmacyId, step: 'refill' }); // ok: no-phi-in-error-tracking
  Bugsnag.notify(error, (event) => {
    event.addMetadata('refill', { pharmacyId }); // ok: no-phi-in-error-tracking
    event.addMetadata('refill', { medication: medicationName }); // expect: no-phi-in-error-tracking
  });
}
