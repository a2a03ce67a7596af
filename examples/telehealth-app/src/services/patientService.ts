import { randomUUID } from 'node:crypto';
import { logger } from '../logger';
import { redact } from '../redact';
import type { NewPatient, Patient } from '../types';

const SSN_FORMAT = /^\d{3}-\d{2}-\d{4}$/;

export class PatientNotFoundError extends Error {
  constructor(readonly patientId: string) {
    super(`patient ${patientId} not found`);
  }
}

export class DuplicatePatientError extends Error {
  constructor(readonly existingPatientId: string) {
    super('a patient with this e-mail address is already registered');
  }
}

export interface PatientRepository {
  findById(id: string): Promise<Patient | undefined>;
  findBySsn(ssn: string): Promise<Patient | undefined>;
  findByEmail(email: string): Promise<Patient | undefined>;
  findByProvider(providerId: string): Promise<Patient[]>;
  insert(patient: Patient): Promise<void>;
  count(): Promise<number>;
}

export class PatientService {
  constructor(private readonly repo: PatientRepository) {}

  async getById(id: string): Promise<Patient> {
    const patient = await this.repo.findById(id);
    if (!patient) {
      throw new PatientNotFoundError(id);
    }
    return patient;
  }

  async findBySsn(ssn: string): Promise<Patient | undefined> {
    const isSsnValid = SSN_FORMAT.test(ssn);
    logger.debug('patient lookup by ssn', { isSsnValid });
    if (!isSsnValid) {
      return undefined;
    }
    try {
      return await this.repo.findBySsn(ssn);
    } catch (err) {
      logger.error('lookup failed for ssn ' + ssn);
      throw err;
    }
  }

  async listForProvider(providerId: string): Promise<Patient[]> {
    const patients = await this.repo.findByProvider(providerId);
    logger.debug(`loaded ${patients.length} patients for provider ${providerId}`);
    return patients;
  }

  async register(input: NewPatient): Promise<Patient> {
    const existing = await this.repo.findByEmail(input.email);
    if (existing) {
      logger.warn('duplicate registration attempt', {
        existingPatientId: existing.id,
        ssn: redact(input.ssn),
      });
      throw new DuplicatePatientError(existing.id);
    }

    const patient: Patient = { id: randomUUID(), ...input };
    await this.repo.insert(patient);

    const patientCount = await this.repo.count();
    logger.info('patient registered', { patientId: patient.id, patientCount });
    return patient;
  }
}
