#!/usr/bin/env node
// Benchmarks the infrastructure-as-code rules: a full scan against parsing alone, over a
// generated corpus of CloudFormation (YAML and JSON) templates, Terraform modules, ARM templates
// and Bicep files, in total and per format.
//
//   npm run bench:iac [-- options]
//
// The corpus is generated deterministically (a seeded PRNG) into a temp folder: templates and
// modules of 5 to 60 resources each, mixing S3 buckets (with the Terraform v4 split resources in
// sibling files), RDS, DynamoDB, KMS, security groups, log groups, trails, listeners and IAM
// policies, some tagged as PHI, some misconfigured; ARM and Bicep files mix storage accounts, SQL
// servers with auditing, Key Vaults, Cosmos DB accounts, NSGs and activity log profiles, with
// parameters and variables; AWS CDK stacks and Pulumi programs (TypeScript) create the same AWS
// stores as constructs. Both measures run in the same process on the
// same files, after a warm-up pass: `parse` is the parse adapters alone (YAML/JSON with positions,
// tree-sitter for Terraform and Bicep, the TypeScript parser for programs), `scan` is the engine linting each file with every rule, as the
// CLI and the editor do (Terraform files also read their module's other files).
//
// Options:
//   --files N    corpus size, split evenly between YAML, JSON, Terraform, ARM, Bicep, CDK and Pulumi (default 500)
//   --runs N     timed passes per measure; the median is reported (default 3)
//   --seed N     corpus seed (default 1)
//   --keep       keep the generated corpus and print where it is
//   --json       print a machine-readable summary
//   --help

import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function parseArgs(argv) {
  const options = { files: 500, runs: 3, seed: 1, keep: false, json: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help') {
      console.log(fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').filter((line) => line.startsWith('//')).map((line) => line.slice(3)).join('\n'));
      process.exit(0);
    } else if (arg === '--keep') options.keep = true;
    else if (arg === '--json') options.json = true;
    else if (['--files', '--runs', '--seed'].includes(arg)) options[arg.slice(2)] = Number(argv[++i]);
    else {
      console.error(`bench-iac: unknown option ${arg}`);
      process.exit(2);
    }
  }
  return options;
}

// ---------------------------------------------------------------------------------------------
// Corpus

function mulberry32(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = ['patient-records', 'claims', 'scratch', 'build-cache', 'lab-results', 'imaging', 'assets', 'exports', 'audit', 'intake', 'billing', 'sessions'];

function pascal(name) {
  return name.replace(/(^|-)([a-z])/g, (_, __, letter) => letter.toUpperCase());
}

/** One CloudFormation resource as a plain object (written as YAML or JSON later). */
function cfnResource(random, index) {
  const name = `${pascal(NAMES[Math.floor(random() * NAMES.length)])}${index}`;
  const phi = random() < 0.3;
  const tags = phi ? [{ Key: 'DataClassification', Value: 'PHI' }] : [{ Key: 'Team', Value: 'platform' }];
  const good = random() < 0.5;
  switch (Math.floor(random() * 8)) {
    case 0:
      return [name, { Type: 'AWS::S3::Bucket', Properties: { Tags: tags, ...(good ? { BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] }, VersioningConfiguration: { Status: 'Enabled' }, PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true } } : {}) } }];
    case 1:
      return [name, { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'postgres', DBInstanceClass: 'db.t4g.medium', StorageEncrypted: good, PubliclyAccessible: !good, MasterUsername: 'app', ManageMasterUserPassword: true, Tags: tags } }];
    case 2:
      return [name, { Type: 'AWS::DynamoDB::Table', Properties: { BillingMode: 'PAY_PER_REQUEST', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], ...(good ? { SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: 'alias/tables' }, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } } : {}), Tags: tags } }];
    case 3:
      return [name, { Type: 'AWS::KMS::Key', Properties: { Description: name, EnableKeyRotation: good } }];
    case 4:
      return [name, { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: name, SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: good ? 443 : 22, ToPort: good ? 443 : 22, CidrIp: '0.0.0.0/0' }] } }];
    case 5:
      return [name, { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: `/aws/lambda/${name}`, ...(good ? { RetentionInDays: 30, KmsKeyId: 'arn:aws:kms:us-east-1:111122223333:key/logs' } : {}) } }];
    case 6:
      return [name, { Type: 'AWS::ElasticLoadBalancingV2::Listener', Properties: { Port: good ? 443 : 80, Protocol: good ? 'HTTPS' : 'HTTP', SslPolicy: good ? 'ELBSecurityPolicy-TLS13-1-2-2021-06' : undefined, DefaultActions: [{ Type: 'forward', TargetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/x' }] } }];
    default:
      return [name, { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: good ? ['s3:GetObject'] : ['s3:GetObject', 'dynamodb:Query'], Resource: good ? 'arn:aws:s3:::acme/*' : '*' }] } } }];
  }
}

