import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import got from 'got';
import { INTAKE_BUCKET, logger, s3 } from '../lib/clients';

const OCR_ENDPOINT = 'https://ocr.vendor.example/v1/insurance-card';

/** Upload of the front of the insurance card; returns what OCR read from it. */
export async function uploadInsuranceCard(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> {
  const submissionId = event.pathParameters?.submissionId;
  if (!submissionId || !event.body) return { statusCode: 400 };
  const image = Buffer.from(event.body, 'base64'); // ok: no-weak-pseudonymization
  await s3.send(
    // expect: no-unencrypted-phi-writes
    new PutObjectCommand({
      Bucket: INTAKE_BUCKET,
      Key: `insurance-cards/${submissionId}/front.jpg`,
      Body: image,
      ContentType: 'image/jpeg',
    }),
  );
  const ocr = await got
    .post(OCR_ENDPOINT, { body: image, headers: { 'content-type': 'image/jpeg', authorization: `Bearer ${process.env.OCR_TOKEN}` } }) // ok: no-hardcoded-credentials
    .json<{ memberId?: string; groupNumber?: string; carrier?: string }>();
  logger.info('insurance card read', { submissionId, carrier: ocr.carrier, memberIdFound: Boolean(ocr.memberId) }); // ok: no-phi-in-logs
  logger.debug('ocr result', { memberId: ocr.memberId }); // expect: no-phi-in-logs
  return { statusCode: 200, body: JSON.stringify({ carrier: ocr.carrier, memberId: ocr.memberId }) };
}

/** Short-lived link for the front desk to view the card. */
export async function cardLink(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> {
  const submissionId = event.pathParameters?.submissionId;
  const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: INTAKE_BUCKET, Key: `insurance-cards/${submissionId}/front.jpg` }), { expiresIn: 300 });
  return { statusCode: 302, headers: { Location: url } };
}

/** Clinic logos shown on the intake form: public marketing assets. */
export async function uploadClinicLogo(clinicId: string, png: Buffer): Promise<void> {
  // ok: no-unencrypted-phi-writes
  await s3.send(new PutObjectCommand({ Bucket: 'acme-public-assets', Key: `clinics/${clinicId}/logo.png`, Body: png, ContentType: 'image/png', CacheControl: 'public, max-age=86400' }));
}
