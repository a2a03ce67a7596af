import type { EngineRule } from './rule';

/** Reported by the engine when a file cannot be parsed: one diagnostic, at the error. */
export const parseError: EngineRule = {
  meta: {
    id: 'parse-error',
    description: 'The file could not be parsed, so phi-lint could not check it.',
    defaultSeverity: 'error',
    category: 'parse',
    languages: ['*'],
    references: [],
    fixable: false,
  },
};
