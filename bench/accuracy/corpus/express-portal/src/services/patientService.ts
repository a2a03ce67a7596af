import { query } from '../lib/db';
import { logger, auditLogger } from '../lib/logger';
import type { Patient } from '../types';

export interface PatientSearch {
  lastName?: string;
  dateOfBirth?: string;
  mrn?: string;
  page?: number;
}

export class PatientNotFoundError extends Error {
  constructor(readonly patientId: string) {
    super(`Patient ${patientId} not found`);
  }
}

export async function findPatient(patientId: string): Promise<Patient> {
  const [patient] = await query<Patient>('select * from patients where id = $1', [patientId]);
  if (!patient) {
    logger.warn(`Patient lookup miss for id=${patientId}`); // ok: no-phi-in-logs
    throw new PatientNotFoundError(patientId);
  }
  return patient;
}

export async function searchPatients(search: PatientSearch): Promise<Patient[]> {
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (search.lastName) {
    params.push(search.lastName);
    conditions.push(`last_name ilike $${params.length}`);
  }
  if (search.dateOfBirth) {
    params.push(search.dateOfBirth);
    conditions.push(`date_of_birth = $${params.length}`);
  }
  if (search.mrn) {
    params.push(search.mrn);
    conditions.push(`mrn = $${params.length}`);
  }
  const where = conditions.length ? `where ${conditions.join(' and ')}` : '';
  const results = await query<Patient>(`select * from patients ${where} limit 50 offset ${((search.page ?? 1) - 1) * 50}`, params);
  logger.info('patient search', { filters: Object.keys(search), resultCount: results.length }); // ok: no-phi-in-logs
  logger.debug(`patient search for ${search.lastName} born ${search.dateOfBirth}`); // expect: no-phi-in-logs x2
  return results;
}

export async function createPatient(input: Omit<Patient, 'id' | 'createdAt' | 'updatedAt'>): Promise<Patient> {
  const [created] = await query<Patient>(
    `insert into patients (mrn, first_name, last_name, date_of_birth, email, phone)
     values ($1, $2, $3, $4, $5, $6) returning *`,
    [input.mrn, input.firstName, input.lastName, input.dateOfBirth, input.email, input.phone],
  );
  logger.info(`Registered new patient ${created.firstName} ${created.lastName}`); // expect: no-phi-in-logs x2
  auditLogger.info('patient.created', { patientId: created.id, actor: 'self-registration' }); // ok: no-phi-in-logs
  return created;
}

export async function updateContactInfo(patient: Patient, changes: { email?: string; phone?: string }): Promise<void> {
  await query('update patients set email = coalesce($2, email), phone = coalesce($3, phone) where id = $1', [patient.id, changes.email, changes.phone]);
  logger.info('contact info updated', {
    patientId: patient.id, // ok: no-phi-in-logs
    emailChanged: Boolean(changes.email), // ok: no-phi-in-logs
    newPhone: changes.phone, // expect: no-phi-in-logs
  });
}

export async function mergeDuplicates(survivor: Patient, duplicate: Patient): Promise<void> {
  await query('select merge_patients($1, $2)', [survivor.id, duplicate.id]);
  logger.warn('merged duplicate patient records', { survivor, duplicateId: duplicate.id }); // expect: no-phi-in-logs
}