function yamlOf(value, indent = '') {
  if (Array.isArray(value)) return value.map((item) => `\n${indent}- ${yamlOf(item, `${indent}  `).replace(/^\n\s*/, '')}`).join('');
  if (value && typeof value === 'object') {
    return Object.entries(value)
      .filter(([, inner]) => inner !== undefined)
      .map(([key, inner]) => `\n${indent}${key}:${inner && typeof inner === 'object' ? yamlOf(inner, `${indent}  `) : ` ${typeof inner === 'string' && /^[\d*]|^(true|false)$/.test(inner) ? `'${inner}'` : inner}`}`)
      .join('');
  }
  return String(value);
}

function cloudFormation(random, json) {
  const count = 5 + Math.floor(random() * 55);
  const resources = Object.fromEntries(Array.from({ length: count }, (_, index) => cfnResource(random, index)));
  const template = { AWSTemplateFormatVersion: '2010-09-09', Description: 'Generated for the phi-lint IaC bench', Resources: resources };
  return json ? `${JSON.stringify(template, null, 2)}\n` : `# generated\n${yamlOf(template).replace(/^\n/, '')}\n`;
}

function terraformModule(random) {
  const count = 5 + Math.floor(random() * 55);
  const main = [];
  const controls = [];
  const variables = ['variable "env" {\n  type    = string\n  default = "prod"\n}\n', 'locals {\n  common_tags = { Team = "platform" }\n}\n'];
  for (let index = 0; index < count; index++) {
    const name = `${NAMES[Math.floor(random() * NAMES.length)].replace(/-/g, '_')}_${index}`;
    const phi = random() < 0.3;
    const good = random() < 0.5;
    const tags = phi ? 'merge(local.common_tags, { DataClassification = "PHI" })' : 'local.common_tags';
    switch (Math.floor(random() * 6)) {
      case 0:
        main.push(`resource "aws_s3_bucket" "${name}" {\n  bucket = "acme-${name.replace(/_/g, '-')}-\${var.env}"\n  tags   = ${tags}\n}\n`);
        if (good) {
          controls.push(`resource "aws_s3_bucket_server_side_encryption_configuration" "${name}" {\n  bucket = aws_s3_bucket.${name}.id\n  rule {\n    apply_server_side_encryption_by_default {\n      sse_algorithm = "aws:kms"\n    }\n  }\n}\n`);
          controls.push(`resource "aws_s3_bucket_public_access_block" "${name}" {\n  bucket                  = aws_s3_bucket.${name}.id\n  block_public_acls       = true\n  block_public_policy     = true\n  ignore_public_acls      = true\n  restrict_public_buckets = true\n}\n`);
          controls.push(`resource "aws_s3_bucket_versioning" "${name}" {\n  bucket = aws_s3_bucket.${name}.id\n  versioning_configuration {\n    status = "Enabled"\n  }\n}\n`);
        }
        break;
      case 1:
        main.push(`resource "aws_db_instance" "${name}" {\n  engine              = "postgres"\n  instance_class      = "db.t4g.medium"\n  storage_encrypted   = ${good}\n  publicly_accessible = ${!good}\n  tags                = ${tags}\n}\n`);
        break;
      case 2:
        main.push(`resource "aws_security_group" "${name}" {\n  ingress {\n    from_port   = ${good ? 443 : 3389}\n    to_port     = ${good ? 443 : 3389}\n    protocol    = "tcp"\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n}\n`);
        break;
      case 3:
        main.push(`resource "aws_kms_key" "${name}" {\n  description         = "${name}"\n  enable_key_rotation = ${good}\n}\n`);
        break;
      case 4:
        main.push(`resource "aws_cloudwatch_log_group" "${name}" {\n  name = "/aws/lambda/${name}"${good ? '\n  retention_in_days = 30\n  kms_key_id        = "arn:aws:kms:us-east-1:111122223333:key/logs"' : ''}\n}\n`);
        break;
      default:
        main.push(`resource "aws_iam_policy" "${name}" {\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Effect   = "Allow"\n      Action   = ["dynamodb:Query"]\n      Resource = ${good ? `"arn:aws:dynamodb:us-east-1:111122223333:table/${name}"` : '"*"'}\n    }]\n  })\n}\n`);
    }
  }
  return { 'main.tf': main.join('\n'), 'controls.tf': controls.join('\n'), 'variables.tf': variables.join('\n') };
}

