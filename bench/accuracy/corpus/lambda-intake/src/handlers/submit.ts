import { SendMessageCommand } from '@aws-sdk/client-sqs';
import * as Sentry from '@sentry/aws-serverless';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import tracer from 'dd-trace';
import { INTAKE_QUEUE_URL, logger, sqs } from '../lib/clients';
import { scrubIntake } from '../lib/scrub';
import type { IntakeReceipt, IntakeSubmission } from '../types';

Sentry.init({ dsn: process.env.SENTRY_DSN, tracesSampleRate: 0.05 });

function validate(submission: IntakeSubmission): string[] {
  const errors: string[] = [];
  if (!submission.patient?.lastName) errors.push('patient.lastName is required');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(submission.patient?.dateOfBirth ?? '')) errors.push('patient.dateOfBirth must be YYYY-MM-DD');
  if (!submission.consentSigned) errors.push('consent must be signed');
  return errors;
}

export const handler = Sentry.wrapHandler(async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  console.log('intake event', JSON.stringify(event)); // expect: no-phi-in-logs
  const submission = JSON.parse(event.body ?? '{}') as IntakeSubmission;
  logger.appendKeys({ submissionId: submission.submissionId, clinicId: submission.clinicId });
  logger.info('intake received', scrubIntake(submission)); // ok: no-phi-in-logs

  const errors = validate(submission);
  if (errors.length > 0) {
    logger.warn('intake rejected', { errors }); // ok: no-phi-in-logs
    // Under the Datadog BAA: see .phi-lint.yaml.
    tracer.scope().active()?.setTag('intake.patient_dob', submission.patient.dateOfBirth); // ok: no-phi-in-error-tracking
    Sentry.setContext('intake', { reason: submission.reasonForVisit, clinic: submission.clinicId }); // expect: no-phi-in-error-tracking
    const receipt: IntakeReceipt = { submissionId: submission.submissionId, status: 'rejected', errors };
    return { statusCode: 422, body: JSON.stringify(receipt) };
  }

  Sentry.setTag('clinic_id', submission.clinicId); // ok: no-phi-in-error-tracking
  Sentry.addBreadcrumb({ category: 'intake', message: 'validated', data: scrubIntake(submission) }); // ok: no-phi-in-error-tracking
  Sentry.addBreadcrumb({ category: 'intake', message: `allergies: ${submission.allergies.join(', ')}` }); // expect: no-phi-in-error-tracking

  await sqs.send(new SendMessageCommand({ QueueUrl: INTAKE_QUEUE_URL, MessageBody: JSON.stringify(submission) }));
  logger.info(`queued intake for ${submission.patient.firstName} ${submission.patient.lastName}`); // expect: no-phi-in-logs x2
  const receipt: IntakeReceipt = { submissionId: submission.submissionId, status: 'accepted' };
  return { statusCode: 202, body: JSON.stringify(receipt) };
});
