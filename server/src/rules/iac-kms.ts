import { getValue } from '../analysis/iac/model';
import { policyStatements } from '../analysis/iac/policy';
import { createIacRule, type IacRun } from './iacRule';

const RULE_ID = 'iac-kms';

/**
 * KMS keys that protect PHI: symmetric keys rotate (declarative, rules/iac/iac-kms.yaml), and no
 * key policy statement lets anyone use the key without a condition.
 */
export const iacKms = createIacRule({
  id: RULE_ID,
  description: 'KMS keys must rotate, and their key policies must not allow Principal "*" without a condition.',
  references: ['HIPAA-164.312(a)(2)(iv)', 'HIPAA-164.312(a)(1)', 'CPRA-1798.150', 'CWE-732'],
  fixable: true,
  code: [checkKeyPolicies],
});

function checkKeyPolicies(run: IacRun): void {
  const terraform = run.format === 'terraform';
  for (const key of run.resources(terraform ? 'aws_kms_key' : 'AWS::KMS::Key')) {
    const statements = policyStatements(run.document, getValue(key.properties, terraform ? 'policy' : 'KeyPolicy'), key.file) ?? [];
    for (const statement of statements) {
      if (statement.effect !== 'Allow' || !statement.principalIsAnyone || statement.conditions.length > 0 || statement.file !== run.document.file) continue;
      const actions = statement.actions && statement.actions.length > 0 ? statement.actions.map((action) => `\`${action}\``).join(', ') : 'its actions';
      run.report('kms-no-wildcard-principal', key, `${run.label(key)} has a key policy statement that allows ${actions} to Principal \`*\` with no condition: any AWS account can use the key to decrypt what it protects. Name the account's principals, or add a condition (\`kms:CallerAccount\`, \`kms:ViaService\`, \`aws:PrincipalOrgID\`).`, {
        at: statement.principalSpan ?? statement.span,
      });
    }
  }
}

export default iacKms;
