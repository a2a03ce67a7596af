import { createIacRule } from './iacRule';

/**
 * Azure Cosmos DB accounts and Key Vaults (azurerm Terraform, ARM, Bicep): Cosmos DB not public
 * and with a customer-managed key, Key Vaults with soft delete, purge protection and default-deny
 * network ACLs. Declarative checks, all of them: rules/iac/iac-azure-cosmos-key-vault.yaml.
 */
export const iacAzureCosmosKeyVault = createIacRule({
  id: 'iac-azure-cosmos-key-vault',
  description: 'Azure Cosmos DB accounts that may hold PHI must not be public and must use a customer-managed key; Key Vaults must keep soft delete, have purge protection and deny network access by default.',
  references: ['HIPAA-164.312(a)(2)(iv)', 'HIPAA-164.312(a)(1)', 'HIPAA-164.312(c)(1)', 'CPRA-1798.150', 'CWE-311', 'CWE-284'],
  fixable: true,
});

export default iacAzureCosmosKeyVault;
