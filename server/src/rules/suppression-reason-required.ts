import type { EngineRule } from './rule';

/** A phi-lint-disable comment without `-- reason`: an exception nobody explained. */
export const suppressionReasonRequired: EngineRule = {
  meta: {
    id: 'suppression-reason-required',
    description: 'A phi-lint suppression comment must state its reason after `--`.',
    defaultSeverity: 'warning',
    category: 'meta',
    languages: ['*'],
    references: ['HIPAA-164.312(b)'].map((id) => ({ id, title: id })),
    fixable: false,
  },
};
