'use strict';

// Shared settings for the one-off ops scripts. Run them from the bastion with `aws-vault exec`.
module.exports = {
  ehrDb: {
    host: process.env.EHR_DB_HOST || 'ehr-replica.internal',
    user: 'ops_readonly',
    password: process.env.EHR_DB_PASSWORD, // ok: no-hardcoded-credentials
    database: 'ehr',
  },
  ldap: {
    url: 'ldaps://ldap.acmehealth.internal:636',
    bindDN: 'cn=ops-scripts,ou=service,dc=acmehealth,dc=internal',
    bindCredentials: 'L0ngLiv3d-B1nd-P@ss', // expect: no-hardcoded-credentials
  },
  smtp: {
    host: 'smtp.office365.com',
    port: 587,
    auth: { user: 'ops-alerts@acmehealth.example', pass: 'Summer2024!ops' }, // expect: no-hardcoded-credentials
  },
  auditBucket: 'acme-hipaa-audit-exports',
  kmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/3f1e2d4c-5b6a-4789-9abc-def012345678', // ok: no-hardcoded-credentials
  fhirServer: {
    baseUrl: 'https://fhir.acmehealth.internal/R4',
    // Long-lived token for the bulk export client, issued 2024-02.
    headers: { Authorization: 'Bearer eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJvcHMtYnVsay1leHBvcnQiLCJzY29wZSI6InN5c3RlbS8qLnJlYWQifQ.Tm90QVJlYWxTaWduYXR1cmVCdXRMb25nRW5vdWdo' }, // expect: no-hardcoded-credentials
  },
  githubToken: 'ghp_R2d2C3poBb8Yoda4Luke5Leia6Han7Chewie9', // expect: no-hardcoded-credentials
  slackWebhook: 'https://hooks.slack.com/services/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', // expect: no-hardcoded-credentials
  signingKeyPem: process.env.OPS_SIGNING_KEY_PEM, // ok: no-hardcoded-credentials
  tokenEndpoint: 'https://login.microsoftonline.com/acmehealth.onmicrosoft.com/oauth2/v2.0/token', // ok: no-hardcoded-credentials
};
