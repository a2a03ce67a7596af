import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { Logger } from '@aws-lambda-powertools/logger';
import { Tracer } from '@aws-lambda-powertools/tracer';

export const logger = new Logger({ serviceName: 'intake' });
export const powertoolsTracer = new Tracer({ serviceName: 'intake' });
export const s3 = new S3Client({});
export const sqs = new SQSClient({});

export const INTAKE_BUCKET = process.env.INTAKE_BUCKET!;
export const INTAKE_QUEUE_URL = process.env.INTAKE_QUEUE_URL!;

// Legacy fax gateway inside the VPC; the vendor has never offered TLS on this endpoint.
export const FAX_GATEWAY_URL = 'http://fax-gateway.intake.internal:8080/send';

export const faxGatewayCredentials = {
  username: 'intake-svc',
  password: 'Fx!gw-9931-intake', // expect: no-hardcoded-credentials
};
