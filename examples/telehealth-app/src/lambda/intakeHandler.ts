import { randomUUID } from 'node:crypto';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { NewPatient, Patient } from '../types';

const s3 = new S3Client({});
const INTAKE_BUCKET = process.env.INTAKE_BUCKET ?? 'telehealth-intake';
const INTAKE_KMS_KEY_ID = process.env.INTAKE_KMS_KEY_ID;

/** API Gateway handler for the pre-visit intake form: stores the submission for clinical review. */
export async function handler(event: APIGatewayProxyEvent, context: Context): Promise<APIGatewayProxyResult> {
  if (!event.body) {
    return { statusCode: 400, body: JSON.stringify({ error: 'missing intake form' }) };
  }

  const patient: Patient = { id: randomUUID(), ...(JSON.parse(event.body) as NewPatient) };
  console.log('intake', patient);

  await s3.send(
    new PutObjectCommand({
      Bucket: INTAKE_BUCKET,
      Key: `intake/${patient.id}.json`,
      Body: JSON.stringify(patient),
      ContentType: 'application/json',
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: INTAKE_KMS_KEY_ID,
    }),
  );

  console.log('intake stored', { patientId: patient.id, requestId: context.awsRequestId });
  return { statusCode: 202, body: JSON.stringify({ patientId: patient.id }) };
}
