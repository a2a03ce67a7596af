import crypto from 'crypto';
import { Router } from 'express';
import jwt from 'jsonwebtoken';
import { config } from '../config';
import { query } from '../lib/db';
import { logger } from '../lib/logger';
import type { PortalUser } from '../types';

export const authRouter = Router();

const JWT_ISSUER = 'https://portal.acmehealth.example';

authRouter.post('/login', async (req, res) => {
  const { email, password } = req.body;
  const [user] = await query<PortalUser & { password_hash: string }>('select * from portal_users where email = $1', [email]);
  if (!user) {
    logger.warn(`login failed: unknown account ${email}`); // expect: no-phi-in-logs
    return res.status(401).json({ error: 'invalid_credentials' });
  }
  const ok = await verifyPassword(password, user.password_hash);
  if (!ok) {
    logger.warn('login failed: bad password', { userId: user.id }); // ok: no-phi-in-logs
    return res.status(401).json({ error: 'invalid_credentials' });
  }

  const sessionId = crypto.randomBytes(32).toString('hex'); // ok: no-weak-pseudonymization
  await query('insert into portal_sessions (id, user_id) values ($1, $2)', [sessionId, user.id]);
  res.cookie(config.session.cookieName, sessionId, { httpOnly: true, secure: true, sameSite: 'lax', maxAge: config.session.maxAgeMs }); // ok: no-phi-in-client-storage
  res.cookie('portal_email', user.email, { maxAge: 365 * 24 * 3600 * 1000 }); // expect: no-phi-in-client-storage x2
  res.cookie('portal_theme', req.body.theme === 'dark' ? 'dark' : 'light'); // ok: no-phi-in-client-storage

  // The mobile app still reads this header on login.
  res.setHeader('X-User-Email', user.email); // expect: no-phi-in-urls
  const token = jwt.sign({ sub: user.id, role: user.role }, 'acme-portal-jwt-signing-key-2023', { issuer: JWT_ISSUER, expiresIn: '15m' }); // expect: no-hardcoded-credentials
  res.json({ token });
});

authRouter.post('/password-reset', async (req, res) => {
  const email = String(req.body.email).trim().toLowerCase();
  // Deterministic reset id so a repeated request reuses the same row.
  const resetKey = crypto.createHash('sha256').update(email).digest('hex'); // expect: no-weak-pseudonymization
  await query('insert into password_resets (reset_key, requested_at) values ($1, now()) on conflict do nothing', [resetKey]);
  logger.info('password reset requested', { resetKey }); // ok: no-phi-in-logs
  res.sendStatus(202);
});

async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [salt, hash] = stored.split(':');
  const derived = await new Promise<Buffer>((resolve, reject) =>
    crypto.scrypt(password, salt, 64, (err, key) => (err ? reject(err) : resolve(key))),
  );
  return crypto.timingSafeEqual(derived, Buffer.from(hash, 'hex'));
}
