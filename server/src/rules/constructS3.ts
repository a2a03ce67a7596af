import { isConstructDocument, type ConstructDocument } from '../analysis/iac/constructs';
import { asString, attachedTo, getPath, getValue, itemsOf, resolvedValue, type IacResource, type IacValue } from '../analysis/iac/model';
import type { Fix, TextEdit } from '../core/types';
import { ConstructEditor, type FixSymbol } from '../fixes/constructEdits';
import { showValue, type IacRun } from './iacRule';
import { reportFlagsTurnedOff, unsetFlagsMessage, WHY_BLOCK } from './s3BlockPublicAccess';

/**
 * The S3 checks of iac-s3-encryption, iac-s3-public-access and iac-s3-logging-tls-versioning
 * on AWS CDK and Pulumi programs.
 *
 * CDK: an `s3.Bucket`'s props. Its defaults matter: since 2023 a bucket without `encryption`
 * is encrypted with S3-managed keys (SSE-S3), not enough for PHI (no key policy, no record of
 * key use); `BucketEncryption.KMS` (a key the stack creates), `KMS_MANAGED` (aws/s3) or an
 * `encryptionKey` pass. Pulumi: `aws.s3.BucketV2` (and the v6 `aws.s3.Bucket` with inline
 * settings) with the split resources that name it in `bucket` (`bucket.id`, or its literal
 * name), as Terraform's provider v4 does.
 */

const CDK_BUCKET = 's3.Bucket';
const PULUMI_BUCKETS = ['aws.s3.Bucket', 'aws.s3.BucketV2'];

type Companion = 'encryption' | 'publicAccessBlock' | 'logging' | 'versioning' | 'acl' | 'policy';

const PULUMI_COMPANIONS: Record<Companion, string[]> = {
  encryption: ['aws.s3.BucketServerSideEncryptionConfigurationV2', 'aws.s3.BucketServerSideEncryptionConfiguration'],
  publicAccessBlock: ['aws.s3.BucketPublicAccessBlock'],
  logging: ['aws.s3.BucketLoggingV2', 'aws.s3.BucketLogging'],
  versioning: ['aws.s3.BucketVersioningV2', 'aws.s3.BucketVersioning'],
  acl: ['aws.s3.BucketAclV2', 'aws.s3.BucketAcl'],
  policy: ['aws.s3.BucketPolicy'],
};

function programOf(run: IacRun): ConstructDocument | undefined {
  return isConstructDocument(run.document) ? run.document : undefined;
}

function editorOf(run: IacRun): ConstructEditor {
  return run.editor as ConstructEditor;
}

/** A CDK constant to write; the class is added to the file's named import of its module when needed. */
function symbol(name: string): FixSymbol {
  return { $symbol: name, $import: true };
}

/** A fix writing a CDK constant, with the import it may need. */
function symbolFix(run: IacRun, title: string, edit: TextEdit | undefined, written: FixSymbol, safe: boolean): Fix | undefined {
  return run.fix(title, [edit, ...editorOf(run).importEdit(written)], safe);
}

/** A Pulumi bucket's own name (`bucket`), when written literally. */
function pulumiBucketName(document: ConstructDocument, bucket: IacResource): string | undefined {
  return asString(resolvedValue(document, getValue(bucket.properties, 'bucket')));
}

function companions(document: ConstructDocument, bucket: IacResource, kind: Companion): IacResource[] {
  return attachedTo(document, bucket, PULUMI_COMPANIONS[kind], 'bucket', (resource) => pulumiBucketName(document, resource));
}

function bucketOf(document: ConstructDocument, companion: IacResource): IacResource | undefined {
  return document.scope.find((candidate) => PULUMI_BUCKETS.includes(candidate.type) && attachedTo(document, candidate, [companion.type], 'bucket', (resource) => pulumiBucketName(document, resource)).includes(companion));
}

/** Props the reader could not see (a spread, a variable): a bucket nothing can be said about. */
function opaque(resource: IacResource): boolean {
  return !!resource.properties?.entries.some((entry) => entry.key === '*');
}

function buckets(run: IacRun, types: string[]): IacResource[] {
  return run.resources(...types).filter((bucket) => !opaque(bucket));
}

// ---------------------------------------------------------------------------------------------
// iac-s3-encryption

