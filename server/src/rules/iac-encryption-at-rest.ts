import { createIacRule } from './iacRule';

/**
 * The other data stores: EBS volumes, EFS file systems, ElastiCache replication groups (at rest and in transit), OpenSearch domains (at rest, node to node, HTTPS only, TLS 1.2), Redshift, DocumentDB and Neptune clusters.
 * Declarative checks, all of them: rules/iac/iac-encryption-at-rest.yaml.
 */
export const iacEncryptionAtRest = createIacRule({
  id: 'iac-encryption-at-rest',
  description: 'EBS, EFS, ElastiCache, OpenSearch, Redshift, DocumentDB and Neptune stores that may hold PHI must be encrypted (and ElastiCache and OpenSearch in transit too).',
  references: ['HIPAA-164.312(a)(2)(iv)', 'HIPAA-164.312(e)(1)', 'CPRA-1798.150', 'CPRA-1798.81.5', 'CWE-311', 'CWE-319'],
  fixable: false,
});

export default iacEncryptionAtRest;
