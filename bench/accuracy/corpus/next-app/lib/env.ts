import { z } from 'zod';

const schema = z.object({
  DATABASE_URL: z.string().url(),
  NEXTAUTH_SECRET: z.string().min(32),
  EHR_CLIENT_ID: z.string(),
  EHR_CLIENT_SECRET: z.string(),
});

export const env = schema.parse(process.env);

export const ehrOAuth = {
  tokenUrl: 'https://fhir.ehr-vendor.example/oauth2/token', // ok: no-hardcoded-credentials
  clientId: 'acme-portal-prod',
  clientSecret: env.EHR_CLIENT_SECRET, // ok: no-hardcoded-credentials
  scope: 'patient/*.read launch/patient',
};

// Sandbox tenant used by the preview deployments.
export const ehrSandboxOAuth = {
  tokenUrl: 'https://fhir-sandbox.ehr-vendor.example/oauth2/token',
  clientId: 'acme-portal-sandbox',
  clientSecret: 'Qm9vdHN0cmFwU2FuZGJveFNlY3JldDIwMjQh', // expect: no-hardcoded-credentials
};

export const stripeSecretKey = process.env.STRIPE_SECRET_KEY ?? 'sk_live_51NwXyZAbCdEfGhIjKlMnOpQrStUvWx'; // expect: no-hardcoded-credentials
export const stripePublishableKey = 'pk_live_51NwXyZAbCdEfGhIjKlMnOpQrStUvWx'; // ok: no-hardcoded-credentials

export const twilio = {
  accountSid: 'AC3f9e2d1c0b4a59687766554433221100', // ok: no-hardcoded-credentials
  authToken: '9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a49', // expect: no-hardcoded-credentials
  fromNumber: '+15005550006',
};

export const mailer = {
  host: 'smtp.sendgrid.net',
  port: 587,
  auth: { user: 'apikey', pass: process.env.SENDGRID_API_KEY }, // ok: no-hardcoded-credentials
};

export const DEV_DATABASE_URL = 'postgres://postgres:postgres@localhost:5432/portal_dev'; // ok: no-hardcoded-credentials