const ENCRYPTION_CHECK = 's3-default-encryption-kms';
const KEYS = 'with S3-managed keys no key policy limits who may decrypt, CloudTrail logs no use of the key, and access cannot be revoked by disabling it';
const CDK_KMS = ['BucketEncryption.KMS', 'BucketEncryption.KMS_MANAGED', 'BucketEncryption.DSSE', 'BucketEncryption.DSSE_MANAGED'];
const CDK_NOT_KMS = ['BucketEncryption.S3_MANAGED', 'BucketEncryption.UNENCRYPTED'];
const KMS_ALGORITHMS = ['aws:kms', 'aws:kms:dsse'];

export function checkConstructBucketEncryption(run: IacRun): void {
  const document = programOf(run);
  if (!document) return;
  if (document.format === 'cdk') {
    for (const bucket of buckets(run, [CDK_BUCKET])) {
      const value = run.property(bucket, 'encryption');
      const resolved = run.resolve(value);
      if (resolved.state === 'unknown') continue;
      if (resolved.state === 'absent') {
        // An encryptionKey alone makes the CDK use it (SSE-KMS).
        if (run.resolve(run.property(bucket, 'encryptionKey')).state !== 'absent') continue;
        run.report(
          ENCRYPTION_CHECK,
          bucket,
          `${run.label(bucket)} has no default encryption with a KMS key (\`encryption\` is not set, so the CDK encrypts with S3-managed keys, SSE-S3): ${KEYS}. Set \`encryption\` to \`BucketEncryption.KMS\` (a key the stack creates) or give it an \`encryptionKey\`.`,
          { fixes: [symbolFix(run, 'Set `encryption` to `BucketEncryption.KMS` (the stack creates a customer-managed key for the bucket)', run.editor.setProperty(bucket, ['encryption'], symbol('s3.BucketEncryption.KMS')), symbol('s3.BucketEncryption.KMS'), true)] },
        );
        continue;
      }
      const text = asString(resolved.value);
      if (text === undefined || CDK_KMS.includes(text) || !CDK_NOT_KMS.includes(text)) continue;
      const unencrypted = text === 'BucketEncryption.UNENCRYPTED';
      run.report(
        ENCRYPTION_CHECK,
        bucket,
        `${run.label(bucket)} sets \`encryption\` to \`${text}\`${unencrypted ? ', which S3 overrides with S3-managed keys' : ', S3-managed keys, not a KMS key'}: ${KEYS}. Use \`BucketEncryption.KMS\` or an \`encryptionKey\`.`,
        { at: value!.span, fixes: [symbolFix(run, 'Set `encryption` to `BucketEncryption.KMS` (readers then need kms:Decrypt on the key)', run.editor.replaceValue(value!, symbol('s3.BucketEncryption.KMS')), symbol('s3.BucketEncryption.KMS'), false)] },
      );
    }
    return;
  }
  for (const bucket of buckets(run, PULUMI_BUCKETS)) {
    const inline = getValue(bucket.properties, 'serverSideEncryptionConfiguration');
    if (inline) {
      const rules = itemsOf(getValue(inline, 'rule'));
      checkAlgorithms(run, bucket, bucket, rules.map((rule) => getPath(rule, ['applyServerSideEncryptionByDefault', 'sseAlgorithm'])));
      continue;
    }
    if (companions(document, bucket, 'encryption').length > 0) continue;
    const variable = document.sites.get(bucket)?.variable;
    const companionName = `${bucket.name}-encryption`;
    const edit =
      bucket.type === 'aws.s3.BucketV2' && variable
        ? editorOf(run).addConstructAfter(bucket, 'aws.s3.BucketServerSideEncryptionConfigurationV2', companionName, {
            bucket: { $raw: { typescript: `${variable}.id` } },
            rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms' }, bucketKeyEnabled: true }],
          })
        : bucket.type === 'aws.s3.Bucket'
          ? run.editor.setProperty(bucket, ['serverSideEncryptionConfiguration'], { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms' }, bucketKeyEnabled: true } })
          : undefined;
    const what = bucket.type === 'aws.s3.BucketV2' ? 'no `aws.s3.BucketServerSideEncryptionConfigurationV2` names it' : '`serverSideEncryptionConfiguration` is not set and no `aws.s3.BucketServerSideEncryptionConfigurationV2` names it';
    run.report(ENCRYPTION_CHECK, bucket, `${run.label(bucket)} has no default encryption with a KMS key (${what}): S3 then uses S3-managed keys, and ${KEYS}. Configure \`sseAlgorithm: 'aws:kms'\` with a customer-managed \`kmsMasterKeyId\`.`, {
      // The inline setting exists in provider v6's `aws.s3.Bucket` only (v7 took it out): offered, never applied unasked.
      fixes: [run.fix(bucket.type === 'aws.s3.BucketV2' ? `Add \`aws.s3.BucketServerSideEncryptionConfigurationV2\` \`${companionName}\` with \`sseAlgorithm: 'aws:kms'\`` : "Add `serverSideEncryptionConfiguration` with `sseAlgorithm: 'aws:kms'` (provider v6)", [edit], bucket.type === 'aws.s3.BucketV2')],
    });
  }
  for (const configuration of run.resources(...PULUMI_COMPANIONS.encryption)) {
    if (opaque(configuration)) continue;
    const rules = itemsOf(getValue(configuration.properties, 'rules') ?? getValue(configuration.properties, 'rule'));
    checkAlgorithms(run, configuration, bucketOf(document, configuration) ?? configuration, rules.map((rule) => getPath(rule, ['applyServerSideEncryptionByDefault', 'sseAlgorithm'])));
  }
}

function checkAlgorithms(run: IacRun, resource: IacResource, store: IacResource, algorithms: (IacValue | undefined)[]): void {
  const what = store === resource ? run.label(resource) : `${run.label(store)}, through \`${resource.name}\`,`;
  for (const algorithm of algorithms) {
    const resolved = run.resolve(algorithm);
    if (resolved.state !== 'value') continue;
    const text = asString(resolved.value);
    if (text === undefined || KMS_ALGORITHMS.includes(text.toLowerCase())) continue;
    run.report(ENCRYPTION_CHECK, resource, `${what} encrypts new objects with ${showValue(resolved.value)}, S3-managed keys, not a KMS key: ${KEYS}. Set \`sseAlgorithm\` to \`'aws:kms'\`.`, {
      at: algorithm!.span,
      store,
      fixes: [run.fix("Set `sseAlgorithm` to `'aws:kms'` (readers then need kms:Decrypt on the key)", [run.editor.replaceValue(algorithm!, 'aws:kms')], false)],
    });
  }
}

// ---------------------------------------------------------------------------------------------
// iac-s3-public-access

const CDK_FLAGS = ['blockPublicAcls', 'blockPublicPolicy', 'ignorePublicAcls', 'restrictPublicBuckets'];
/** What the CDK's predefined settings leave off. */
const CDK_PRESETS: Record<string, string[]> = {
  'BlockPublicAccess.BLOCK_ALL': [],
  'BlockPublicAccess.BLOCK_ACLS': ['blockPublicPolicy', 'restrictPublicBuckets'],
  'BlockPublicAccess.BLOCK_ACLS_ONLY': ['blockPublicPolicy', 'restrictPublicBuckets'],
};
const PUBLIC_ACLS = ['public-read', 'public-read-write', 'authenticated-read', 'BucketAccessControl.PUBLIC_READ', 'BucketAccessControl.PUBLIC_READ_WRITE', 'BucketAccessControl.AUTHENTICATED_READ', 'CannedAcl.PublicRead', 'CannedAcl.PublicReadWrite', 'CannedAcl.AuthenticatedRead'];

export function checkConstructBucketPublicAccess(run: IacRun): void {
  const document = programOf(run);
  if (!document) return;
  if (document.format === 'cdk') {
    for (const bucket of buckets(run, [CDK_BUCKET])) {
      checkCdkBlockPublicAccess(run, bucket);
      const readAccess = run.property(bucket, 'publicReadAccess');
      const read = run.resolve(readAccess);
      if (read.state === 'value' && read.value.kind === 'boolean' && read.value.value) {
        run.report('s3-no-public-acl', bucket, `${run.label(bucket)} sets \`publicReadAccess: true\`: the CDK adds a bucket policy that lets anyone on the internet read every object. Remove it, and share objects through presigned URLs or CloudFront with origin access control.`, {
          at: readAccess!.span,
          fixes: [run.fix('Set `publicReadAccess` to `false` (anyone relying on public reads loses them)', [run.editor.replaceValue(readAccess!, false)], false)],
        });
      }
      checkAcl(run, bucket, bucket, 'accessControl');
    }
    return;
  }
  for (const bucket of buckets(run, PULUMI_BUCKETS)) {
    if (companions(document, bucket, 'publicAccessBlock').length > 0) continue;
    const variable = document.sites.get(bucket)?.variable;
    const name = `${bucket.name}-public-access-block`;
    const edit = variable
      ? editorOf(run).addConstructAfter(bucket, 'aws.s3.BucketPublicAccessBlock', name, { bucket: { $raw: { typescript: `${variable}.id` } }, ...Object.fromEntries(CDK_FLAGS.map((flag) => [flag, true])) })
      : undefined;
    run.report('s3-block-public-access', bucket, `${run.label(bucket)} has no \`aws.s3.BucketPublicAccessBlock\`: S3 blocks public access of new buckets by default, but a program that does not say so lets a console change or an account setting open the bucket unnoticed, and ${WHY_BLOCK}. Add one with all four flags \`true\`.`, {
      fixes: [run.fix(`Add \`aws.s3.BucketPublicAccessBlock\` \`${name}\` with all four flags \`true\``, [edit], true)],
    });
  }
  for (const block of run.resources(...PULUMI_COMPANIONS.publicAccessBlock)) {
    if (opaque(block)) continue;
    checkFlags(run, block, bucketOf(document, block) ?? block, block.properties, ` in \`${block.name}\``);
  }
  for (const bucket of buckets(run, PULUMI_BUCKETS)) checkAcl(run, bucket, bucket, 'acl');
  for (const acl of run.resources(...PULUMI_COMPANIONS.acl)) checkAcl(run, acl, bucketOf(document, acl) ?? acl, 'acl');
}

function checkCdkBlockPublicAccess(run: IacRun, bucket: IacResource): void {
  const value = run.property(bucket, 'blockPublicAccess');
  // `new s3.BlockPublicAccess({ ... })`: the four flags, unset meaning off.
  if (value?.kind === 'call') {
    if (value.name === 'new BlockPublicAccess' && value.args[0]?.kind === 'map') checkFlags(run, bucket, bucket, value.args[0], '');
    return;
  }
  const resolved = run.resolve(value);
  if (resolved.state === 'unknown') return;
  if (resolved.state === 'absent') {
    run.report(
      's3-block-public-access',
      bucket,
      `${run.label(bucket)} does not set \`blockPublicAccess\`: S3 blocks public access of new buckets by default, but a program that does not say so lets a console change or an account setting open the bucket unnoticed, and ${WHY_BLOCK}. Set \`blockPublicAccess\` to \`BlockPublicAccess.BLOCK_ALL\`.`,
      { fixes: [symbolFix(run, 'Set `blockPublicAccess` to `BlockPublicAccess.BLOCK_ALL`', run.editor.setProperty(bucket, ['blockPublicAccess'], symbol('s3.BlockPublicAccess.BLOCK_ALL')), symbol('s3.BlockPublicAccess.BLOCK_ALL'), true)] },
    );
    return;
  }
  const preset = asString(resolved.value);
  if (preset !== undefined && preset in CDK_PRESETS) {
    const off = CDK_PRESETS[preset];
    if (off.length === 0) return;
    run.report('s3-block-public-access', bucket, `${run.label(bucket)} blocks public ACLs only (\`${preset}\`): ${off.map((flag) => `\`${flag}\``).join(', ')} stay off, so a bucket policy can still open it to everyone. Use \`BlockPublicAccess.BLOCK_ALL\`.`, {
      at: value!.span,
      fixes: [symbolFix(run, 'Set `blockPublicAccess` to `BlockPublicAccess.BLOCK_ALL`', run.editor.replaceValue(value!, symbol('s3.BlockPublicAccess.BLOCK_ALL')), symbol('s3.BlockPublicAccess.BLOCK_ALL'), true)],
    });
  }
}

