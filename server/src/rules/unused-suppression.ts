import type { EngineRule } from './rule';

/** A phi-lint-disable comment that suppressed nothing, or names a rule that does not exist. */
export const unusedSuppression: EngineRule = {
  meta: {
    id: 'unused-suppression',
    description: 'A phi-lint suppression comment that suppresses nothing should be removed.',
    defaultSeverity: 'warning',
    category: 'meta',
    languages: ['*'],
    references: [],
    fixable: false,
  },
};
