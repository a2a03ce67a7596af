import * as Sentry from '@sentry/node';
import express from 'express';
import helmet from 'helmet';
import { config } from './config';
import { logger } from './lib/logger';
import { attachUser, errorHandler } from './middleware/errorHandler';
import { authRouter } from './routes/auth';
import { patientsRouter } from './routes/patients';

Sentry.init({
  dsn: process.env.SENTRY_DSN,
  environment: process.env.NODE_ENV,
  sendDefaultPii: false,
  tracesSampleRate: 0.1,
});

const app = express();
app.use(helmet());
app.use(express.json({ limit: '1mb' }));
app.use(attachUser);
app.use('/auth', authRouter);
app.use(patientsRouter);
app.use(errorHandler);

app.listen(config.port, () => {
  logger.info(`patient portal API listening on ${config.port}`); // ok: no-phi-in-logs
});
