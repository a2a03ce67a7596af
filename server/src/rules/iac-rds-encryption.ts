import { createIacRule } from './iacRule';

/**
 * RDS instances and clusters: StorageEncrypted / storage_encrypted, and a customer-managed KmsKeyId / kms_key_id.
 * Declarative checks, all of them: rules/iac/iac-rds-encryption.yaml.
 */
export const iacRdsEncryption = createIacRule({
  id: 'iac-rds-encryption',
  description: 'RDS and Aurora databases that may hold PHI must be encrypted at rest, with a customer-managed KMS key.',
  references: ['HIPAA-164.312(a)(2)(iv)', 'CPRA-1798.150', 'CPRA-1798.81.5', 'CWE-311', 'CWE-312'],
  fixable: false,
  constructs: true,
});

export default iacRdsEncryption;
