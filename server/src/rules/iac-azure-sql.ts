import { childResources } from '../analysis/iac/azure';
import { attachedTo, getValue, isAzureTemplate, type IacResource, type IacValue } from '../analysis/iac/model';
import { createIacRule, showValue, type IacRun } from './iacRule';

const RULE_ID = 'iac-azure-sql';
const MIN_RETENTION_DAYS = 90;

/**
 * Azure SQL (azurerm Terraform, ARM, Bicep): servers not reachable from the public internet, TLS
 * 1.2, data encryption kept on (declarative, rules/iac/iac-azure-sql.yaml), and auditing with a
 * retention of 90 days or more (code, here: the policy is its own resource, joined on
 * `server_id` in Terraform, a child `auditingSettings` resource in ARM and Bicep).
 */
export const iacAzureSql = createIacRule({
  id: RULE_ID,
  description: 'Azure SQL servers that may hold PHI (azurerm Terraform, ARM, Bicep) must not be public, must require TLS 1.2, keep TDE on, and audit with 90 days of retention or more.',
  references: ['HIPAA-164.312(a)(2)(iv)', 'HIPAA-164.312(b)', 'HIPAA-164.312(e)(1)', 'CPRA-1798.150', 'CWE-311', 'CWE-778'],
  fixable: true,
  code: [checkAuditing, checkTemplateAuditing],
});

const AUDITING_TYPES = ['Microsoft.Sql/servers/auditingSettings', 'Microsoft.Sql/servers/extendedAuditingSettings'];

/** ARM and Bicep: a server's `auditingSettings` child, `state: 'Enabled'`, `retentionDays` 0 (no limit) or 90+. */
function checkTemplateAuditing(run: IacRun): void {
  if (!isAzureTemplate(run.format)) return;
  for (const server of run.resources('Microsoft.Sql/servers')) {
    const settings = childResources(run.document, server, AUDITING_TYPES);
    if (settings.length === 0) {
      run.report('azure-sql-auditing', server, `${run.label(server)} is not audited: no \`auditingSettings\` child resource configures it, so who queried which records is not recorded. Add one with \`state: 'Enabled'\` that keeps the log ${MIN_RETENTION_DAYS} days or more.`);
    }
  }
  for (const setting of run.resources(...AUDITING_TYPES)) {
    const server = setting.parent ?? setting;
    checkAuditPolicy(run, setting, server, setting.properties, TEMPLATE_AUDITING);
  }
}

function checkAuditing(run: IacRun): void {
  if (run.format !== 'terraform') return;
  for (const server of run.resources('azurerm_mssql_server')) {
    const inline = getValue(server.properties, 'extended_auditing_policy');
    const policies = inline ? [{ owner: server, value: inline }] : attachedTo(run.document, server, ['azurerm_mssql_server_extended_auditing_policy'], 'server_id').map((owner) => ({ owner, value: owner.properties }));
    if (policies.length === 0) {
      run.report('azure-sql-auditing', server, `${run.label(server)} is not audited: no \`azurerm_mssql_server_extended_auditing_policy\` names it, so who queried which records is not recorded. Add one that keeps the log ${MIN_RETENTION_DAYS} days or more.`);
      continue;
    }
    for (const { owner, value } of policies) {
      if (owner.file !== run.document.file) continue;
      checkAuditPolicy(run, owner, server, value, TERRAFORM_AUDITING);
    }
  }
}

/** How an auditing policy is switched and how long it keeps its log, in one format's words. */
interface AuditingSpelling {
  switchKey: string;
  isOff(text: string): boolean;
  offWords: string;
  onValue: string | boolean;
  onTitle: string;
  retentionKey: string;
}

const TEMPLATE_AUDITING: AuditingSpelling = {
  switchKey: 'state',
  isOff: (text) => text.toLowerCase() === 'disabled',
  offWords: '`state` is `Disabled`',
  onValue: 'Enabled',
  onTitle: "Set `state` to `'Enabled'`",
  retentionKey: 'retentionDays',
};

const TERRAFORM_AUDITING: AuditingSpelling = {
  switchKey: 'enabled',
  isOff: (text) => text === 'false',
  offWords: '`enabled` is `false`',
  onValue: true,
  onTitle: 'Set `enabled` to `true`',
  retentionKey: 'retention_in_days',
};

/** One auditing policy of a server: turned on, and keeping its log long enough (0 or unset: without limit). */
function checkAuditPolicy(run: IacRun, owner: IacResource, server: IacResource, policy: IacValue | undefined, spelling: AuditingSpelling): void {
  const enabled = getValue(policy, spelling.switchKey);
  const switchText = run.text(enabled);
  if (switchText !== undefined && spelling.isOff(switchText)) {
    run.report('azure-sql-auditing', owner, `${run.label(server)} has its auditing turned off (${spelling.offWords}). Turn it on, with ${MIN_RETENTION_DAYS} days of retention or more.`, {
      at: enabled!.span,
      store: server,
      fixes: [run.fix(spelling.onTitle, [run.editor.replaceValue(enabled!, spelling.onValue)], false)],
    });
    return;
  }
  const retention = getValue(policy, spelling.retentionKey);
  const days = run.number(retention);
  // 0, or no setting: kept without limit.
  if (days === undefined || days === 0 || days >= MIN_RETENTION_DAYS) return;
  const resolved = run.resolve(retention);
  run.report('azure-sql-auditing', owner, `${run.label(server)} keeps its audit log ${showValue(resolved.state === 'value' ? resolved.value : retention!)} days: too short to investigate an access to PHI found weeks later. Keep it ${MIN_RETENTION_DAYS} days or more (six years for audit evidence).`, {
    at: retention!.span,
    store: server,
    fixes: [run.fix(`Set \`${spelling.retentionKey}\` to ${MIN_RETENTION_DAYS}`, [run.editor.replaceValue(retention!, MIN_RETENTION_DAYS)], false)],
  });
}

export default iacAzureSql;