/** The four flags (CDK's BlockPublicAccess options, Pulumi's BucketPublicAccessBlock args). */
function checkFlags(run: IacRun, resource: IacResource, store: IacResource, container: IacValue | undefined, where: string): void {
  // A program's flag is a boolean: a string is not converted.
  const missing = reportFlagsTurnedOff(run, resource, store, container, CDK_FLAGS, (value) => value.kind === 'boolean' && value.value);
  if (missing.length === 0 || container?.kind !== 'map') return;
  run.report('s3-block-public-access', resource, unsetFlagsMessage(run, store, missing, where), {
    at: container.span.start === resource.properties?.span.start ? undefined : { start: container.span.start, end: container.span.start + 1 },
    store,
    fixes: [run.fix(`Set ${missing.map((flag) => `\`${flag}\``).join(', ')} to \`true\``, [editorOf(run).insertEntries(container, missing.map((flag) => [flag, true]))], true)],
  });
}

function checkAcl(run: IacRun, resource: IacResource, store: IacResource, property: string): void {
  const value = run.property(resource, property);
  const resolved = run.resolve(value);
  if (resolved.state !== 'value') return;
  const text = asString(resolved.value);
  if (text === undefined || !PUBLIC_ACLS.includes(text)) return;
  const cdk = run.format === 'cdk';
  const title = `Set \`${property}\` to \`${cdk ? 'BucketAccessControl.PRIVATE' : "'private'"}\` (anyone relying on public reads loses them)`;
  const privateAcl = symbol('s3.BucketAccessControl.PRIVATE');
  const fixes: (Fix | undefined)[] = [cdk ? symbolFix(run, title, run.editor.replaceValue(value!, privateAcl), privateAcl, false) : run.fix(title, [run.editor.replaceValue(value!, 'private')], false)];
  const who = /authenticated/i.test(text) ? 'every AWS account in the world' : 'anyone on the internet';
  run.report('s3-no-public-acl', resource, `${run.label(store)} grants ${who} access through the canned ACL \`${text}\`: every object in it can be listed or read without credentials. Use a private ACL, and share objects through presigned URLs or CloudFront with origin access control.`, {
    at: value!.span,
    store,
    fixes,
  });
}

