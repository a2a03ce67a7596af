import { Pool } from 'pg';
import { config } from '../config';
import { logger } from './logger';

export const pool = new Pool(config.database);

pool.on('error', (err) => {
  logger.error('Unexpected Postgres pool error', { code: (err as any).code, message: err.message });
});

export async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  const started = Date.now();
  const result = await pool.query(sql, params);
  logger.debug('db query', { sql, rows: result.rowCount, ms: Date.now() - started }); // ok: no-phi-in-logs
  return result.rows as T[];
}
