#!/usr/bin/env node
// Benchmarks the infrastructure-as-code rules: a full scan against parsing alone, over a
// generated corpus of CloudFormation (YAML and JSON) templates and Terraform modules.
//
//   npm run bench:iac [-- options]
//
// The corpus is generated deterministically (a seeded PRNG) into a temp folder: templates and
// modules of 5 to 60 resources each, mixing S3 buckets (with the Terraform v4 split resources in
// sibling files), RDS, DynamoDB, KMS, security groups, log groups, trails, listeners and IAM
// policies, some tagged as PHI, some misconfigured. Both measures run in the same process on the
// same files, after a warm-up pass: `parse` is the parse adapters alone (YAML/JSON with positions,
// tree-sitter for Terraform), `scan` is the engine linting each file with every rule, as the
// CLI and the editor do (Terraform files also read their module's other files).
//
// Options:
//   --files N    corpus size, split evenly between YAML, JSON and Terraform (default 600)
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
  const options = { files: 600, runs: 3, seed: 1, keep: false, json: false };
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

function generate(dir, options) {
  const random = mulberry32(options.seed);
  const perKind = Math.max(1, Math.floor(options.files / 3));
  const files = [];
  for (let i = 0; i < perKind; i++) {
    const yamlFile = path.join(dir, 'cloudformation', `stack-${i}.yaml`);
    const jsonFile = path.join(dir, 'cloudformation-json', `stack-${i}.json`);
    fs.mkdirSync(path.dirname(yamlFile), { recursive: true });
    fs.mkdirSync(path.dirname(jsonFile), { recursive: true });
    fs.writeFileSync(yamlFile, cloudFormation(random, false));
    fs.writeFileSync(jsonFile, cloudFormation(random, true));
    files.push(yamlFile, jsonFile);
  }
  // Terraform: modules of three files; every file counts.
  for (let i = 0; files.length < perKind * 3; i++) {
    const moduleDir = path.join(dir, 'terraform', `module-${i}`);
    fs.mkdirSync(moduleDir, { recursive: true });
    for (const [name, text] of Object.entries(terraformModule(random))) {
      if (files.length >= perKind * 3) break;
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
  await prepareAdapters();

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phi-lint-bench-iac-'));
  try {
    const files = generate(dir, options);
    const texts = files.map((file) => ({ file, text: fs.readFileSync(file, 'utf8'), language: languageOf(file) }));
    const bytes = texts.reduce((sum, entry) => sum + entry.text.length, 0);
    const lines = texts.reduce((sum, entry) => sum + entry.text.split('\n').length, 0);
    const linter = new Linter(bundledCatalog(), defaultConfig(dir));

    let parseFailures = 0;
    const parseAll = () => {
      for (const { file, text, language } of texts) {
        const parsed = adapterFor(language).parse(file, text, new LineIndex(text));
        if (isParseFailure(parsed)) parseFailures++;
      }
    };
    let findings = 0;
    const bySeverity = {};
    const scanAll = (count) => {
      for (const { file, text } of texts) {
        const output = linter.lint(file, text);
        if (count) {
          findings += output.findings.length;
          for (const finding of output.findings) bySeverity[finding.severity] = (bySeverity[finding.severity] ?? 0) + 1;
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
    const summary = {
      files: texts.length,
      kinds: { yaml: texts.filter((entry) => entry.language === 'yaml').length, json: texts.filter((entry) => entry.language === 'json').length, terraform: texts.filter((entry) => entry.language === 'terraform').length },
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
    };
    if (options.json) {
      console.log(JSON.stringify(summary, null, 2));
    } else {
      console.log(`corpus   ${summary.files} files (${summary.kinds.yaml} YAML, ${summary.kinds.json} JSON templates, ${summary.kinds.terraform} Terraform), ${summary.lines} lines, ${summary.kilobytes} KB, seed ${options.seed}`);
      console.log(`findings ${summary.findings} (${Object.entries(bySeverity).map(([severity, count]) => `${count} ${severity}`).join(', ')})`);
      console.log(`parse    ${String(summary.parseMs).padStart(6)} ms   ${String(summary.parseFilesPerSecond).padStart(6)} files/s   (adapters only, median of ${options.runs})`);
      console.log(`scan     ${String(summary.scanMs).padStart(6)} ms   ${String(summary.scanFilesPerSecond).padStart(6)} files/s   (engine, every rule, median of ${options.runs})`);
      console.log(`ratio scan/parse ${summary.ratio}`);
    }
    if (options.keep) console.log(`corpus kept in ${dir}`);
  } finally {
    if (!options.keep) fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
