import { createIacRule } from './iacRule';

/**
 * Messages at rest in SQS, SNS and Kinesis: KmsMasterKeyId / kms_master_key_id, StreamEncryption / encryption_type.
 * Declarative checks, all of them: rules/iac/iac-queue-stream-encryption.yaml.
 */
export const iacQueueStreamEncryption = createIacRule({
  id: 'iac-queue-stream-encryption',
  description: 'SQS queues, SNS topics and Kinesis streams that may carry PHI must be encrypted with a KMS key.',
  references: ['HIPAA-164.312(a)(2)(iv)', 'CPRA-1798.150', 'CWE-311'],
  fixable: false,
});

export default iacQueueStreamEncryption;
