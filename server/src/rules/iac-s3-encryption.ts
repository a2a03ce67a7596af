import { getAll, getPath, getValue, itemsOf, type IacResource, type IacValue } from '../analysis/iac/model';
import { bucketOf, companions, companionType } from '../analysis/iac/s3';
import { checkConstructBucketEncryption } from './constructS3';
import { createIacRule, showValue, type IacRun } from './iacRule';

const RULE_ID = 'iac-s3-encryption';
const CHECK = 's3-default-encryption-kms';
const KMS_ALGORITHMS = ['aws:kms', 'aws:kms:dsse'];

/** Why S3-managed keys are not enough for PHI. */
const KEYS = 'with S3-managed keys no key policy limits who may decrypt, CloudTrail logs no use of the key, and access cannot be revoked by disabling it';
const WHY = `S3 then falls back to S3-managed keys (SSE-S3), and ${KEYS}`;

/**
 * S3 buckets must encrypt new objects with a KMS key by default. CloudFormation: the bucket's
 * BucketEncryption; Terraform: the bucket's aws_s3_bucket_server_side_encryption_configuration
 * (or the version 3 inline block).
 */
export const iacS3Encryption = createIacRule({
  id: RULE_ID,
  description: 'S3 buckets that may hold PHI must encrypt objects by default with a KMS key (SSE-KMS).',
  references: ['HIPAA-164.312(a)(2)(iv)', 'CPRA-1798.150', 'CPRA-1798.81.5', 'CWE-311', 'CWE-312'],
  fixable: true,
  code: [checkBuckets, checkConstructBucketEncryption],
  constructs: true,
});

function checkBuckets(run: IacRun): void {
  if (run.format === 'cloudformation') {
    for (const bucket of run.resources('AWS::S3::Bucket')) {
      const encryption = run.property(bucket, 'BucketEncryption');
      const state = run.resolve(encryption).state;
      if (state === 'unknown') continue;
      if (state === 'absent') {
        run.report(CHECK, bucket, `${run.label(bucket)} has no default encryption with a KMS key (\`BucketEncryption\` is not set). ${WHY}. Add \`BucketEncryption\` with \`SSEAlgorithm: aws:kms\`, and a customer-managed key in \`KMSMasterKeyID\`.`, {
          fixes: [
            run.fix(
              'Add `BucketEncryption` with `SSEAlgorithm: aws:kms`',
              [
                run.editor.setProperty(bucket, ['BucketEncryption'], {
                  ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' }, BucketKeyEnabled: true }],
                }),
              ],
              true,
            ),
          ],
        });
        continue;
      }
      const rules = itemsOf(getValue(encryption, 'ServerSideEncryptionConfiguration'));
      checkAlgorithms(run, bucket, bucket, rules.map((rule) => ({ rule, algorithm: getPath(rule, ['ServerSideEncryptionByDefault', 'SSEAlgorithm']) })), 'SSEAlgorithm');
    }
    return;
  }
  const document = run.document;
  for (const bucket of run.resources('aws_s3_bucket')) {
    const inline = getValue(bucket.properties, 'server_side_encryption_configuration');
    if (inline) {
      const rules = getAll(inline, 'rule');
      checkAlgorithms(run, bucket, bucket, rules.map((rule) => ({ rule, algorithm: getPath(rule, ['apply_server_side_encryption_by_default', 'sse_algorithm']) })), 'sse_algorithm');
      continue;
    }
    if (companions(document, bucket, 'encryption').length > 0) continue;
    const label = bucket.name.split('.')[1];
    run.report(
      CHECK,
      bucket,
      `${run.label(bucket)} has no default encryption with a KMS key: no \`aws_s3_bucket_server_side_encryption_configuration\` names it. ${WHY}. Add one with \`sse_algorithm = "aws:kms"\` and a customer-managed \`kms_master_key_id\`.`,
      {
        fixes: [
          run.fix(
            `Add \`aws_s3_bucket_server_side_encryption_configuration.${label}\` with \`sse_algorithm = "aws:kms"\``,
            [
              run.editor.addResourceAfter(bucket, `${companionType('encryption')}.${label}`, companionType('encryption'), {
                bucket: { $ref: bucket.name, attribute: 'id' },
                rule: { apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms' }, bucket_key_enabled: true },
              }),
            ],
            true,
          ),
        ],
      },
    );
  }
  for (const configuration of run.resources(companionType('encryption'))) {
    const bucket = bucketOf(document, configuration);
    const rules = getAll(configuration.properties, 'rule');
    checkAlgorithms(run, configuration, bucket ?? configuration, rules.map((rule) => ({ rule, algorithm: getPath(rule, ['apply_server_side_encryption_by_default', 'sse_algorithm']) })), 'sse_algorithm');
  }
}

/** Each encryption rule must name a KMS algorithm. */
function checkAlgorithms(run: IacRun, resource: IacResource, store: IacResource, rules: { rule: IacValue; algorithm: IacValue | undefined }[], property: string): void {
  const what = store === resource ? run.label(resource) : `${run.label(store)}, through \`${resource.name}\`,`;
  if (rules.length === 0) {
    run.report(CHECK, resource, `${what} declares encryption without a rule that sets \`${property}\`. ${WHY}. Set \`${property}\` to \`aws:kms\`.`, { store });
    return;
  }
  for (const { rule, algorithm } of rules) {
    const resolved = run.resolve(algorithm);
    if (resolved.state === 'unknown') continue;
    if (resolved.state === 'absent') {
      run.report(CHECK, resource, `${what} has an encryption rule without \`${property}\`. ${WHY}. Set \`${property}\` to \`aws:kms\`.`, { at: rule.span.start === rule.span.end ? undefined : { start: rule.span.start, end: rule.span.start }, store });
      continue;
    }
    const value = resolved.value;
    if (value.kind === 'string' && KMS_ALGORITHMS.includes(value.value.toLowerCase())) continue;
    const through = resolved.via ? ` (${resolved.via})` : '';
    const fix =
      !resolved.via && algorithm
        ? run.fix(`Set \`${property}\` to \`aws:kms\` (readers then need kms:Decrypt on the key)`, [run.editor.replaceValue(algorithm, 'aws:kms')], false)
        : run.defaultFix(algorithm, 'aws:kms', '`aws:kms`');
    run.report(CHECK, resource, `${what} encrypts new objects with ${showValue(value)}${through}, S3-managed keys, not a KMS key: ${KEYS}. Set \`${property}\` to \`aws:kms\`.`, {
      at: algorithm!.span,
      fixes: [fix],
      store,
    });
  }
}

export default iacS3Encryption;
