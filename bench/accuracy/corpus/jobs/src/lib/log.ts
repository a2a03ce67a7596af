import bunyan from 'bunyan';
import log4js from 'log4js';
import pino from 'pino';

export const log = bunyan.createLogger({ name: 'nightly-jobs', level: 'info' });

log4js.configure({ appenders: { out: { type: 'stdout' } }, categories: { default: { appenders: ['out'], level: 'info' } } });
export const labLog = log4js.getLogger('lab-interface');

export const etlLog = pino({ level: process.env.LOG_LEVEL ?? 'info', redact: ['patient.ssn', 'patient.dob'] });