/** One Azure resource, as the ARM (plain object) and Bicep (text) forms of the same thing. */
function azureResource(random, index) {
  const base = NAMES[Math.floor(random() * NAMES.length)];
  const symbol = `${base.replace(/-(\w)/g, (_, letter) => letter.toUpperCase())}${index}`;
  const name = `acme${base.replace(/-/g, '')}${index}`;
  const phi = random() < 0.3;
  const good = random() < 0.5;
  const tags = phi ? { DataClassification: 'PHI' } : { Team: 'platform' };
  const resource = (type, properties, children = []) => ({ type, apiVersion: '2023-01-01', name, location: "[parameters('location')]", tags, properties, children });
  switch (Math.floor(random() * 6)) {
    case 0:
      return { symbol, ...resource('Microsoft.Storage/storageAccounts', good ? { supportsHttpsTrafficOnly: true, minimumTlsVersion: 'TLS1_2', allowBlobPublicAccess: false, networkAcls: { defaultAction: 'Deny', bypass: 'AzureServices' }, encryption: { keySource: 'Microsoft.Keyvault' } } : { minimumTlsVersion: "[parameters('tls')]" }) };
    case 1:
      return { symbol, ...resource('Microsoft.Sql/servers', { publicNetworkAccess: good ? 'Disabled' : 'Enabled', minimalTlsVersion: '1.2' }, good ? [{ type: 'auditingSettings', name: 'default', properties: { state: 'Enabled', retentionDays: 2192 } }] : []) };
    case 2:
      return { symbol, ...resource('Microsoft.KeyVault/vaults', { tenantId: "[subscription().tenantId]", enablePurgeProtection: good, ...(good ? { networkAcls: { defaultAction: 'Deny' } } : {}) }) };
    case 3:
      return { symbol, ...resource('Microsoft.DocumentDB/databaseAccounts', { databaseAccountOfferType: 'Standard', publicNetworkAccess: good ? 'Disabled' : 'Enabled' }) };
    case 4:
      return { symbol, ...resource('Microsoft.Network/networkSecurityGroups', { securityRules: [{ name: 'admin', properties: { direction: 'Inbound', access: 'Allow', protocol: 'Tcp', sourceAddressPrefix: good ? '10.0.0.0/16' : '*', destinationPortRange: good ? '443' : '3389', priority: 100 } }] }) };
    default:
      return { symbol, ...resource('Microsoft.Insights/logprofiles', { categories: ['Write', 'Delete'], retentionPolicy: { enabled: true, days: good ? 2192 : 30 } }) };
  }
}

function armTemplate(resources) {
  const strip = ({ symbol: _symbol, children, ...rest }) => (children.length > 0 ? { ...rest, resources: children.map((child) => ({ ...child, apiVersion: rest.apiVersion })) } : rest);
  const template = {
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    parameters: { location: { type: 'string', defaultValue: 'eastus' }, tls: { type: 'string', defaultValue: 'TLS1_0' } },
    variables: { prefix: 'acme' },
    resources: resources.map(strip),
  };
  return `${JSON.stringify(template, null, 2)}\n`;
}

