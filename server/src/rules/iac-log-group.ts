import { asString, getValue, refsIn, type IacDocument, type IacFormat, type IacResource } from '../analysis/iac/model';
import { normalizedTokens } from '../analysis/tokenize';
import { createIacRule, showValue, type IacRun } from './iacRule';

const RULE_ID = 'iac-log-group';
/** HIPAA keeps required documentation, audit records included, six years: 2192 days is a CloudWatch value. */
const AUDIT_RETENTION_DAYS = 2192;
const AUDIT_WORDS = new Set(['audit', 'cloudtrail', 'trail', 'flow']);

/**
 * CloudWatch log groups: encrypted with a KMS key (declarative, rules/iac/iac-log-group.yaml),
 * and kept as long as their kind asks: application logs, which may hold PHI that leaked into
 * them, expire; audit logs (CloudTrail, VPC flow logs, anything named audit) are kept six years.
 */
export const iacLogGroup = createIacRule({
  id: RULE_ID,
  description: 'CloudWatch log groups that may hold PHI must be encrypted with a KMS key; application logs must expire, audit logs must be kept six years.',
  references: ['HIPAA-164.312(a)(2)(iv)', 'HIPAA-164.312(b)', 'HIPAA-164.316(b)(2)', 'CPRA-1798.100(c)', 'CPRA-1798.150', 'CWE-311', 'CWE-532'],
  fixable: false,
  code: [checkRetention, checkCdkRetention],
  constructs: true,
});

const LOG_GROUP: Partial<Record<IacFormat, string>> = { cloudformation: 'AWS::Logs::LogGroup', terraform: 'aws_cloudwatch_log_group', cdk: 'logs.LogGroup', pulumi: 'aws.cloudwatch.LogGroup' };
/** Where a log group's retention is set; the CDK's is read by checkCdkRetention. */
const RETENTION: Partial<Record<IacFormat, string>> = { cloudformation: 'RetentionInDays', terraform: 'retention_in_days', pulumi: 'retentionInDays' };

/** Log groups that receive CloudTrail or VPC flow logs, or are named as audit logs. */
function auditGroups(document: IacDocument): Set<IacResource> {
  const groups = new Set<IacResource>();
  const type = LOG_GROUP[document.format];
  const feeders = document.format === 'cloudformation' ? ['AWS::CloudTrail::Trail', 'AWS::EC2::FlowLog'] : document.format === 'pulumi' ? ['aws.cloudtrail.Trail', 'aws.ec2.FlowLog'] : ['aws_cloudtrail', 'aws_flow_log'];
  for (const feeder of document.scope.filter((resource) => feeders.includes(resource.type))) {
    for (const ref of refsIn(feeder.properties)) {
      const target = document.scope.find((resource) => resource.name === ref.target && resource.type === type);
      if (target) groups.add(target);
    }
  }
  for (const group of document.scope.filter((resource) => resource.type === type)) {
    const names = [group.name, ...['LogGroupName', 'name', 'logGroupName'].flatMap((key) => {
      const value = getValue(group.properties, key);
      return value?.kind === 'string' ? [value.value] : [];
    })];
    if (names.some((name) => normalizedTokens(name).some((token) => AUDIT_WORDS.has(token)))) groups.add(group);
  }
  return groups;
}

function checkRetention(run: IacRun): void {
  const audit = auditGroups(run.document);
  const property = RETENTION[run.format];
  const type = LOG_GROUP[run.format];
  if (!property || !type) return;
  for (const group of run.resources(type)) {
    const value = run.property(group, property);
    const resolved = run.resolve(value);
    if (resolved.state === 'unknown') continue;
    const days = resolved.state === 'value' && (resolved.value.kind === 'number' || resolved.value.kind === 'string') ? Number(resolved.value.value) : undefined;
    // 0 in Terraform, or no setting at all: events never expire.
    const forever = resolved.state === 'absent' || days === 0;
    const via = resolved.via ? ` (${resolved.via})` : '';
    if (audit.has(group)) {
      if (forever || days === undefined || days >= AUDIT_RETENTION_DAYS) continue;
      run.report(
        'log-group-retention',
        group,
        `${run.label(group)} holds audit logs but keeps them ${showValue(resolved.state === 'value' ? resolved.value : value!)} days${via}: HIPAA asks that audit records be kept six years. Set \`${property}\` to ${AUDIT_RETENTION_DAYS} or more.`,
        {
          at: value!.span,
          fixes: [resolved.via ? run.defaultFix(value, AUDIT_RETENTION_DAYS, `\`${AUDIT_RETENTION_DAYS}\``) : run.fix(`Set \`${property}\` to ${AUDIT_RETENTION_DAYS} (six years)`, [run.editor.replaceValue(value!, AUDIT_RETENTION_DAYS)], false)],
        },
      );
      continue;
    }
    if (!forever) continue;
    run.report(
      'log-group-retention',
      group,
      `${run.label(group)} keeps its events forever (${resolved.state === 'absent' ? `\`${property}\` is not set` : `\`${property}\` is 0`}${via}): any PHI that reaches these application logs stays readable for good. Set \`${property}\` to the period your retention policy allows; audit logs belong in a group of their own kept six years.`,
      {
        at: resolved.state === 'absent' ? undefined : value!.span,
        fixes: [run.fix(`Set \`${property}\` to 90 days (choose the period your retention policy sets)`, [run.editor.setProperty(group, [property], 90)], false)],
      },
    );
  }
}

