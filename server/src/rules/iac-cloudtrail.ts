import { createIacRule } from './iacRule';

/**
 * The audit trail of the account: IsMultiRegionTrail, EnableLogFileValidation, KMSKeyId (and their Terraform names).
 * Declarative checks, all of them: rules/iac/iac-cloudtrail.yaml.
 */
export const iacCloudtrail = createIacRule({
  id: 'iac-cloudtrail',
  description: 'CloudTrail trails must record every region, validate their log files and encrypt them with a KMS key.',
  references: ['HIPAA-164.312(b)', 'HIPAA-164.312(c)(1)', 'HIPAA-164.316(b)(2)', 'CPRA-1798.150', 'CWE-778'],
  fixable: true,
});

export default iacCloudtrail;
