import iacS3Encryption from './iac-s3-encryption';
import iacS3LoggingTlsVersioning from './iac-s3-logging-tls-versioning';
import iacS3PublicAccess from './iac-s3-public-access';
import type { Rule } from './rule';

/**
 * The infrastructure-as-code rules (CloudFormation/SAM in YAML and JSON, Terraform), one file
 * each, id = file name; their declarative checks are data under rules/iac/<rule-id>.yaml.
 * Spread into the registry in index.ts.
 */
export const IAC_RULES: readonly Rule[] = [iacS3Encryption, iacS3PublicAccess, iacS3LoggingTlsVersioning];
