/**
 * Small TypeScript sources the LSP tests open or write into a workspace, shared so the protocol
 * and editor-feature suites lint the same leak.
 */

/** A file logging an SSN: the canonical leak (one no-phi-in-logs finding with a safe fix). */
export const LEAK = [
  "import { logger } from './logger';",
  '',
  'export function admit(patient: { id: string; ssn: string }) {',
  '  logger.info(`admitted ${patient.ssn}`);',
  '}',
  '',
].join('\n');

/** The `./logger` module LEAK imports. */
export const LOGGER = 'export const logger = { info: (...args: unknown[]) => args, warn: (...args: unknown[]) => args };\n';

/** A redaction module, for configs that name `redaction.module: ./redact`. */
export const REDACT = "export function redact(value: unknown): string {\n  return value === undefined ? '' : '[redacted]';\n}\n";
