import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bookSlot, findSlots } from '../services/booking';
import type { BookingRequest } from '../types';

export async function bookingRoutes(fastify: FastifyInstance) {
  fastify.get('/slots', async (req: FastifyRequest<{ Querystring: { providerId: string; from: string } }>) => {
    req.log.info({ providerId: req.query.providerId, from: req.query.from }, 'slot search'); // ok: no-phi-in-logs
    return findSlots(req.query.providerId, req.query.from);
  });

  fastify.post('/bookings', async (req: FastifyRequest<{ Body: BookingRequest }>, reply: FastifyReply) => {
    req.log.info({ slotId: req.body.slotId }, 'booking requested'); // ok: no-phi-in-logs
    req.log.debug({ booking: req.body }, 'booking payload'); // expect: no-phi-in-logs
    const booking = await bookSlot(req.body);
    reply.setCookie('last_booking', booking.id, { path: '/', httpOnly: true, secure: true, sameSite: 'strict' }); // ok: no-phi-in-client-storage
    reply.setCookie('patient_phone', req.body.patient.phone, { path: '/' }); // expect: no-phi-in-client-storage x2
    reply.header('X-Booking-Id', booking.id); // ok: no-phi-in-urls
    reply.header('X-Patient-Dob', req.body.patient.dob); // expect: no-phi-in-urls
    return reply.code(201).send({ id: booking.id, startsAt: booking.startsAt });
  });

  fastify.get('/bookings/confirm', async (req: FastifyRequest<{ Querystring: { bookingId: string } }>, reply: FastifyReply) => {
    fastify.log.info(`confirming booking ${req.query.bookingId}`); // ok: no-phi-in-logs
    return reply.redirect(`https://portal.acmehealth.example/bookings/${req.query.bookingId}`); // ok: no-phi-in-urls
  });

  fastify.get('/bookings/lookup', async (req: FastifyRequest<{ Querystring: { lastName: string; dob: string } }>, reply: FastifyReply) => {
    fastify.log.warn(`lookup by name ${req.query.lastName}`); // expect: no-phi-in-logs
    return reply.redirect(`/v1/bookings/search?lastName=${req.query.lastName}&dob=${req.query.dob}`); // expect: no-phi-in-urls x2
  });
}
