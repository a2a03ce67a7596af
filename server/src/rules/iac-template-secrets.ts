import { getValue, type IacEntry, type IacFormat, type IacParameter, type IacResource, type IacValue } from '../analysis/iac/model';
import { normalizedTokens, tokenize } from '../analysis/tokenize';
import type { Fix } from '../core/types';
import { createIacRule, type IacRun } from './iacRule';

const RULE_ID = 'iac-template-secrets';

/**
 * Secrets written into templates: database master passwords, auth tokens, secret strings and
 * secret-looking Lambda environment variables given as literals (or through a parameter's or
 * variable's default), and parameters or variables that carry secrets without NoEcho /
 * sensitive. A template lives in git, in CI logs and in the CloudFormation console: whatever is
 * written in it is as good as published to everyone who can read those.
 */
export const iacTemplateSecrets = createIacRule({
  id: RULE_ID,
  description: 'Passwords, tokens and keys must not be written in templates; parameters and variables that carry them must be NoEcho / sensitive.',
  references: ['HIPAA-164.312(a)(1)', 'HIPAA-164.312(d)', 'CPRA-1798.150', 'CPRA-1798.81.5', 'CWE-798'],
  fixable: true,
  code: [checkSecretProperties, checkEnvironment, checkParameters],
});

/** Properties that hold a secret, wherever they are. */
const SECRET_PROPERTIES: Partial<Record<IacFormat, Set<string>>> = {
  cloudformation: new Set(['MasterUserPassword', 'MasterPassword', 'Password', 'AuthToken', 'SecretString', 'ClientSecret', 'AdminPassword', 'DBPassword']),
  terraform: new Set(['password', 'master_password', 'auth_token', 'secret_string', 'client_secret', 'admin_password', 'token']),
};

const SECRET_WORDS = ['password', 'passwd', 'pwd', 'secret', 'token', 'apikey', 'api key', 'private key', 'access key', 'credential', 'credentials'];
const NOT_SECRET_WORDS = new Set(['arn', 'name', 'id', 'length', 'url', 'uri', 'endpoint', 'header', 'type', 'policy', 'rotation', 'version', 'path', 'param', 'parameter', 'key id', 'prefix', 'ttl', 'expiry', 'expiration', 'enabled']);

/** Whether a name (an environment variable, a parameter) says it carries a secret. */
export function namesSecret(name: string): boolean {
  const tokens = normalizedTokens(name);
  const text = tokens.join(' ');
  const squashed = tokens.join('');
  if (!SECRET_WORDS.some((word) => (word.includes(' ') ? text.includes(word) || squashed.includes(word.replace(/ /g, '')) : tokens.includes(word) || squashed.endsWith(word)))) return false;
  const last = tokens[tokens.length - 1];
  return !NOT_SECRET_WORDS.has(last) && !NOT_SECRET_WORDS.has(tokens.slice(-2).join(' '));
}

