'use server';

import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { db } from '../../lib/db';

export async function startBooking(formData: FormData) {
  const email = String(formData.get('email') ?? '');
  const birthDate = String(formData.get('birthDate') ?? '');
  const reasonForVisit = String(formData.get('reason') ?? '');
  const patient = await db.patient.findFirst({ where: { email, birthDate } });

  const cookieStore = cookies();
  cookieStore.set('booking_step', '2', { httpOnly: true, secure: true, sameSite: 'lax' }); // ok: no-phi-in-client-storage
  cookieStore.set('booking_reason', reasonForVisit, { httpOnly: true, secure: true }); // expect: no-phi-in-client-storage
  cookies().set('booking_email', email, { httpOnly: true, secure: true, maxAge: 3600 }); // expect: no-phi-in-client-storage

  if (!patient) {
    redirect(`/register?email=${encodeURIComponent(email)}&dob=${birthDate}`); // expect: no-phi-in-urls x2
  }
  const draft = await db.bookingDraft.create({ data: { patientId: patient.id, reason: reasonForVisit } });
  redirect(`/book/${draft.id}/slots`); // ok: no-phi-in-urls
}
