import type { ScheduledEvent } from 'aws-lambda';
import fetch from 'node-fetch';
import { FAX_GATEWAY_URL, faxGatewayCredentials, logger } from '../lib/clients';

interface Referral {
  referralId: string;
  patientName: string;
  patientDob: string;
  diagnosis: string;
  toFaxNumber: string;
}

async function pendingReferrals(): Promise<Referral[]> {
  return [];
}

export async function handler(_event: ScheduledEvent): Promise<void> {
  const auth = Buffer.from(`${faxGatewayCredentials.username}:${faxGatewayCredentials.password}`).toString('base64'); // ok: no-weak-pseudonymization
  for (const referral of await pendingReferrals()) {
    const response = await fetch(FAX_GATEWAY_URL, { // expect: no-phi-in-urls
      method: 'POST',
      headers: { authorization: `Basic ${auth}`, 'content-type': 'application/json' },
      body: JSON.stringify({ to: referral.toFaxNumber, patient: referral.patientName, dob: referral.patientDob, dx: referral.diagnosis }),
    });
    logger.info('referral faxed', { referralId: referral.referralId, status: response.status }); // ok: no-phi-in-logs
  }
  // Health check of the gateway itself.
  await fetch('http://fax-gateway.intake.internal:8080/health'); // ok: no-phi-in-urls
  await fetch('http://localhost:2773/secretsmanager/get?secretId=intake/fax', { headers: { 'X-Aws-Parameters-Secrets-Token': process.env.AWS_SESSION_TOKEN! } }); // ok: no-phi-in-urls
}

/** One-off resend from the support console. */
export async function resend(referral: Referral): Promise<void> {
  await fetch('http://fax-gateway.intake.internal:8080/send', { method: 'POST', body: JSON.stringify(referral) }); // expect: no-phi-in-urls
}