function bicepValue(value, indent) {
  if (typeof value === 'string') {
    const parameter = /^\[parameters\('(\w+)'\)\]$/.exec(value);
    if (parameter) return parameter[1];
    if (value === '[subscription().tenantId]') return 'subscription().tenantId';
    return `'${value}'`;
  }
  if (typeof value !== 'object' || value === null) return String(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) return `[${value.map((item) => `\n${inner}${bicepValue(item, inner)}`).join('')}\n${indent}]`;
  return `{${Object.entries(value).map(([key, item]) => `\n${inner}${key}: ${bicepValue(item, inner)}`).join('')}\n${indent}}`;
}

function bicepFile(resources) {
  const out = ["param location string = 'eastus'", "param tls string = 'TLS1_0'", "var prefix = 'acme'", ''];
  for (const { symbol, type, apiVersion, name, location, tags, properties, children } of resources) {
    out.push(`// ${symbol}`);
    out.push(`resource ${symbol} '${type}@${apiVersion}' = {`);
    out.push(`  name: '${name}'`, `  location: ${bicepValue(location, '  ')}`, `  tags: ${bicepValue(tags, '  ')}`, `  properties: ${bicepValue(properties, '  ')}`);
    for (const child of children) out.push('', `  resource ${child.type}${symbol} '${child.type}' = {`, `    name: '${child.name}'`, `    properties: ${bicepValue(child.properties, '    ')}`, '  }');
    out.push('}', '');
  }
  return out.join('\n');
}

/** The same Azure resources as an ARM template and as a Bicep file. */
function azureFiles(random) {
  const count = 5 + Math.floor(random() * 55);
  const resources = Array.from({ length: count }, (_, index) => azureResource(random, index));
  return { arm: armTemplate(resources), bicep: bicepFile(resources) };
}

/** One AWS CDK stack (TypeScript): buckets, databases, tables, log groups, security groups. */
function cdkProgram(random) {
  const count = 5 + Math.floor(random() * 55);
  const body = [];
  for (let index = 0; index < count; index++) {
    const id = `${pascal(NAMES[Math.floor(random() * NAMES.length)])}${index}`;
    const good = random() < 0.5;
    switch (Math.floor(random() * 5)) {
      case 0:
        body.push(`    const b${index} = new s3.Bucket(this, '${id}', ${good ? "{ encryption: s3.BucketEncryption.KMS, blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL, enforceSSL: true, versioned: true, serverAccessLogsBucket: logs0 }" : '{ versioned: false }'});`);
        if (random() < 0.3) body.push(`    Tags.of(b${index}).add('DataClassification', 'PHI');`);
        break;
      case 1:
        body.push(`    new rds.DatabaseInstance(this, '${id}', { engine, vpc: props.vpc, ${good ? 'storageEncryptionKey: key' : 'publiclyAccessible: true'} });`);
        break;
      case 2:
        body.push(`    new dynamodb.Table(this, '${id}', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING }${good ? ', encryptionKey: key, pointInTimeRecovery: true' : ''} });`);
        break;
      case 3:
        body.push(`    new logs.LogGroup(this, '${id}', { retention: logs.RetentionDays.${good ? 'ONE_MONTH' : 'INFINITE'}${good ? ', encryptionKey: key' : ''} });`);
        break;
      default:
        body.push(`    const sg${index} = new ec2.SecurityGroup(this, '${id}', { vpc: props.vpc });`, `    sg${index}.addIngressRule(ec2.Peer.${good ? "ipv4('10.0.0.0/16')" : 'anyIpv4()'}, ec2.Port.tcp(${good ? 443 : 22}));`);
    }
  }
  return [
    "import { Stack, Tags, type StackProps } from 'aws-cdk-lib';",
    "import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';",
    "import * as ec2 from 'aws-cdk-lib/aws-ec2';",
    "import * as kms from 'aws-cdk-lib/aws-kms';",
    "import * as logs from 'aws-cdk-lib/aws-logs';",
    "import * as rds from 'aws-cdk-lib/aws-rds';",
    "import * as s3 from 'aws-cdk-lib/aws-s3';",
    "import type { Construct } from 'constructs';",
    '',
    'export class GeneratedStack extends Stack {',
    '  constructor(scope: Construct, id: string, props: StackProps & { vpc: ec2.IVpc }) {',
    '    super(scope, id, props);',
    "    const key = new kms.Key(this, 'Key', { enableKeyRotation: true });",
    "    const logs0 = new s3.Bucket(this, 'AccessLogs', { encryptionKey: key, enforceSSL: true, versioned: true });",
    '    const engine = rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 });',
    ...body,
    '  }',
    '}',
    '',
  ].join('\n');
}

