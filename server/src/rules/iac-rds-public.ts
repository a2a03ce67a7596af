import { createIacRule } from './iacRule';

/**
 * RDS instances: PubliclyAccessible / publicly_accessible must not be true.
 * Declarative checks, all of them: rules/iac/iac-rds-public.yaml.
 */
export const iacRdsPublic = createIacRule({
  id: 'iac-rds-public',
  description: 'RDS databases that may hold PHI must not be reachable from the internet.',
  references: ['HIPAA-164.312(a)(1)', 'HIPAA-164.312(e)(1)', 'CPRA-1798.150', 'CWE-284'],
  fixable: false,
  constructs: true,
});

export default iacRdsPublic;
