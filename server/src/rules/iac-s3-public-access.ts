import { entryOf, getValue, type IacFormat, type IacResource } from '../analysis/iac/model';
import { bucketOf, bucketPolicies, companions, companionType } from '../analysis/iac/s3';
import type { Fix } from '../core/types';
import { checkConstructBucketPublicAccess } from './constructS3';
import { createIacRule, showValue, type IacRun } from './iacRule';
import { reportFlagsTurnedOff, unsetFlagsMessage, WHY_BLOCK } from './s3BlockPublicAccess';

const RULE_ID = 'iac-s3-public-access';

const FLAGS: Partial<Record<IacFormat, string[]>> = {
  cloudformation: ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'],
  terraform: ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'],
};

const PUBLIC_ACLS = {
  cloudformation: ['PublicRead', 'PublicReadWrite', 'AuthenticatedRead'],
  terraform: ['public-read', 'public-read-write', 'authenticated-read'],
};

/**
 * S3 buckets must not be public: Block Public Access declared with its four flags on, no public
 * canned ACL, no bucket policy statement that allows anyone without a condition.
 */
export const iacS3PublicAccess = createIacRule({
  id: RULE_ID,
  description: 'S3 buckets that may hold PHI must block public access: all four Block Public Access flags, no public ACL, no policy open to everyone.',
  references: ['HIPAA-164.312(a)(1)', 'HIPAA-164.502(b)', 'CPRA-1798.150', 'CPRA-1798.81.5', 'CWE-359', 'CWE-732'],
  fixable: true,
  code: [checkBlockPublicAccess, checkAcls, checkPolicies, checkConstructBucketPublicAccess],
  constructs: true,
});

function allFlagsTrue(run: IacRun): Record<string, boolean> {
  return Object.fromEntries((FLAGS[run.format] ?? []).map((flag) => [flag, true]));
}

/** The four flags of a PublicAccessBlockConfiguration / aws_s3_bucket_public_access_block. */
function checkFlags(run: IacRun, resource: IacResource, store: IacResource, path: string[], where: string): void {
  const container = path.length > 0 ? run.property(resource, path.join('.')) : resource.properties;
  // CloudFormation and Terraform convert the string "true".
  const missing = reportFlagsTurnedOff(run, resource, store, container, FLAGS[run.format] ?? [], (value) => (value.kind === 'boolean' ? value.value : /^true$/i.test(String((value as { value?: unknown }).value))));
  if (missing.length === 0) return;
  const entry = path.length > 0 ? entryOf(resource.properties, path[0]) : undefined;
  run.report(
    's3-block-public-access',
    resource,
    unsetFlagsMessage(run, store, missing, where),
    {
      at: entry?.keySpan,
      store,
      fixes: [run.fix(`Set ${missing.map((flag) => `\`${flag}\``).join(', ')} to \`true\``, missing.map((flag) => run.editor.setProperty(resource, [...path, flag], true)), true)],
    },
  );
}

function checkBlockPublicAccess(run: IacRun): void {
  // Programs (CDK, Pulumi): checkConstructBucketPublicAccess.
  if (run.format !== 'cloudformation' && run.format !== 'terraform') return;
  if (run.format === 'cloudformation') {
    for (const bucket of run.resources('AWS::S3::Bucket')) {
      const state = run.resolve(run.property(bucket, 'PublicAccessBlockConfiguration')).state;
      if (state === 'unknown') continue;
      if (state === 'absent') {
        run.report(
          's3-block-public-access',
          bucket,
          `${run.label(bucket)} does not declare \`PublicAccessBlockConfiguration\`: S3 blocks public access of new buckets by default, but a template that does not say so lets a console change or an account setting open the bucket unnoticed, and ${WHY_BLOCK}. Declare all four flags \`true\`.`,
          { fixes: [run.fix('Add `PublicAccessBlockConfiguration` with all four flags `true`', [run.editor.setProperty(bucket, ['PublicAccessBlockConfiguration'], allFlagsTrue(run))], true)] },
        );
        continue;
      }
      checkFlags(run, bucket, bucket, ['PublicAccessBlockConfiguration'], '');
    }
    return;
  }
  const document = run.document;
  for (const bucket of run.resources('aws_s3_bucket')) {
    if (companions(document, bucket, 'publicAccessBlock').length > 0) continue;
    const label = bucket.name.split('.')[1];
    run.report(
      's3-block-public-access',
      bucket,
      `${run.label(bucket)} has no \`aws_s3_bucket_public_access_block\`: S3 blocks public access of new buckets by default, but a configuration that does not say so lets a console change or an account setting open the bucket unnoticed, and ${WHY_BLOCK}. Add one with all four flags \`true\`.`,
      {
        fixes: [
          run.fix(
            `Add \`aws_s3_bucket_public_access_block.${label}\` with all four flags \`true\``,
            [run.editor.addResourceAfter(bucket, `${companionType('publicAccessBlock')}.${label}`, companionType('publicAccessBlock'), { bucket: { $ref: bucket.name, attribute: 'id' }, ...allFlagsTrue(run) })],
            true,
          ),
        ],
      },
    );
  }
  for (const block of run.resources(companionType('publicAccessBlock'))) {
    checkFlags(run, block, bucketOf(document, block) ?? block, [], ` in \`${block.name}\``);
  }
}

