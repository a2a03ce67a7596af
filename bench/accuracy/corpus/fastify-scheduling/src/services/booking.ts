import { createHash, randomUUID } from 'crypto';
import fse from 'fs-extra';
import type { BookingRequest, Slot } from '../types';

const HOLD_DIR = process.env.HOLD_DIR ?? '/var/lib/scheduling/holds';

export async function findSlots(providerId: string, from: string): Promise<Slot[]> {
  return [{ id: randomUUID(), providerId, startsAt: from, endsAt: from, modality: 'video' }];
}

/** Idempotency: the same person asking twice for the same slot gets the same booking. */
function bookingKey(request: BookingRequest): string {
  return createHash('sha256').update(`${request.slotId}:${request.patient.phone}`).digest('hex'); // expect: no-weak-pseudonymization
}

export async function bookSlot(request: BookingRequest): Promise<{ id: string; startsAt: string }> {
  const id = bookingKey(request);
  // Slot holds survive a restart; the booking service picks them up from disk.
  await fse.outputJson(`${HOLD_DIR}/${id}.json`, request); // expect: no-unencrypted-phi-writes
  await fse.outputJson(`${HOLD_DIR}/${id}.meta.json`, { slotId: request.slotId, heldAt: Date.now() }); // ok: no-unencrypted-phi-writes
  return { id, startsAt: new Date().toISOString() };
}
