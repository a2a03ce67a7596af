import { getPath, getValue, type IacResource } from '../analysis/iac/model';
import { deniesInsecureTransport } from '../analysis/iac/policy';
import { bucketOf, bucketPolicies, companions, companionType, logTargets } from '../analysis/iac/s3';
import type { TextEdit } from '../core/types';
import type { FixValue } from '../fixes/iacEdits';
import { checkConstructBucketLogging, checkConstructBucketTls, checkConstructBucketVersioning } from './constructS3';
import { createIacRule, showValue, type IacRun } from './iacRule';

const RULE_ID = 'iac-s3-logging-tls-versioning';

/**
 * What a bucket holding PHI needs beyond encryption and privacy: server access logs (who read
 * what), a policy that refuses plaintext HTTP, and versioning (an overwrite or delete can be
 * undone, and is recorded).
 */
export const iacS3LoggingTlsVersioning = createIacRule({
  id: RULE_ID,
  description: 'S3 buckets that may hold PHI must log access, refuse requests without TLS, and keep object versions.',
  references: ['HIPAA-164.312(b)', 'HIPAA-164.312(c)(1)', 'HIPAA-164.312(e)(1)', 'CPRA-1798.150', 'CWE-319', 'CWE-778'],
  fixable: false,
  defaultSeverity: 'info',
  code: [checkLogging, checkTlsOnly, checkVersioning, checkConstructBucketLogging, checkConstructBucketTls, checkConstructBucketVersioning],
  constructs: true,
});

/** The one bucket that receives access logs, if the template has exactly one; else a parameter. */
function logBucket(run: IacRun, bucket: IacResource): { value: FixValue; edits: (TextEdit | undefined)[]; what: string } {
  const targets = [...logTargets(run.document)].filter((target) => target !== bucket);
  const terraform = run.format === 'terraform';
  if (targets.length === 1) return { value: { $ref: targets[0].name, attribute: terraform ? 'id' : undefined }, edits: [], what: `\`${targets[0].name}\`` };
  const name = terraform ? 'access_log_bucket' : 'AccessLogBucketName';
  return {
    value: { $ref: terraform ? `var.${name}` : name },
    edits: [run.editor.addParameter(name, { type: terraform ? 'string' : 'String', description: 'Bucket that receives S3 server access logs' })],
    what: terraform ? `a new variable \`${name}\`` : `a new parameter \`${name}\``,
  };
}

function checkLogging(run: IacRun): void {
  const targets = logTargets(run.document);
  const why = 'without server access logs nobody can tell who read or deleted which object, which an audit of access to PHI, and a breach investigation, both need';
  if (run.format === 'cloudformation') {
    for (const bucket of run.resources('AWS::S3::Bucket')) {
      if (targets.has(bucket) || run.resolve(run.property(bucket, 'LoggingConfiguration')).state !== 'absent') continue;
      const destination = logBucket(run, bucket);
      run.report('s3-access-logging', bucket, `${run.label(bucket)} has no \`LoggingConfiguration\`: ${why}. Send its access logs to a log bucket.`, {
        fixes: [
          run.fix(
            `Log access to ${destination.what}`,
            [run.editor.setProperty(bucket, ['LoggingConfiguration'], { DestinationBucketName: destination.value, LogFilePrefix: `${bucket.name}/` }), ...destination.edits],
            false,
          ),
        ],
      });
    }
    return;
  }
  for (const bucket of run.resources('aws_s3_bucket')) {
    if (targets.has(bucket) || getValue(bucket.properties, 'logging') || companions(run.document, bucket, 'logging').length > 0) continue;
    const label = bucket.name.split('.')[1];
    const destination = logBucket(run, bucket);
    run.report('s3-access-logging', bucket, `${run.label(bucket)} has no \`aws_s3_bucket_logging\`: ${why}. Add one that sends its access logs to a log bucket.`, {
      fixes: [
        run.fix(
          `Add \`aws_s3_bucket_logging.${label}\` logging to ${destination.what}`,
          [
            run.editor.addResourceAfter(bucket, `${companionType('logging')}.${label}`, companionType('logging'), {
              bucket: { $ref: bucket.name, attribute: 'id' },
              target_bucket: destination.value,
              target_prefix: `${label}/`,
            }),
            ...destination.edits,
          ],
          false,
        ),
      ],
    });
  }
}

