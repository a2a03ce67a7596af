import cookie from '@fastify/cookie';
import Fastify from 'fastify';
import { bookingRoutes } from './routes/bookings';

export const app = Fastify({
  logger: {
    level: 'info',
    redact: ['req.headers.authorization', 'req.headers.cookie'],
  },
  trustProxy: true,
});

app.register(cookie, { secret: process.env.COOKIE_SECRET }); // ok: no-hardcoded-credentials
app.register(bookingRoutes, { prefix: '/v1' });

app.listen({ port: Number(process.env.PORT ?? 8080), host: '0.0.0.0' }).then((address) => {
  app.log.info(`scheduling API listening at ${address}`); // ok: no-phi-in-logs
});
