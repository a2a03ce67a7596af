import { attachedTo, getValue, type IacResource } from '../analysis/iac/model';
import { createIacRule, type IacRun } from './iacRule';

const RULE_ID = 'iac-azure-storage';

/**
 * Azure Storage accounts that may hold PHI (azurerm Terraform, ARM, Bicep): HTTPS only, TLS 1.2,
 * no anonymous blob access (declarative, rules/iac/iac-azure-storage.yaml, every format), network
 * access denied by default and a customer-managed key (declarative in ARM and Bicep; in
 * Terraform set inline or by their own resources, so joined in code, here).
 */
export const iacAzureStorage = createIacRule({
  id: RULE_ID,
  description: 'Azure Storage accounts that may hold PHI must take HTTPS and TLS 1.2 only, allow no anonymous blobs, deny network access by default and use a customer-managed key.',
  references: ['HIPAA-164.312(a)(2)(iv)', 'HIPAA-164.312(a)(1)', 'HIPAA-164.312(e)(1)', 'CPRA-1798.150', 'CPRA-1798.81.5', 'CWE-311', 'CWE-319', 'CWE-284'],
  fixable: true,
  code: [checkDefaultDeny, checkCustomerManagedKey],
});

/** A resource that configures the account through `storage_account_id`. */
function configuredBy(run: IacRun, account: IacResource, type: string): IacResource[] {
  return attachedTo(run.document, account, [type], 'storage_account_id');
}

function checkDefaultDeny(run: IacRun): void {
  if (run.format !== 'terraform') return;
  for (const account of run.resources('azurerm_storage_account')) {
    // An account closed to public networks altogether needs no network rules.
    if (run.text(getValue(account.properties, 'public_network_access_enabled')) === 'false') continue;
    const inline = getValue(account.properties, 'network_rules');
    const rules = inline ? [{ owner: account, value: getValue(inline, 'default_action') }] : configuredBy(run, account, 'azurerm_storage_account_network_rules').map((owner) => ({ owner, value: getValue(owner.properties, 'default_action') }));
    if (rules.length === 0) {
      run.report('azure-storage-default-deny', account, `${run.label(account)} accepts connections from every network: no \`network_rules\` deny by default, so its keys or a leaked SAS token are all that stand in front of the data. Add \`network_rules\` with \`default_action = "Deny"\` and the networks or private endpoints that need access.`, {
        fixes: [
          run.fix(
            'Add `network_rules` denying by default (allow your networks and private endpoints next)',
            run.editor.setProperties(account, { 'network_rules.default_action': 'Deny', 'network_rules.bypass': { $raw: { terraform: '["AzureServices"]' } } }),
            false,
          ),
        ],
      });
      continue;
    }
    for (const { owner, value } of rules) {
      const action = run.text(value);
      if (action === undefined || action === 'Deny' || owner.file !== run.document.file) continue;
      run.report('azure-storage-default-deny', owner, `${run.label(account)} accepts connections from every network (\`default_action\` is \`${action}\`): its keys or a leaked SAS token are all that stand in front of the data. Set \`default_action = "Deny"\`.`, {
        at: value!.span,
        store: account,
        fixes: [run.fix('Set `default_action` to `"Deny"` (allow your networks and private endpoints first)', [run.editor.replaceValue(value!, 'Deny')], false)],
      });
    }
  }
}

function checkCustomerManagedKey(run: IacRun): void {
  if (run.format !== 'terraform') return;
  for (const account of run.resources('azurerm_storage_account')) {
    if (getValue(account.properties, 'customer_managed_key')) continue;
    if (configuredBy(run, account, 'azurerm_storage_account_customer_managed_key').length > 0) continue;
    run.report('azure-storage-customer-managed-key', account, `${run.label(account)} is encrypted with a Microsoft-managed key: no Key Vault access policy of yours decides who may decrypt, and the key cannot be revoked in an incident. Add a \`customer_managed_key\` block or an \`azurerm_storage_account_customer_managed_key\`.`);
  }
}

export default iacAzureStorage;
