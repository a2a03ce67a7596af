import { Router } from 'express';
import pino from 'pino';
import type { PatientService } from '../services/patientService';
import type { Appointment, AppointmentStatus } from '../types';

const log = pino({ name: 'appointments', level: process.env.LOG_LEVEL ?? 'info' });

const PEDIATRIC_AGE_LIMIT = 18;
/** Conditions that need an in-person visit: acute myocardial infarction, unspecified chest pain. */
const IN_PERSON_ONLY_DIAGNOSES = new Set(['I21.9', 'R07.9']);
const STATUSES: readonly AppointmentStatus[] = ['scheduled', 'checked-in', 'completed', 'cancelled', 'no-show'];

export interface AppointmentRepository {
  create(appointment: Omit<Appointment, 'id'>): Promise<Appointment>;
  updateStatus(id: string, status: AppointmentStatus): Promise<Appointment | undefined>;
}

interface BookingRequest {
  patientId: string;
  providerId: string;
  startsAt: string;
  pediatric: boolean;
}

function ageInYears(isoDate: string, now = new Date()): number {
  const born = new Date(isoDate);
  const hadBirthday =
    now.getUTCMonth() > born.getUTCMonth() ||
    (now.getUTCMonth() === born.getUTCMonth() && now.getUTCDate() >= born.getUTCDate());
  return now.getUTCFullYear() - born.getUTCFullYear() - (hadBirthday ? 0 : 1);
}

export function appointmentsRouter(patients: PatientService, appointments: AppointmentRepository): Router {
  const router = Router();

  router.post('/appointments', async (req, res, next) => {
    try {
      const { patientId, providerId, startsAt, pediatric } = req.body as BookingRequest;
      const patient = await patients.getById(patientId);

      const { dateOfBirth } = patient;
      log.info({ patientId, dateOfBirth }, 'checking pediatric eligibility');
      if (pediatric && ageInYears(dateOfBirth) >= PEDIATRIC_AGE_LIMIT) {
        res.status(422).json({ error: 'provider only sees patients under 18' });
        return;
      }

      if (IN_PERSON_ONLY_DIAGNOSES.has(patient.diagnosis)) {
        console.error(`Diagnosis for ${patient.id}: ${patient.diagnosis}`);
        res.status(422).json({ error: 'this visit must be booked in person' });
        return;
      }

      const appointment = await appointments.create({ patientId, providerId, startsAt, status: 'scheduled' });
      log.info({ appointmentId: appointment.id }, 'appointment booked');
      res.status(201).json(appointment);
    } catch (err) {
      next(err);
    }
  });

  router.patch('/appointments/:id/status', async (req, res, next) => {
    try {
      const status = req.body.status as AppointmentStatus;
      if (!STATUSES.includes(status)) {
        res.status(400).json({ error: `status must be one of ${STATUSES.join(', ')}` });
        return;
      }
      const appointment = await appointments.updateStatus(req.params.id, status);
      if (!appointment) {
        res.status(404).json({ error: 'appointment not found' });
        return;
      }
      log.info(`appointment ${appointment.id} is now ${appointment.status}`);
      res.json(appointment);
    } catch (err) {
      next(err);
    }
  });

  return router;
}