function checkTlsOnly(run: IacRun): void {
  const document = run.document;
  const buckets = run.resources(run.format === 'cloudformation' ? 'AWS::S3::Bucket' : 'aws_s3_bucket');
  for (const bucket of buckets) {
    const policies = bucketPolicies(document, bucket);
    // A policy we cannot read might hold the statement: say nothing rather than guess.
    if (policies.some((policy) => policy.statements === undefined)) continue;
    if (policies.some((policy) => policy.statements!.some(deniesInsecureTransport))) continue;
    const advice = 'Add a statement that denies `s3:*` to every principal when `aws:SecureTransport` is `false`';
    const message = `${run.label(bucket)} accepts plaintext HTTP: ${policies.length === 0 ? 'no bucket policy denies' : 'its bucket policy does not deny'} requests made without TLS, so objects can cross networks unencrypted. ${advice}.`;
    if (policies.length > 0) {
      run.report('s3-tls-only-policy', bucket, message);
      continue;
    }
    const edit =
      run.format === 'cloudformation'
        ? run.editor.addResourceAfter(bucket, `${bucket.name}TlsOnlyPolicy`, 'AWS::S3::BucketPolicy', {
            Bucket: { $ref: bucket.name },
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                {
                  Sid: 'DenyInsecureTransport',
                  Effect: 'Deny',
                  Principal: '*',
                  Action: 's3:*',
                  Resource: [{ $ref: bucket.name, attribute: 'Arn' }, { $raw: { cloudformation: `!Sub '\${${bucket.name}.Arn}/*'`, json: `{ "Fn::Sub": "\${${bucket.name}.Arn}/*" }` } }],
                  Condition: { Bool: { 'aws:SecureTransport': false } },
                },
              ],
            },
          })
        : run.editor.addResourceAfter(bucket, `${companionType('policy')}.${bucket.name.split('.')[1]}_tls_only`, companionType('policy'), {
            bucket: { $ref: bucket.name, attribute: 'id' },
            policy: {
              $raw: {
                terraform: [
                  'jsonencode({',
                  '    Version = "2012-10-17"',
                  '    Statement = [{',
                  '      Sid       = "DenyInsecureTransport"',
                  '      Effect    = "Deny"',
                  '      Principal = "*"',
                  '      Action    = "s3:*"',
                  `      Resource  = [${bucket.name}.arn, "\${${bucket.name}.arn}/*"]`,
                  '      Condition = { Bool = { "aws:SecureTransport" = "false" } }',
                  '    }]',
                  '  })',
                ].join(run.editor.eol),
              },
            },
          });
    run.report('s3-tls-only-policy', bucket, message, { fixes: [run.fix('Add a bucket policy that denies requests without TLS', [edit], false)] });
  }
}

function checkVersioning(run: IacRun): void {
  const why = 'an overwritten or deleted object is gone for good, and so is the record of what it held';
  const note = 'versioning can later be suspended but not removed, and old versions are billed';
  if (run.format === 'cloudformation') {
    for (const bucket of run.resources('AWS::S3::Bucket')) {
      const status = run.property(bucket, 'VersioningConfiguration.Status');
      const resolved = run.resolve(status);
      if (resolved.state === 'unknown') continue;
      if (resolved.state === 'value' && resolved.value.kind === 'string' && resolved.value.value === 'Enabled') continue;
      const stated = resolved.state === 'absent' ? '`VersioningConfiguration` is not set' : `versioning is ${showValue(resolved.value)}${resolved.via ? ` (${resolved.via})` : ''}`;
      run.report('s3-versioning', bucket, `${run.label(bucket)} keeps no object versions (${stated}): ${why}. Set \`VersioningConfiguration.Status\` to \`Enabled\`.`, {
        at: resolved.state === 'value' ? status!.span : undefined,
        fixes: resolved.state === 'value' && resolved.via ? [] : [run.fix(`Enable versioning (${note})`, [run.editor.setProperty(bucket, ['VersioningConfiguration', 'Status'], 'Enabled')], false)],
      });
    }
    return;
  }
  const document = run.document;
  for (const bucket of run.resources('aws_s3_bucket')) {
    const inline = getValue(bucket.properties, 'versioning');
    if (inline) {
      const enabled = run.resolve(getValue(inline, 'enabled'));
      if (enabled.state === 'value' && enabled.value.kind === 'boolean' && !enabled.value.value) {
        run.report('s3-versioning', bucket, `${run.label(bucket)} keeps no object versions (\`versioning.enabled\` is \`false\`): ${why}. Set it to \`true\`.`, { at: getValue(inline, 'enabled')!.span });
      }
      continue;
    }
    if (companions(document, bucket, 'versioning').length > 0) continue;
    const label = bucket.name.split('.')[1];
    run.report('s3-versioning', bucket, `${run.label(bucket)} keeps no object versions (no \`aws_s3_bucket_versioning\` names it): ${why}. Add one with \`status = "Enabled"\`.`, {
      fixes: [
        run.fix(
          `Add \`aws_s3_bucket_versioning.${label}\` (${note})`,
          [run.editor.addResourceAfter(bucket, `${companionType('versioning')}.${label}`, companionType('versioning'), { bucket: { $ref: bucket.name, attribute: 'id' }, versioning_configuration: { status: 'Enabled' } })],
          false,
        ),
      ],
    });
  }
  for (const versioning of run.resources(companionType('versioning'))) {
    const status = getPath(versioning.properties, ['versioning_configuration', 'status']);
    const resolved = run.resolve(status);
    if (resolved.state !== 'value' || (resolved.value.kind === 'string' && resolved.value.value === 'Enabled')) continue;
    const store = bucketOf(document, versioning) ?? versioning;
    run.report('s3-versioning', versioning, `${run.label(store)} keeps no object versions (\`status\` is ${showValue(resolved.value)}${resolved.via ? `, ${resolved.via}` : ''}): ${why}. Set \`status\` to \`"Enabled"\`.`, {
      at: status!.span,
      store,
      fixes: resolved.via ? [] : [run.fix(`Set \`status\` to \`"Enabled"\` (${note})`, [run.editor.replaceValue(status!, 'Enabled')], false)],
    });
  }
}

export default iacS3LoggingTlsVersioning;
