'use strict';

// Copy to settings.local.js and fill in from 1Password ("Ops scripts" vault). Never commit the copy.
module.exports = {
  ehrDb: {
    host: 'ehr-replica.internal',
    user: 'ops_readonly',
    password: '<from 1Password: EHR replica ops_readonly>', // ok: no-hardcoded-credentials
  },
  ldap: {
    bindCredentials: 'YOUR_BIND_PASSWORD_HERE', // ok: no-hardcoded-credentials
  },
  smtp: {
    auth: { user: 'ops-alerts@acmehealth.example', pass: 'changeme' }, // ok: no-hardcoded-credentials
  },
  fhirServer: {
    headers: { Authorization: 'Bearer ${FHIR_BULK_TOKEN}' }, // ok: no-hardcoded-credentials
  },
  githubToken: process.env.GITHUB_TOKEN || '', // ok: no-hardcoded-credentials
};
