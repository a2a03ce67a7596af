import * as Sentry from '@sentry/node';
import axios from 'axios';
import { Router, type Request, type Response } from 'express';
import { writeFileSync } from 'fs';
import { logger } from '../lib/logger';
import { query } from '../lib/db';
import { findPatient } from '../services/patientService';
import type { Appointment, Patient } from '../types';

export const appointmentsRouter = Router();

const scheduling = axios.create({ baseURL: 'https://scheduling.vendor.example/api/v2', timeout: 5000 });

async function loadAppointment(id: string): Promise<Appointment> {
  const [appointment] = await query<Appointment>('select * from appointments where id = $1', [id]);
  return appointment;
}

appointmentsRouter.get('/appointments/:id', async (req: Request, res: Response) => {
  const appointment = await loadAppointment(req.params.id);
  Sentry.setTag('appointment_id', appointment.id); // ok: no-phi-in-error-tracking
  Sentry.setContext('appointment', { reason: appointment.visitReason, status: appointment.status }); // expect: no-phi-in-error-tracking
  res.cookie('last_appointment', appointment.id, { httpOnly: true, secure: true, sameSite: 'lax' }); // ok: no-phi-in-client-storage
  res.json(appointment);
});

appointmentsRouter.post('/appointments/:id/reschedule', async (req: Request, res: Response) => {
  const appointment = await loadAppointment(req.params.id);
  const patient: Patient = await findPatient(appointment.patientId);
  try {
    const { data: slots } = await scheduling.get('/slots', { params: { providerId: appointment.providerId, after: req.body.after } }); // ok: no-phi-in-urls
    await scheduling.get('/patients/lookup', { params: { dob: patient.dateOfBirth, lastName: patient.lastName } }); // expect: no-phi-in-urls x2
    await scheduling.post('/reschedule', { appointmentId: appointment.id, slotId: slots[0].id, reason: appointment.visitReason }); // ok: no-phi-in-urls
    logger.info('rescheduled', { appointmentId: appointment.id }); // ok: no-phi-in-logs
    res.redirect(303, `/appointments/${appointment.id}?rescheduled=1`); // ok: no-phi-in-urls
  } catch (err) {
    Sentry.captureException(err, { user: { id: patient.id } }); // ok: no-phi-in-error-tracking
    Sentry.captureException(err, { user: { id: patient.id, email: patient.email } }); // expect: no-phi-in-error-tracking
    logger.error(`reschedule failed for ${patient.firstName} ${patient.lastName}`, { err }); // expect: no-phi-in-logs x2
    res.redirect(303, `/appointments/${appointment.id}/reschedule?error=unavailable&reason=${encodeURIComponent(appointment.visitReason)}`); // expect: no-phi-in-urls
  }
});

appointmentsRouter.post('/appointments/no-shows/export', async (_req: Request, res: Response) => {
  const noShows = await query<Appointment>("select * from appointments where status = 'no-show' and starts_at > now() - interval '30 days'");
  writeFileSync('/tmp/no-shows.json', JSON.stringify(noShows.map((a) => ({ id: a.id, clinicId: a.clinicId })))); // ok: no-unencrypted-phi-writes
  writeFileSync('/tmp/no-shows-detail.csv', noShows.map((a) => `${a.id},${a.patientId},${a.visitReason}`).join('\n')); // expect: no-unencrypted-phi-writes
  res.sendStatus(202);
});