/** `{{resolve:secretsmanager:...}}`, `{{resolve:ssm-secure:...}}`: CloudFormation fetches it at deploy time. */
function isDynamicReference(text: string): boolean {
  return /\{\{resolve:(secretsmanager|ssm-secure):/.test(text);
}

/** A literal secret, directly or through a default; undefined when the value is fine. */
function literalSecret(run: IacRun, value: IacValue): { via?: string } | undefined {
  const resolved = run.resolve(value);
  if (resolved.state !== 'value' || resolved.value.kind !== 'string') return undefined;
  const text = resolved.value.value;
  if (text.trim() === '' || isDynamicReference(text)) return undefined;
  return { via: resolved.via };
}

function parameterFix(run: IacRun, resource: IacResource, key: string, value: IacValue, safeName: string): Fix | undefined {
  const terraform = run.format === 'terraform';
  const name = safeName;
  return run.fix(
    `Move the secret to ${terraform ? 'a sensitive variable' : 'a NoEcho parameter'} \`${name}\` (pass it at deploy time, or use Secrets Manager)`,
    [run.editor.replaceValue(value, { $ref: terraform ? `var.${name}` : name }), run.editor.addParameter(name, { type: terraform ? 'string' : 'String', description: `${key} of ${resource.name}`, secret: true })],
    false,
  );
}

function reportLiteral(run: IacRun, resource: IacResource, entry: IacEntry, what: string, advice: string): void {
  const found = literalSecret(run, entry.value);
  if (!found) return;
  const terraform = run.format === 'terraform';
  // Parameter names are alphanumeric in CloudFormation, snake_case by convention in Terraform.
  const tokens = tokenize(`${terraform ? resource.name.split('.').pop()! : resource.name} ${entry.key}`.replace(/_/g, ' '));
  const name = terraform ? tokens.join('_') : tokens.map((token) => token[0].toUpperCase() + token.slice(1)).join('');
  run.report(
    'no-literal-secrets',
    resource,
    `${run.label(resource)} has its ${what} \`${entry.key}\` written in the ${terraform ? 'configuration' : 'template'}${found.via ? ` (${found.via})` : ''}: everyone who can read the repository, the CI logs or the ${terraform ? 'state' : 'stack'} has it. ${advice}`,
    { at: entry.value.span, fixes: [found.via ? undefined : parameterFix(run, resource, entry.key, entry.value, name)] },
  );
}

function checkSecretProperties(run: IacRun): void {
  const names = SECRET_PROPERTIES[run.format];
  if (!names) return;
  const advice =
    run.format === 'terraform'
      ? 'Let the service manage it (`manage_master_user_password = true` for RDS), or read it from Secrets Manager; mark variables that carry it `sensitive`.'
      : 'Use `ManageMasterUserPassword: true`, a dynamic reference (`{{resolve:secretsmanager:...}}`), or a NoEcho parameter without a default.';
  const walk = (resource: IacResource, value: IacValue | undefined, depth: number) => {
    if (!value || depth > 4 || value.kind !== 'map') return;
    for (const entry of value.entries) {
      if (names.has(entry.key)) reportLiteral(run, resource, entry, 'secret', advice);
      else if (entry.value.kind === 'map' && !/^(Environment|environment|Tags|tags)$/.test(entry.key)) walk(resource, entry.value, depth + 1);
    }
  };
  for (const resource of run.resources()) walk(resource, resource.properties, 0);
}

function checkEnvironment(run: IacRun): void {
  const terraform = run.format === 'terraform';
  const functions = terraform ? run.resources('aws_lambda_function') : run.resources('AWS::Lambda::Function', 'AWS::Serverless::Function');
  for (const fn of functions) {
    const variables = getValue(getValue(fn.properties, terraform ? 'environment' : 'Environment'), terraform ? 'variables' : 'Variables');
    if (variables?.kind !== 'map') continue;
    for (const entry of variables.entries) {
      if (!namesSecret(entry.key)) continue;
      reportLiteral(run, fn, entry, 'environment variable', 'Store the secret in Secrets Manager or Parameter Store (SecureString) and read it at run time; environment variables are shown in the console to anyone who can view the function.');
    }
  }
}

function checkParameters(run: IacRun): void {
  const terraform = run.format === 'terraform';
  for (const parameter of run.document.parameters.values()) {
    if (parameter.file !== run.document.file || !namesSecret(parameter.name)) continue;
    const subject: IacResource = {
      format: run.format,
      file: parameter.file,
      mode: 'resource',
      type: terraform ? 'variable' : 'AWS::CloudFormation::Parameter',
      name: parameter.name,
      nameSpan: parameter.span,
      span: parameter.span,
      container: { kind: 'map', entries: [], span: parameter.span },
    };
    if (parameter.default && parameter.default.kind === 'string' && parameter.default.value.trim() !== '' && !isDynamicReference(parameter.default.value)) {
      run.report('no-literal-secrets', subject, `${terraform ? 'Variable' : 'Parameter'} \`${parameter.name}\` carries a secret and has it as its default: the default is written in the ${terraform ? 'configuration' : 'template'} for everyone who reads it. Remove the default and pass the value at deploy time.`, {
        at: parameter.default.span,
      });
    }
    if (parameter.secret) continue;
    const edit = secretFlagEdit(run, parameter);
    run.report(
      'secret-parameters-hidden',
      subject,
      terraform
        ? `Variable \`${parameter.name}\` carries a secret but is not \`sensitive\`: Terraform prints its value in plans and outputs. Add \`sensitive = true\`.`
        : `Parameter \`${parameter.name}\` carries a secret but is not \`NoEcho\`: CloudFormation shows its value in the console and in DescribeStacks to anyone who can view the stack. Add \`NoEcho: true\`.`,
      { fixes: [edit ? run.fix(terraform ? 'Add `sensitive = true`' : 'Add `NoEcho: true`', [edit], true) : undefined] },
    );
  }
}

/** `NoEcho: true` in a CloudFormation parameter, `sensitive = true` in a Terraform variable. */
function secretFlagEdit(run: IacRun, parameter: IacParameter) {
  const definition = parameter.definition;
  if (!definition) return undefined;
  if (run.format === 'cloudformation') return definition.entries.length > 0 ? run.editor.insertEntry(definition, 'NoEcho', true) : undefined;
  // The variable block, as the editor inserts into resources.
  const variable: IacResource = { format: 'terraform', file: parameter.file, mode: 'resource', type: 'variable', name: parameter.name, nameSpan: parameter.span, span: parameter.span, properties: definition, container: definition, braces: parameter.braces };
  return run.editor.insertEntry(definition, 'sensitive', true, { resource: variable });
}

export default iacTemplateSecrets;