// ---------------------------------------------------------------------------------------------
// iac-s3-logging-tls-versioning

const WHY_LOGS = 'without server access logs nobody can tell who read or deleted which object, which an audit of access to PHI, and a breach investigation, both need';
const WHY_VERSIONS = 'an overwritten or deleted object is gone for good, and so is the record of what it held';
const VERSIONING_NOTE = 'versioning can later be suspended but not removed, and old versions are billed';

/** Buckets that receive other buckets' access logs: they need no access logging of their own. */
function logTargets(document: ConstructDocument): Set<IacResource> {
  const targets = new Set<IacResource>();
  const add = (value: IacValue | undefined) => {
    if (value?.kind !== 'ref') return;
    const target = document.scope.find((candidate) => candidate.name === value.target);
    if (target) targets.add(target);
  };
  for (const resource of document.scope) {
    if (resource.type === CDK_BUCKET) {
      add(getValue(resource.properties, 'serverAccessLogsBucket'));
      const acl = asString(resolvedValue(document, getValue(resource.properties, 'accessControl')));
      if (acl === 'BucketAccessControl.LOG_DELIVERY_WRITE') targets.add(resource);
    }
    if (PULUMI_BUCKETS.includes(resource.type)) {
      add(getValue(getValue(resource.properties, 'logging'), 'targetBucket'));
      if (/^log-?delivery-?write$/i.test(asString(resolvedValue(document, getValue(resource.properties, 'acl'))) ?? '')) targets.add(resource);
    }
    if (PULUMI_COMPANIONS.logging.includes(resource.type)) add(getValue(resource.properties, 'targetBucket'));
  }
  return targets;
}

