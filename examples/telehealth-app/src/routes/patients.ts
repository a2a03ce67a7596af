import { randomUUID } from 'node:crypto';
import { Router, type Request } from 'express';
import { logger } from '../logger';
import { DuplicatePatientError, PatientNotFoundError, type PatientService } from '../services/patientService';
import type { NewPatient } from '../types';

export interface Mailer {
  sendTemplate(to: string, template: string, data: Record<string, string>): Promise<void>;
}

function requestIdOf(req: Request): string {
  return req.header('x-request-id') ?? randomUUID();
}

export function patientsRouter(patients: PatientService, mailer: Mailer): Router {
  const router = Router();

  router.get('/patients/:id', async (req, res, next) => {
    const requestId = requestIdOf(req);
    try {
      const patient = await patients.getById(req.params.id);
      logger.info('patient record viewed', { requestId, patientId: patient.id });
      res.json(patient);
    } catch (err) {
      if (err instanceof PatientNotFoundError) {
        res.status(404).json({ error: 'patient not found', requestId });
        return;
      }
      next(err);
    }
  });

  router.post('/patients', async (req, res, next) => {
    const requestId = requestIdOf(req);
    try {
      const patient = await patients.register(req.body as NewPatient);
      logger.info(`Created patient ${patient.firstName} ${patient.lastName}`);

      const emailTemplate = 'welcome-new-patient';
      await mailer.sendTemplate(patient.email, emailTemplate, { firstName: patient.firstName });
      logger.info('email template sent', { emailTemplate, requestId });

      res.status(201).location(`/patients/${patient.id}`).json(patient);
    } catch (err) {
      if (err instanceof DuplicatePatientError) {
        res.status(409).json({ error: 'patient already registered', requestId });
        return;
      }
      next(err);
    }
  });

  return router;
}