function checkAcls(run: IacRun): void {
  // Programs (CDK, Pulumi): checkConstructBucketPublicAccess.
  if (run.format !== 'cloudformation' && run.format !== 'terraform') return;
  const publicAcls = PUBLIC_ACLS[run.format].map((acl) => acl.toLowerCase());
  const targets: { resource: IacResource; store: IacResource; property: string }[] =
    run.format === 'cloudformation'
      ? run.resources('AWS::S3::Bucket').map((bucket) => ({ resource: bucket, store: bucket, property: 'AccessControl' }))
      : [
          ...run.resources('aws_s3_bucket').map((bucket) => ({ resource: bucket, store: bucket, property: 'acl' })),
          ...run.resources(companionType('acl')).map((acl) => ({ resource: acl, store: bucketOf(run.document, acl) ?? acl, property: 'acl' })),
        ];
  for (const { resource, store, property } of targets) {
    const value = run.property(resource, property);
    const resolved = run.resolve(value);
    if (resolved.state !== 'value' || resolved.value.kind !== 'string' || !publicAcls.includes(resolved.value.value.toLowerCase())) continue;
    const privateAcl = run.format === 'cloudformation' ? 'Private' : 'private';
    const fixes: (Fix | undefined)[] = resolved.via ? [] : [run.fix(`Set \`${property}\` to \`${privateAcl}\` (anyone relying on public reads loses them)`, [run.editor.replaceValue(value!, privateAcl)], false)];
    const who = /authenticated/i.test(resolved.value.value) ? 'every AWS account in the world' : 'anyone on the internet';
    run.report('s3-no-public-acl', resource, `${run.label(store)} grants ${who} access through the canned ACL ${showValue(resolved.value)}${resolved.via ? ` (${resolved.via})` : ''}: every object in it can be listed or read without credentials. Use \`${privateAcl}\`, and share objects through presigned URLs or CloudFront with origin access control.`, {
      at: value!.span,
      store,
      fixes,
    });
  }
}

function checkPolicies(run: IacRun): void {
  // Programs (CDK, Pulumi): checkConstructBucketPublicAccess.
  if (run.format !== 'cloudformation' && run.format !== 'terraform') return;
  const document = run.document;
  const policies: { resource: IacResource; store: IacResource }[] = [];
  if (run.format === 'cloudformation') {
    for (const policy of run.resources('AWS::S3::BucketPolicy')) {
      const bucket = document.scope.find((candidate) => candidate.type === 'AWS::S3::Bucket' && bucketPolicies(document, candidate).some((entry) => entry.resource === policy));
      policies.push({ resource: policy, store: bucket ?? policy });
    }
  } else {
    for (const policy of run.resources(companionType('policy'))) policies.push({ resource: policy, store: bucketOf(document, policy) ?? policy });
    for (const bucket of run.resources('aws_s3_bucket')) if (getValue(bucket.properties, 'policy')) policies.push({ resource: bucket, store: bucket });
  }
  for (const { resource, store } of policies) {
    const entries = bucketPolicies(document, store).filter((entry) => entry.resource === resource);
    const statements = entries.length > 0 ? entries.flatMap((entry) => entry.statements ?? []) : [];
    for (const statement of statements) {
      if (statement.effect !== 'Allow' || !statement.principalIsAnyone || statement.conditions.length > 0 || statement.file !== run.document.file) continue;
      const actions = statement.actions && statement.actions.length > 0 ? ` ${statement.actions.map((action) => `\`${action}\``).join(', ')}` : '';
      run.report('s3-no-public-policy', resource, `${run.label(store)} has a policy statement that allows${actions} to Principal \`*\`, anyone, with no condition: whatever it allows, the internet can do. Name the principals that need access, or add a condition (aws:SourceVpce, aws:PrincipalOrgID).`, {
        at: statement.principalSpan ?? statement.span,
        store,
      });
    }
  }
}

export default iacS3PublicAccess;
