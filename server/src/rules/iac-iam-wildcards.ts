import { getValue, itemsOf, referencedResource, type IacResource, type IacValue } from '../analysis/iac/model';
import { policyStatements, type PolicyStatement } from '../analysis/iac/policy';
import { createIacRule, type IacRun } from './iacRule';

const RULE_ID = 'iac-iam-wildcards';

/**
 * Least privilege on PHI stores. An Allow statement must not grant every action (`*`), nor read
 * data (`s3:GetObject`, `dynamodb:Query`, `kms:Decrypt`, a whole service with `s3:*`) on every
 * resource, nor every action of a service on a PHI store.
 */
export const iacIamWildcards = createIacRule({
  id: RULE_ID,
  description: 'IAM policies must not allow every action, nor data access on every resource, nor every action on a PHI store.',
  references: ['HIPAA-164.312(a)(1)', 'HIPAA-164.502(b)', 'CPRA-1798.150', 'CWE-269'],
  fixable: false,
  code: [checkPolicies],
});

/** Actions that read or decrypt data in the services PHI is kept in. */
const DATA_ACTION = /^(s3|dynamodb|rds-data|rds|kms|secretsmanager|ssm|sqs|sns|kinesis|firehose|logs|es|aoss|healthlake|glue|athena|redshift-data|redshift|elasticfilesystem|backup):(\*|get\*|getobject.*|query|scan|batchgetitem|getitem|partiql.*|decrypt|getsecretvalue|getparameters?|executestatement|batchexecutestatement|receivemessage|getrecords|getlogevents|filterlogevents|eshttp.*|read.*|search.*|getquery.*)$/i;

interface PolicySource {
  /** The resource the statements are reported on. */
  resource: IacResource;
  statements: PolicyStatement[];
}

function policySources(run: IacRun): PolicySource[] {
  const sources: PolicySource[] = [];
  const add = (resource: IacResource, value: IacValue | undefined) => {
    if (!value) return;
    // A Terraform policy built from an aws_iam_policy_document is judged on the data source.
    if (run.format === 'terraform' && referencedResource(run.document, value)?.type === 'aws_iam_policy_document') return;
    const statements = policyStatements(run.document, value, resource.file);
    if (statements) sources.push({ resource, statements });
  };
  if (run.format === 'cloudformation') {
    for (const policy of run.resources('AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy')) add(policy, getValue(policy.properties, 'PolicyDocument'));
    for (const principal of run.resources('AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group')) {
      for (const inline of itemsOf(getValue(principal.properties, 'Policies'))) add(principal, getValue(inline, 'PolicyDocument'));
    }
    return sources;
  }
  for (const policy of run.resources('aws_iam_policy', 'aws_iam_role_policy', 'aws_iam_user_policy', 'aws_iam_group_policy')) add(policy, getValue(policy.properties, 'policy'));
  for (const role of run.resources('aws_iam_role')) for (const inline of itemsOf(getValue(role.properties, 'inline_policy'))) add(role, getValue(inline, 'policy'));
  for (const document of run.document.resources.filter((resource) => resource.mode === 'data' && resource.type === 'aws_iam_policy_document')) {
    const statements = policyStatements(run.document, { kind: 'ref', target: document.name, span: document.nameSpan }, document.file);
    if (statements) sources.push({ resource: document, statements });
  }
  return sources;
}

/** A PHI store in scope, for a statement on every resource (it covers them all). */
function anyPhiStore(run: IacRun): IacResource | undefined {
  return run.document.scope.find((resource) => resource.mode === 'resource' && !resource.type.includes('IAM') && !resource.type.startsWith('aws_iam') && run.assess(resource).phi);
}

function checkPolicies(run: IacRun): void {
  for (const { resource, statements } of policySources(run)) {
    for (const statement of statements) {
      if (statement.effect !== 'Allow' || statement.file !== run.document.file) continue;
      const actions = statement.actions ?? [];
      const resources = statement.resources ?? [];
      if (actions.some((action) => action === '*' || action === '*:*')) {
        run.report('iam-no-wildcard-action', resource, `${run.label(resource)} allows every action (\`Action: "*"\`): whoever holds this policy can read, change and delete every record the account stores, and grant themselves more. List the actions the workload calls.`, {
          at: statement.actionSpan ?? statement.span,
          store: resources.includes('*') ? anyPhiStore(run) : statement.resourceRefs.find((target) => run.assess(target).phi),
        });
        continue;
      }
      const serviceWide = actions.filter((action) => /^[a-z0-9-]+:\*$/i.test(action));
      const phiTarget = statement.resourceRefs.find((target) => run.assess(target).phi);
      if (serviceWide.length > 0 && phiTarget) {
        run.report('iam-no-wildcard-action', resource, `${run.label(resource)} allows ${serviceWide.map((action) => `\`${action}\``).join(', ')} on ${run.label(phiTarget)}: every action of the service, deleting the data and rewriting its policy included. List the actions the workload calls.`, {
          at: statement.actionSpan ?? statement.span,
          store: phiTarget,
        });
        continue;
      }
      const dataActions = actions.filter((action) => DATA_ACTION.test(action));
      if (resources.includes('*') && dataActions.length > 0) {
        const store = anyPhiStore(run);
        run.report(
          'iam-no-wildcard-resource-for-data',
          resource,
          `${run.label(resource)} allows ${dataActions.map((action) => `\`${action}\``).join(', ')} on every resource (\`Resource: "*"\`): it reads every bucket, table or key of the account${store ? `, ${run.label(store)} included` : ''}, not only the ones the workload needs. Name the resources.`,
          { at: statement.resourceSpan ?? statement.span, store },
        );
      }
    }
  }
}

export default iacIamWildcards;
