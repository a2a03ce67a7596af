import type { EngineRule } from './rule';

/** Reported when a rule fails on a file: the other rules and files still report. */
export const internalError: EngineRule = {
  meta: {
    id: 'internal-error',
    description: 'A phi-lint rule failed on this file; its findings for the file are missing.',
    defaultSeverity: 'error',
    category: 'parse',
    languages: ['*'],
    references: [],
    fixable: false,
  },
};