/** One Pulumi program (TypeScript) with the provider's split S3 resources. */
function pulumiProgram(random) {
  const count = 5 + Math.floor(random() * 55);
  const body = ["const key = new aws.kms.Key('key', { enableKeyRotation: true });"];
  for (let index = 0; index < count; index++) {
    const name = `${NAMES[Math.floor(random() * NAMES.length)]}-${index}`;
    const good = random() < 0.5;
    const tags = random() < 0.3 ? "{ DataClassification: 'PHI' }" : "{ Team: 'platform' }";
    switch (Math.floor(random() * 5)) {
      case 0:
        body.push(`const b${index} = new aws.s3.BucketV2('${name}', { tags: ${tags} });`);
        if (good) {
          body.push(`new aws.s3.BucketServerSideEncryptionConfigurationV2('${name}-sse', { bucket: b${index}.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: key.arn } }] });`);
          body.push(`new aws.s3.BucketPublicAccessBlock('${name}-block', { bucket: b${index}.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });`);
          body.push(`new aws.s3.BucketVersioningV2('${name}-versioning', { bucket: b${index}.id, versioningConfiguration: { status: 'Enabled' } });`);
        }
        break;
      case 1:
        body.push(`new aws.rds.Instance('${name}', { engine: 'postgres', instanceClass: 'db.t4g.medium', storageEncrypted: ${good}, publiclyAccessible: ${!good}, tags: ${tags} });`);
        break;
      case 2:
        body.push(`new aws.dynamodb.Table('${name}', { hashKey: 'id', attributes: [{ name: 'id', type: 'S' }]${good ? ', serverSideEncryption: { enabled: true, kmsKeyArn: key.arn }, pointInTimeRecovery: { enabled: true }' : ''}, tags: ${tags} });`);
        break;
      case 3:
        body.push(`new aws.cloudwatch.LogGroup('${name}', { ${good ? 'retentionInDays: 30, kmsKeyId: key.arn' : ''} });`);
        break;
      default:
        body.push(`new aws.ec2.SecurityGroup('${name}', { ingress: [{ protocol: 'tcp', fromPort: ${good ? 443 : 3389}, toPort: ${good ? 443 : 3389}, cidrBlocks: ['0.0.0.0/0'] }] });`);
    }
  }
  return ["import * as aws from '@pulumi/aws';", '', ...body, ''].join('\n');
}

/** What a corpus file is, by the folder it is generated into. */
function kindOf(file) {
  return path.basename(path.dirname(path.dirname(file))) === 'terraform' ? 'terraform' : path.basename(path.dirname(file));
}

const KINDS = [
  { kind: 'cloudformation', label: 'CloudFormation YAML' },
  { kind: 'cloudformation-json', label: 'CloudFormation JSON' },
  { kind: 'terraform', label: 'Terraform' },
  { kind: 'arm', label: 'ARM' },
  { kind: 'bicep', label: 'Bicep' },
  { kind: 'cdk', label: 'AWS CDK (TS)' },
  { kind: 'pulumi', label: 'Pulumi (TS)' },
];