export function checkConstructBucketLogging(run: IacRun): void {
  const document = programOf(run);
  if (!document) return;
  const targets = logTargets(document);
  if (document.format === 'cdk') {
    for (const bucket of buckets(run, [CDK_BUCKET])) {
      if (targets.has(bucket)) continue;
      if (run.resolve(run.property(bucket, 'serverAccessLogsBucket')).state !== 'absent' || run.resolve(run.property(bucket, 'serverAccessLogsPrefix')).state !== 'absent') continue;
      run.report('s3-access-logging', bucket, `${run.label(bucket)} has no \`serverAccessLogsBucket\`: ${WHY_LOGS}. Send its access logs to a log bucket.`);
    }
    return;
  }
  for (const bucket of buckets(run, PULUMI_BUCKETS)) {
    if (targets.has(bucket) || getValue(bucket.properties, 'logging') || companions(document, bucket, 'logging').length > 0) continue;
    run.report('s3-access-logging', bucket, `${run.label(bucket)} has no \`aws.s3.BucketLoggingV2\`: ${WHY_LOGS}. Add one that sends its access logs to a log bucket.`);
  }
}

export function checkConstructBucketTls(run: IacRun): void {
  const document = programOf(run);
  if (!document) return;
  const advice = 'Add a statement that denies `s3:*` to every principal when `aws:SecureTransport` is `false`';
  if (document.format === 'cdk') {
    for (const bucket of buckets(run, [CDK_BUCKET])) {
      // A policy added in code (addToResourcePolicy) might hold the statement: say nothing rather than guess.
      if (document.resourcePolicies.has(bucket)) continue;
      const value = run.property(bucket, 'enforceSSL');
      const resolved = run.resolve(value);
      if (resolved.state === 'unknown' || (resolved.state === 'value' && resolved.value.kind === 'boolean' && resolved.value.value)) continue;
      const edit = resolved.state === 'absent' ? run.editor.setProperty(bucket, ['enforceSSL'], true) : run.editor.replaceValue(value!, true);
      run.report('s3-tls-only-policy', bucket, `${run.label(bucket)} accepts plaintext HTTP (\`enforceSSL\` is ${resolved.state === 'absent' ? 'not set' : showValue(resolved.value)}): no bucket policy denies requests made without TLS, so objects can cross networks unencrypted. Set \`enforceSSL: true\`.`, {
        at: resolved.state === 'value' ? value!.span : undefined,
        fixes: [run.fix('Set `enforceSSL` to `true` (the CDK adds the policy statement)', [edit], false)],
      });
    }
    return;
  }
  for (const bucket of buckets(run, PULUMI_BUCKETS)) {
    // A policy this reader cannot see into (JSON.stringify, a policy document output) might hold the statement.
    if (getValue(bucket.properties, 'policy') || companions(document, bucket, 'policy').length > 0) continue;
    run.report('s3-tls-only-policy', bucket, `${run.label(bucket)} accepts plaintext HTTP: no \`aws.s3.BucketPolicy\` denies requests made without TLS, so objects can cross networks unencrypted. ${advice}.`);
  }
}

