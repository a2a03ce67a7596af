import 'dotenv/config';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Missing required environment variable ${name}`);
  return value;
}

export const config = {
  port: Number(process.env.PORT ?? 3000),
  database: {
    host: process.env.PGHOST ?? 'localhost',
    port: Number(process.env.PGPORT ?? 5432),
    user: process.env.PGUSER ?? 'portal',
    password: required('PGPASSWORD'), // ok: no-hardcoded-credentials
    database: 'patient_portal',
  },
  session: {
    // TODO(ops): move to Secrets Manager before go-live
    secret: 'portal-session-7f3a9c2e4b1d8e6f', // expect: no-hardcoded-credentials
    cookieName: 'portal.sid',
    maxAgeMs: 30 * 60 * 1000,
  },
  sendgrid: {
    apiKey: process.env.SENDGRID_API_KEY, // ok: no-hardcoded-credentials
    fromAddress: 'no-reply@acmehealth.example',
    appointmentTemplateId: 'd-4f1c2b9a7e6d4c3b8a1f0e2d3c4b5a69', // ok: no-hardcoded-credentials
  },
  exports: {
    bucket: process.env.EXPORT_BUCKET ?? 'acme-portal-exports-prod',
    kmsKeyId: process.env.EXPORT_KMS_KEY_ID,
  },
  passwordPolicy: {
    minLength: 12, // ok: no-hardcoded-credentials
    requireSymbol: true,
  },
};
