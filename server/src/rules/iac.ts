import iacAzureCosmosKeyVault from './iac-azure-cosmos-key-vault';
import iacAzureSql from './iac-azure-sql';
import iacAzureStorage from './iac-azure-storage';
import iacCloudtrail from './iac-cloudtrail';
import iacDynamodb from './iac-dynamodb';
import iacEncryptionAtRest from './iac-encryption-at-rest';
import iacIamWildcards from './iac-iam-wildcards';
import iacKms from './iac-kms';
import iacLogGroup from './iac-log-group';
import iacOpenAdminPorts from './iac-open-admin-ports';
import iacQueueStreamEncryption from './iac-queue-stream-encryption';
import iacRdsEncryption from './iac-rds-encryption';
import iacRdsPublic from './iac-rds-public';
import iacS3Encryption from './iac-s3-encryption';
import iacS3LoggingTlsVersioning from './iac-s3-logging-tls-versioning';
import iacS3PublicAccess from './iac-s3-public-access';
import iacTemplateSecrets from './iac-template-secrets';
import iacTlsInTransit from './iac-tls-in-transit';
import iacVpcFlowLogs from './iac-vpc-flow-logs';
import type { Rule } from './rule';

/**
 * The infrastructure-as-code rules (CloudFormation/SAM in YAML and JSON, Terraform), one file
 * each, id = file name; their declarative checks are data under rules/iac/<rule-id>.yaml.
 * Spread into the registry in index.ts.
 */
export const IAC_RULES: readonly Rule[] = [
  iacS3Encryption,
  iacS3PublicAccess,
  iacS3LoggingTlsVersioning,
  iacRdsEncryption,
  iacRdsPublic,
  iacDynamodb,
  iacEncryptionAtRest,
  iacQueueStreamEncryption,
  iacLogGroup,
  iacCloudtrail,
  iacVpcFlowLogs,
  iacTlsInTransit,
  iacOpenAdminPorts,
  iacKms,
  iacIamWildcards,
  iacTemplateSecrets,
  iacAzureStorage,
  iacAzureSql,
  iacAzureCosmosKeyVault,
];