export function checkConstructBucketVersioning(run: IacRun): void {
  const document = programOf(run);
  if (!document) return;
  if (document.format === 'cdk') {
    for (const bucket of buckets(run, [CDK_BUCKET])) {
      const value = run.property(bucket, 'versioned');
      const resolved = run.resolve(value);
      if (resolved.state === 'unknown' || (resolved.state === 'value' && resolved.value.kind === 'boolean' && resolved.value.value)) continue;
      const edit = resolved.state === 'absent' ? run.editor.setProperty(bucket, ['versioned'], true) : run.editor.replaceValue(value!, true);
      run.report('s3-versioning', bucket, `${run.label(bucket)} keeps no object versions (\`versioned\` is ${resolved.state === 'absent' ? 'not set' : showValue(resolved.value)}): ${WHY_VERSIONS}. Set \`versioned: true\`.`, {
        at: resolved.state === 'value' ? value!.span : undefined,
        fixes: [run.fix(`Set \`versioned\` to \`true\` (${VERSIONING_NOTE})`, [edit], false)],
      });
    }
    return;
  }
  for (const bucket of buckets(run, PULUMI_BUCKETS)) {
    const inline = getValue(bucket.properties, 'versioning');
    if (inline) {
      const enabled = getValue(inline, 'enabled');
      const resolved = run.resolve(enabled);
      if (resolved.state === 'value' && resolved.value.kind === 'boolean' && !resolved.value.value) {
        run.report('s3-versioning', bucket, `${run.label(bucket)} keeps no object versions (\`versioning.enabled\` is \`false\`): ${WHY_VERSIONS}. Set it to \`true\`.`, { at: enabled!.span });
      }
      continue;
    }
    if (companions(document, bucket, 'versioning').length > 0) continue;
    run.report('s3-versioning', bucket, `${run.label(bucket)} keeps no object versions (no \`aws.s3.BucketVersioningV2\` names it): ${WHY_VERSIONS}. Add one with \`versioningConfiguration: { status: 'Enabled' }\`.`);
  }
  for (const versioning of run.resources(...PULUMI_COMPANIONS.versioning)) {
    const status = getPath(versioning.properties, ['versioningConfiguration', 'status']);
    const resolved = run.resolve(status);
    if (resolved.state !== 'value' || asString(resolved.value) === 'Enabled') continue;
    const store = bucketOf(document, versioning) ?? versioning;
    run.report('s3-versioning', versioning, `${run.label(store)} keeps no object versions (\`status\` is ${showValue(resolved.value)}): ${WHY_VERSIONS}. Set \`status\` to \`'Enabled'\`.`, {
      at: status!.span,
      store,
      fixes: [run.fix(`Set \`status\` to \`'Enabled'\` (${VERSIONING_NOTE})`, [run.editor.replaceValue(status!, 'Enabled')], false)],
    });
  }
}
