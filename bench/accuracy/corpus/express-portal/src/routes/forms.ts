import { Router } from 'express';
import { redact } from '@acme/phi-redact';
import { logger } from '../lib/logger';
import { findPatient } from '../services/patientService';

export const formsRouter = Router();

const SSN_PATTERN = /^\d{3}-?\d{2}-?\d{4}$/;
const EMAIL_PATTERN = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const DOB_LABEL = 'Date of birth (MM/DD/YYYY)';
const emailTemplate = 'Hi {{firstName}}, your appointment is confirmed.';

interface FieldError {
  field: string;
  code: 'required' | 'invalid_format' | 'too_long';
}

formsRouter.post('/forms/demographics/validate', (req, res) => {
  const { ssn, email, dateOfBirth } = req.body as { ssn?: string; email?: string; dateOfBirth?: string };
  const errors: FieldError[] = [];
  const isSsnValid = !ssn || SSN_PATTERN.test(ssn);
  const isEmailValid = !!email && EMAIL_PATTERN.test(email);
  if (!isSsnValid) errors.push({ field: 'ssn', code: 'invalid_format' });
  if (!isEmailValid) errors.push({ field: 'email', code: 'invalid_format' });
  if (!dateOfBirth) errors.push({ field: 'dateOfBirth', code: 'required' });

  logger.info('demographics validated', { isSsnValid, isEmailValid, hasDob: Boolean(dateOfBirth) }); // ok: no-phi-in-logs
  logger.info('validation errors', { fields: errors.map((error) => error.field), codes: errors.map((error) => error.code) }); // ok: no-phi-in-logs
  logger.debug('ssn rule', { ssnPattern: SSN_PATTERN.source, dobLabel: DOB_LABEL }); // ok: no-phi-in-logs
  logger.debug('rejected ssn', { ssn }); // expect: no-phi-in-logs
  logger.debug('rejected email', { email: redact(email) }); // ok: no-phi-in-logs
  res.status(errors.length ? 422 : 204).json({ errors });
});

formsRouter.post('/forms/confirmations/preview', async (req, res) => {
  const patient = await findPatient(req.body.patientId);
  logger.debug('rendering confirmation', { emailTemplate, templateLength: emailTemplate.length }); // ok: no-phi-in-logs
  const body = emailTemplate.replace('{{firstName}}', patient.firstName);
  logger.debug('rendered confirmation', { body }); // expect: no-phi-in-logs
  res.json({ body });
});

formsRouter.get('/forms/clinics/:clinicId', async (req, res) => {
  const clinic = { name: 'Acme Family Medicine - Eastside', phone: '+1-555-0100', address: '100 Main St' };
  const { name, phone } = clinic;
  logger.info(`clinic form opened: ${name} (${phone})`); // ok: no-phi-in-logs
  res.json(clinic);
});
