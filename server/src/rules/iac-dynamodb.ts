import { createIacRule } from './iacRule';

/**
 * DynamoDB tables: SSESpecification / server_side_encryption with KMS and a customer-managed key, and point-in-time recovery.
 * Declarative checks, all of them: rules/iac/iac-dynamodb.yaml.
 */
export const iacDynamodb = createIacRule({
  id: 'iac-dynamodb',
  description: 'DynamoDB tables that may hold PHI must be encrypted with a KMS key (customer-managed) and have point-in-time recovery.',
  references: ['HIPAA-164.312(a)(2)(iv)', 'HIPAA-164.312(c)(1)', 'CPRA-1798.150', 'CWE-311'],
  fixable: true,
  constructs: true,
});

export default iacDynamodb;
