import { asString, attachedTo, getValue, resolvedValue, type IacDocument, type IacFormat, type IacResource } from './model';
import { policyStatements, type PolicyStatement } from './policy';

/**
 * S3 joins. A CloudFormation bucket is configured mostly in its own Properties, its policy in an
 * `AWS::S3::BucketPolicy`. Since version 4 of the Terraform AWS provider a bucket's settings are
 * separate resources (`aws_s3_bucket_server_side_encryption_configuration`,
 * `_public_access_block`, `_logging`, `_versioning`, `_acl`, `_policy`) that name the bucket in
 * `bucket`, by reference (`aws_s3_bucket.b.id`) or by its literal name; version 3's inline blocks
 * are still read.
 */

/** Per format; the formats without S3 buckets (ARM, Bicep) have none. */
export const BUCKET_TYPES: Partial<Record<IacFormat, string>> = { cloudformation: 'AWS::S3::Bucket', terraform: 'aws_s3_bucket' };

export type Companion = 'encryption' | 'publicAccessBlock' | 'logging' | 'versioning' | 'acl' | 'policy';

const TERRAFORM_COMPANIONS: Record<Companion, string> = {
  encryption: 'aws_s3_bucket_server_side_encryption_configuration',
  publicAccessBlock: 'aws_s3_bucket_public_access_block',
  logging: 'aws_s3_bucket_logging',
  versioning: 'aws_s3_bucket_versioning',
  acl: 'aws_s3_bucket_acl',
  policy: 'aws_s3_bucket_policy',
};

export function companionType(companion: Companion): string {
  return TERRAFORM_COMPANIONS[companion];
}

/** The bucket's own name (BucketName, bucket), when written literally. */
export function bucketName(document: IacDocument, bucket: IacResource): string | undefined {
  return asString(resolvedValue(document, getValue(bucket.properties, document.format === 'terraform' ? 'bucket' : 'BucketName')));
}

/** Terraform resources that configure this bucket. */
export function companions(document: IacDocument, bucket: IacResource, companion: Companion): IacResource[] {
  return attachedTo(document, bucket, [TERRAFORM_COMPANIONS[companion]], 'bucket', (resource) => bucketName(document, resource));
}

/** The bucket a Terraform companion (or CloudFormation bucket policy) configures, if in scope. */
export function bucketOf(document: IacDocument, companion: IacResource): IacResource | undefined {
  const property = document.format === 'terraform' ? 'bucket' : 'Bucket';
  const type = BUCKET_TYPES[document.format];
  return document.scope.find((candidate) => candidate.type === type && attachedTo(document, candidate, [companion.type], property, (resource) => bucketName(document, resource)).includes(companion));
}

/** The policies that apply to a bucket, with their statements (undefined: not readable). */
export function bucketPolicies(document: IacDocument, bucket: IacResource): { resource: IacResource; statements?: PolicyStatement[] }[] {
  if (document.format === 'cloudformation') {
    return attachedTo(document, bucket, ['AWS::S3::BucketPolicy'], 'Bucket', (resource) => bucketName(document, resource)).map((resource) => ({
      resource,
      statements: policyStatements(document, getValue(resource.properties, 'PolicyDocument'), resource.file),
    }));
  }
  const out = companions(document, bucket, 'policy').map((resource) => ({ resource, statements: policyStatements(document, getValue(resource.properties, 'policy'), resource.file) }));
  const inline = getValue(bucket.properties, 'policy');
  if (inline) out.push({ resource: bucket, statements: policyStatements(document, inline, bucket.file) });
  return out;
}

/** Buckets that receive other buckets' access logs: they need no access logging of their own. */
export function logTargets(document: IacDocument): Set<IacResource> {
  const targets = new Set<IacResource>();
  const add = (value: Parameters<typeof resolvedValue>[1]) => {
    if (!value) return;
    const literal = asString(resolvedValue(document, value));
    const target = refTarget(value);
    const referenced = document.scope.find((candidate) => {
      if (candidate.type !== BUCKET_TYPES[document.format]) return false;
      if (target !== undefined && target === candidate.name) return true;
      const name = bucketName(document, candidate);
      return literal !== undefined && name !== undefined && literal === name;
    });
    if (referenced) targets.add(referenced);
  };
  for (const resource of document.scope) {
    if (document.format === 'cloudformation' && resource.type === 'AWS::S3::Bucket') add(getValue(getValue(resource.properties, 'LoggingConfiguration'), 'DestinationBucketName'));
    if (document.format === 'terraform' && resource.type === 'aws_s3_bucket_logging') add(getValue(resource.properties, 'target_bucket'));
    if (document.format === 'terraform' && resource.type === 'aws_s3_bucket') add(getValue(getValue(resource.properties, 'logging'), 'target_bucket'));
    // A bucket whose ACL lets S3 log delivery write to it is a log bucket.
    const acl = asString(resolvedValue(document, getValue(resource.properties, document.format === 'terraform' ? 'acl' : 'AccessControl')));
    if (acl && /^log-?delivery-?write$/i.test(acl)) {
      if (resource.type === BUCKET_TYPES[document.format]) targets.add(resource);
      else if (resource.type === 'aws_s3_bucket_acl') {
        const bucket = bucketOf(document, resource);
        if (bucket) targets.add(bucket);
      }
    }
  }
  return targets;
}

function refTarget(value: NonNullable<Parameters<typeof resolvedValue>[1]>): string | undefined {
  if (value.kind === 'ref') return value.target;
  if (value.kind === 'unknown' && value.refs.length === 1) return value.refs[0].target;
  return undefined;
}
