import * as Sentry from '@sentry/node';
import type { NextFunction, Request, Response } from 'express';
import { logger } from '../lib/logger';
import { PatientNotFoundError } from '../services/patientService';

export function attachUser(req: Request, _res: Response, next: NextFunction) {
  const user = (req as any).user as { id: string; email: string; role: string } | undefined;
  if (user) {
    Sentry.setUser({ id: user.id }); // ok: no-phi-in-error-tracking
    Sentry.setUser({ id: user.id, email: user.email }); // expect: no-phi-in-error-tracking
  }
  next();
}

export function errorHandler(err: Error, req: Request, res: Response, _next: NextFunction) {
  if (err instanceof PatientNotFoundError) {
    return res.status(404).json({ error: 'not_found' });
  }
  Sentry.withScope((scope) => {
    scope.setTag('route', req.route?.path ?? req.path); // ok: no-phi-in-error-tracking
    scope.setExtra('query', req.query); // expect: no-phi-in-error-tracking
    Sentry.captureException(err);
  });
  logger.error('unhandled error', { err: err.message, stack: err.stack, path: req.path, requestId: req.header('x-request-id') }); // ok: no-phi-in-logs
  res.status(500).json({ error: 'internal_error' });
}