function generate(dir, options) {
  const random = mulberry32(options.seed);
  const perKind = Math.max(1, Math.floor(options.files / KINDS.length));
  const files = [];
  for (let i = 0; i < perKind; i++) {
    const { arm, bicep } = azureFiles(random);
    const armFile = path.join(dir, 'arm', `azuredeploy-${i}.json`);
    const bicepFileName = path.join(dir, 'bicep', `main-${i}.bicep`);
    fs.mkdirSync(path.dirname(armFile), { recursive: true });
    fs.mkdirSync(path.dirname(bicepFileName), { recursive: true });
    fs.writeFileSync(armFile, arm);
    fs.writeFileSync(bicepFileName, bicep);
    files.push(armFile, bicepFileName);
  }
  for (let i = 0; i < perKind; i++) {
    const yamlFile = path.join(dir, 'cloudformation', `stack-${i}.yaml`);
    const jsonFile = path.join(dir, 'cloudformation-json', `stack-${i}.json`);
    fs.mkdirSync(path.dirname(yamlFile), { recursive: true });
    fs.mkdirSync(path.dirname(jsonFile), { recursive: true });
    fs.writeFileSync(yamlFile, cloudFormation(random, false));
    fs.writeFileSync(jsonFile, cloudFormation(random, true));
    files.push(yamlFile, jsonFile);
  }
  for (let i = 0; i < perKind; i++) {
    const cdkFile = path.join(dir, 'cdk', `stack-${i}.ts`);
    const pulumiFile = path.join(dir, 'pulumi', `index-${i}.ts`);
    fs.mkdirSync(path.dirname(cdkFile), { recursive: true });
    fs.mkdirSync(path.dirname(pulumiFile), { recursive: true });
    fs.writeFileSync(cdkFile, cdkProgram(random));
    fs.writeFileSync(pulumiFile, pulumiProgram(random));
    files.push(cdkFile, pulumiFile);
  }
  // Terraform: modules of three files; every file counts.
  for (let i = 0; files.length < perKind * KINDS.length; i++) {
    const moduleDir = path.join(dir, 'terraform', `module-${i}`);
    fs.mkdirSync(moduleDir, { recursive: true });
    for (const [name, text] of Object.entries(terraformModule(random))) {
      if (files.length >= perKind * KINDS.length) break;
      fs.writeFileSync(path.join(moduleDir, name), text);
      files.push(path.join(moduleDir, name));
    }
  }
  return files;
}