/** The CDK's `RetentionDays` members, in days. */
const CDK_RETENTION_DAYS: Record<string, number> = {
  ONE_DAY: 1, THREE_DAYS: 3, FIVE_DAYS: 5, ONE_WEEK: 7, TWO_WEEKS: 14, ONE_MONTH: 30, TWO_MONTHS: 60, THREE_MONTHS: 90, FOUR_MONTHS: 120, FIVE_MONTHS: 150, SIX_MONTHS: 180,
  ONE_YEAR: 365, THIRTEEN_MONTHS: 400, EIGHTEEN_MONTHS: 545, TWO_YEARS: 731, THREE_YEARS: 1096, FIVE_YEARS: 1827, SIX_YEARS: 2192, SEVEN_YEARS: 2557, EIGHT_YEARS: 2922, NINE_YEARS: 3288, TEN_YEARS: 3653,
};

/**
 * CDK log groups: `retention` is a `RetentionDays` member (or a number of days); left unset the
 * CDK keeps events two years (`RetentionDays.TWO_YEARS`), which is short of six for audit logs
 * but not forever for application logs; `RetentionDays.INFINITE` and `Infinity` are forever.
 */
function checkCdkRetention(run: IacRun): void {
  if (run.format !== 'cdk') return;
  const audit = auditGroups(run.document);
  for (const group of run.resources('logs.LogGroup')) {
    const value = run.property(group, 'retention');
    const resolved = run.resolve(value);
    if (resolved.state === 'unknown') continue;
    const text = resolved.state === 'value' ? asString(resolved.value) : undefined;
    const member = text?.startsWith('RetentionDays.') ? text.slice('RetentionDays.'.length) : undefined;
    const forever = member === 'INFINITE' || (resolved.state === 'value' && resolved.value.kind === 'number' && resolved.value.value === Infinity);
    const days = resolved.state === 'absent' ? CDK_RETENTION_DAYS.TWO_YEARS : member !== undefined ? CDK_RETENTION_DAYS[member] : resolved.value.kind === 'number' ? resolved.value.value : undefined;
    const shown = resolved.state === 'absent' ? '`retention` is not set: the CDK default, `RetentionDays.TWO_YEARS`' : `\`retention\` is \`${text ?? String((resolved.value as { value?: unknown }).value)}\``;
    if (audit.has(group)) {
      if (forever || days === undefined || days >= AUDIT_RETENTION_DAYS) continue;
      run.report('log-group-retention', group, `${run.label(group)} holds audit logs but keeps them ${days} days (${shown}): HIPAA asks that audit records be kept six years. Set \`retention\` to \`RetentionDays.SIX_YEARS\` or more.`, {
        at: value?.span,
        fixes: [run.fix('Set `retention` to `RetentionDays.SIX_YEARS`', [run.editor.setProperty(group, ['retention'], { $symbol: 'logs.RetentionDays.SIX_YEARS' })], false)],
      });
      continue;
    }
    if (!forever) continue;
    run.report('log-group-retention', group, `${run.label(group)} keeps its events forever (${shown}): any PHI that reaches these application logs stays readable for good. Set \`retention\` to the period your retention policy allows; audit logs belong in a group of their own kept six years.`, {
      at: value!.span,
      fixes: [run.fix('Set `retention` to `RetentionDays.THREE_MONTHS` (choose the period your retention policy sets)', [run.editor.replaceValue(value!, { $symbol: 'logs.RetentionDays.THREE_MONTHS' })], false)],
    });
  }
}

export default iacLogGroup;
