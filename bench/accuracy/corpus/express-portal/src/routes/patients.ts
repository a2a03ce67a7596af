import * as Sentry from '@sentry/node';
import { Router, type Request, type Response, type NextFunction } from 'express';
import { logger } from '../lib/logger';
import { createPatient, findPatient, searchPatients, updateContactInfo } from '../services/patientService';

export const patientsRouter = Router();

patientsRouter.post('/patients', async (req: Request, res: Response, next: NextFunction) => {
  logger.info('POST /patients', req.body); // expect: no-phi-in-logs
  try {
    const patient = await createPatient(req.body);
    res.setHeader('Location', `/patients/${patient.id}`); // ok: no-phi-in-urls
    res.status(201).json({ id: patient.id });
  } catch (err) {
    Sentry.captureException(err, { extra: { body: req.body } }); // expect: no-phi-in-error-tracking
    next(err);
  }
});

patientsRouter.get('/patients/search', async (req: Request, res: Response) => {
  const { lastName, dob, mrn, page } = req.query as Record<string, string>;
  const results = await searchPatients({ lastName, dateOfBirth: dob, mrn, page: Number(page ?? 1) });
  logger.info('search done', { count: results.length, page }); // ok: no-phi-in-logs
  res.json(results.map((patient) => ({ id: patient.id, mrn: patient.mrn, name: `${patient.lastName}, ${patient.firstName}` })));
});

patientsRouter.get('/patients/:id', async (req: Request, res: Response) => {
  const patient = await findPatient(req.params.id);
  Sentry.setTag('patient_id', patient.id); // ok: no-phi-in-error-tracking
  Sentry.setContext('patient', { mrn: patient.mrn, dob: patient.dateOfBirth }); // expect: no-phi-in-error-tracking x2
  res.setHeader('X-Patient-MRN', patient.mrn); // expect: no-phi-in-urls
  res.setHeader('Cache-Control', 'no-store'); // ok: no-phi-in-urls
  res.json(patient);
});

patientsRouter.patch('/patients/:id/contact', async (req: Request, res: Response) => {
  const patient = await findPatient(req.params.id);
  await updateContactInfo(patient, { email: req.body.email, phone: req.body.phone });
  logger.info(`contact updated for ${patient.id}`, { fields: Object.keys(req.body) }); // ok: no-phi-in-logs
  res.sendStatus(204);
});

/** Legacy bookmark format from the old portal: /lookup?email=... */
patientsRouter.get('/lookup', async (req: Request, res: Response) => {
  const email = String(req.query.email ?? '');
  const [match] = await searchPatients({});
  if (!match) return res.redirect('/patients/search'); // ok: no-phi-in-urls
  res.redirect(`/patients/search?email=${encodeURIComponent(email)}`); // expect: no-phi-in-urls
});
