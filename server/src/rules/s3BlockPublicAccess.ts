import { getValue, type IacResource, type IacValue } from '../analysis/iac/model';
import { showValue, type IacRun } from './iacRule';

/** What Block Public Access protects against: said by every s3-block-public-access message. */
export const WHY_BLOCK = 'without it one ACL or policy statement, written by anyone with access to the bucket, is enough to put its objects on the internet';

/**
 * The four Block Public Access flags of `container` (a template's PublicAccessBlockConfiguration or
 * aws_s3_bucket_public_access_block, CDK's BlockPublicAccess options, Pulumi's
 * BucketPublicAccessBlock args): reports each one set to something other than on, with a fix that
 * sets it to `true` unless the value comes from a parameter or variable. Returns the flags left
 * unset (unset means off) for the caller to report, as only it knows where to insert them.
 */
export function reportFlagsTurnedOff(run: IacRun, resource: IacResource, store: IacResource, container: IacValue | undefined, flags: readonly string[], isOn: (value: IacValue) => boolean): string[] {
  const missing: string[] = [];
  for (const flag of flags) {
    const value = getValue(container, flag);
    const resolved = run.resolve(value);
    if (resolved.state === 'unknown') continue;
    if (resolved.state === 'absent') {
      missing.push(flag);
      continue;
    }
    if (isOn(resolved.value)) continue;
    run.report('s3-block-public-access', resource, `${run.label(store)} turns off Block Public Access's \`${flag}\` (${showValue(resolved.value)}${resolved.via ? `, ${resolved.via}` : ''}): ${WHY_BLOCK}. Set \`${flag}\` to \`true\`.`, {
      at: value!.span,
      store,
      fixes: resolved.via ? [] : [run.fix(`Set \`${flag}\` to \`true\``, [run.editor.replaceValue(value!, true)], true)],
    });
  }
  return missing;
}

/** The message for flags left unset (`where`: " in `block`", or empty). */
export function unsetFlagsMessage(run: IacRun, store: IacResource, missing: readonly string[], where: string): string {
  return `${run.label(store)} leaves ${missing.map((flag) => `\`${flag}\``).join(', ')} of Block Public Access unset${where}, and unset means off: ${WHY_BLOCK}. Set ${missing.length > 1 ? 'them' : 'it'} to \`true\`.`;
}
