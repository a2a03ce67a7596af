import * as Sentry from '@sentry/nextjs';
import { NextRequest, NextResponse } from 'next/server';
import { db } from '../../../../lib/db';
import type { Patient } from '../../../../lib/types';

export async function GET(request: NextRequest, { params }: { params: { id: string } }) {
  const patient = await db.patient.findUnique({ where: { id: params.id } });
  if (!patient) {
    console.warn(`patient ${params.id} not found`); // ok: no-phi-in-logs
    return NextResponse.json({ error: 'not_found' }, { status: 404 });
  }
  console.info('patient fetched', { id: patient.id, by: request.headers.get('x-user-id') }); // ok: no-phi-in-logs
  const response = NextResponse.json(patient);
  response.headers.set('X-Patient-Name', patient.fullName); // expect: no-phi-in-urls
  response.headers.set('X-Record-Version', String(Date.now())); // ok: no-phi-in-urls
  return response;
}

export async function PUT(request: NextRequest, { params }: { params: { id: string } }) {
  const body = (await request.json()) as Partial<Patient>;
  try {
    const updated = await db.patient.update({ where: { id: params.id }, data: body });
    console.log('patient updated', updated); // expect: no-phi-in-logs
    return NextResponse.json({ id: updated.id });
  } catch (err) {
    Sentry.captureException(err, { contexts: { update: { fields: Object.keys(body) } } }); // ok: no-phi-in-error-tracking
    Sentry.captureMessage(`update failed for ${body.email}`); // expect: no-phi-in-error-tracking
    return NextResponse.json({ error: 'update_failed' }, { status: 500 });
  }
}