// ---------------------------------------------------------------------------------------------
// Measures

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const out = (relative) => require(path.join(ROOT, 'out', 'server', 'src', relative));
  if (!fs.existsSync(path.join(ROOT, 'out', 'server', 'src', 'engine', 'linter.js'))) {
    console.error('bench-iac: run `npm run build` first');
    process.exit(2);
  }
  const { prepareAdapters, adapterFor } = out('parse/adapters.js');
  const { languageOf } = out('parse/languages.js');
  const { LineIndex } = out('core/lineIndex.js');
  const { Linter } = out('engine/linter.js');
  const { bundledCatalog } = out('catalog/catalog.js');
  const { defaultConfig } = out('config/config.js');
  const { isParseFailure } = out('parse/documents.js');
  const { parseScript } = out('parse/typescript.js');
  await prepareAdapters();

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phi-lint-bench-iac-'));
  try {
    const files = generate(dir, options);
    const texts = files.map((file) => ({ file, text: fs.readFileSync(file, 'utf8'), language: languageOf(file), kind: kindOf(file) }));
    const bytes = texts.reduce((sum, entry) => sum + entry.text.length, 0);
    const lines = texts.reduce((sum, entry) => sum + entry.text.split('\n').length, 0);
    const linter = new Linter(bundledCatalog(), defaultConfig(dir));

    let parseFailures = 0;
    const parseAll = (subset = texts) => {
      for (const { file, text, language } of subset) {
        // CDK and Pulumi programs: the TypeScript parser the engine uses for every script.
        const parsed = language === 'javascript' ? parseScript(file, text, new LineIndex(text)) : adapterFor(language).parse(file, text, new LineIndex(text));
        if (isParseFailure(parsed)) parseFailures++;
      }
    };
    let findings = 0;
    const bySeverity = {};
    const findingsByKind = {};
    const scanAll = (count, subset = texts) => {
      for (const { file, text, kind } of subset) {
        const output = linter.lint(file, text);
        if (count) {
          findings += output.findings.length;
          findingsByKind[kind] = (findingsByKind[kind] ?? 0) + output.findings.length;
          for (const finding of output.findings) {
            bySeverity[finding.severity] = (bySeverity[finding.severity] ?? 0) + 1;
            if (finding.ruleId === 'parse-error' || finding.ruleId === 'internal-error') throw new Error(`${file}: ${finding.ruleId}: ${finding.message}`);
          }
        }
      }
    };
    // Warm-up: JIT, the IaC catalog, the module files' cache.
    parseAll();
    scanAll(true);
    if (parseFailures > 0) throw new Error(`${parseFailures} generated files do not parse`);

    const timed = (fn) => {
      const start = performance.now();
      fn();
      return performance.now() - start;
    };
    const parseTimes = [];
    const scanTimes = [];
    for (let run = 0; run < options.runs; run++) {
      // Alternate the order, so that neither measure always runs on a warmer process.
      if (run % 2 === 0) {
        parseTimes.push(timed(parseAll));
        scanTimes.push(timed(() => scanAll(false)));
      } else {
        scanTimes.push(timed(() => scanAll(false)));
        parseTimes.push(timed(parseAll));
      }
    }
    const parseMs = median(parseTimes);
    const scanMs = median(scanTimes);
    // Per format: the same two measures over each format's files alone.
    const perFormat = KINDS.map(({ kind, label }) => {
      const subset = texts.filter((entry) => entry.kind === kind);
      const parseRuns = [];
      const scanRuns = [];
      for (let run = 0; run < options.runs; run++) {
        if (run % 2 === 0) {
          parseRuns.push(timed(() => parseAll(subset)));
          scanRuns.push(timed(() => scanAll(false, subset)));
        } else {
          scanRuns.push(timed(() => scanAll(false, subset)));
          parseRuns.push(timed(() => parseAll(subset)));
        }
      }
      const kindParse = median(parseRuns);
      const kindScan = median(scanRuns);
      return {
        kind,
        label,
        files: subset.length,
        findings: findingsByKind[kind] ?? 0,
        parseMs: Math.round(kindParse),
        scanMs: Math.round(kindScan),
        parseFilesPerSecond: Math.round((subset.length / kindParse) * 1000),
        scanFilesPerSecond: Math.round((subset.length / kindScan) * 1000),
        ratio: Number((kindScan / kindParse).toFixed(2)),
      };
    });
    const summary = {
      files: texts.length,
      kinds: Object.fromEntries(KINDS.map(({ kind }) => [kind, texts.filter((entry) => entry.kind === kind).length])),
      lines,
      kilobytes: Math.round(bytes / 1024),
      findings,
      bySeverity,
      runs: options.runs,
      parseMs: Math.round(parseMs),
      scanMs: Math.round(scanMs),
      parseFilesPerSecond: Math.round((texts.length / parseMs) * 1000),
      scanFilesPerSecond: Math.round((texts.length / scanMs) * 1000),
      ratio: Number((scanMs / parseMs).toFixed(2)),
      perFormat,
    };
    if (options.json) {
      console.log(JSON.stringify(summary, null, 2));
    } else {
      console.log(`corpus   ${summary.files} files (${KINDS.map(({ kind, label }) => `${summary.kinds[kind]} ${label}`).join(', ')}), ${summary.lines} lines, ${summary.kilobytes} KB, seed ${options.seed}`);
      console.log(`findings ${summary.findings} (${Object.entries(bySeverity).map(([severity, count]) => `${count} ${severity}`).join(', ')})`);
      console.log(`parse    ${String(summary.parseMs).padStart(6)} ms   ${String(summary.parseFilesPerSecond).padStart(6)} files/s   (adapters only, median of ${options.runs})`);
      console.log(`scan     ${String(summary.scanMs).padStart(6)} ms   ${String(summary.scanFilesPerSecond).padStart(6)} files/s   (engine, every rule, median of ${options.runs})`);
      console.log(`ratio scan/parse ${summary.ratio}`);
      console.log('');
      console.log(`per format           files   parse files/s   scan files/s   scan/parse   findings`);
      for (const row of perFormat) {
        console.log(`${row.label.padEnd(20)} ${String(row.files).padStart(5)}   ${String(row.parseFilesPerSecond).padStart(13)}   ${String(row.scanFilesPerSecond).padStart(12)}   ${String(row.ratio).padStart(10)}   ${String(row.findings).padStart(8)}`);
      }
    }
    if (options.keep) console.log(`corpus kept in ${dir}`);
  } finally {
    if (!options.keep) fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
