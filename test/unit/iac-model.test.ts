import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { bundledIacCatalog, formatsOf, loadIacCatalog, peersOfRule } from '../../server/src/analysis/iac/catalog';
import { readCloudFormation } from '../../server/src/analysis/iac/cloudformation';
import { getValue, resolve, tagsOf, type IacDocument } from '../../server/src/analysis/iac/model';
import { PhiStores } from '../../server/src/analysis/iac/phi';
import { policyStatements } from '../../server/src/analysis/iac/policy';
import { bucketOf, companions } from '../../server/src/analysis/iac/s3';
import { readTerraform } from '../../server/src/analysis/iac/terraform';
import { bundledCatalog } from '../../server/src/catalog/catalog';
import { defaultConfig } from '../../server/src/config/config';
import { LineIndex } from '../../server/src/core/lineIndex';
import { Linter } from '../../server/src/engine/linter';
import { isParseFailure } from '../../server/src/parse/documents';
import { parseHcl } from '../../server/src/parse/terraform';
import { parseYamlDocument, type YamlTree } from '../../server/src/parse/yaml';
import { RULE_IDS, RULES } from '../../server/src/rules';
import { IAC_RULES } from '../../server/src/rules/iac';
import { IacRun } from '../../server/src/rules/iacRule';
import { REPO_ROOT } from '../helpers/repo';
import { makeTempDir, removeDir, writeFiles } from '../helpers/workspace';

function cloudFormation(text: string): IacDocument {
  const parsed = parseYamlDocument('template.yaml', text, new LineIndex(text), 'yaml');
  if (isParseFailure(parsed)) throw new Error(parsed.message);
  return readCloudFormation('/t/template.yaml', text, parsed.tree as YamlTree);
}

function terraform(file: string, text: string, siblings = true): IacDocument {
  const parsed = parseHcl(text);
  if (parsed instanceof Error) throw parsed;
  return readTerraform(file, text, parsed.file, { siblings });
}

describe('IaC model', () => {
  describe('references', () => {
    it('resolves parameters to their defaults, AWS::NoValue to absent, !Sub without variables to its string', () => {
      const document = cloudFormation(
        [
          'Parameters:',
          '  Algorithm: { Type: String, Default: AES256 }',
          '  Open: { Type: String }',
          'Resources:',
          '  B:',
          '    Type: AWS::S3::Bucket',
          '    Properties:',
          '      A: !Ref Algorithm',
          '      N: !Ref AWS::NoValue',
          '      O: !Ref Open',
          "      S: !Sub 'plain'",
          '',
        ].join('\n'),
      );
      const props = document.resources[0].properties;
      const a = resolve(document, getValue(props, 'A'));
      assert.deepStrictEqual([a.state, a.state === 'value' && a.value.kind === 'string' && a.value.value, a.via], ['value', 'AES256', 'the default of parameter `Algorithm`']);
      assert.strictEqual(resolve(document, getValue(props, 'N')).state, 'absent');
      assert.strictEqual(resolve(document, getValue(props, 'O')).state, 'unknown');
      const s = resolve(document, getValue(props, 'S'));
      assert.strictEqual(s.state === 'value' && s.value.kind === 'string' && s.value.value, 'plain');
    });

    it('resolves Terraform variables (from the module\'s other files) and locals', () => {
      const dir = makeTempDir('iac-model');
      try {
        writeFiles(dir, {
          'variables.tf': 'variable "algorithm" {\n  default = "AES256"\n}\nlocals {\n  kms = "aws:kms"\n  alias = local.kms\n}\n',
        });
        const text = 'resource "x" "y" {\n  a = var.algorithm\n  b = local.alias\n  c = aws_kms_key.k.arn\n}\n';
        const document = terraform(path.join(dir, 'main.tf'), text);
        const props = document.resources[0].properties;
        const a = resolve(document, getValue(props, 'a'));
        assert.strictEqual(a.state === 'value' && a.value.kind === 'string' && a.value.value, 'AES256');
        assert.strictEqual(a.via, 'the default of variable `algorithm`');
        const b = resolve(document, getValue(props, 'b'));
        assert.strictEqual(b.state === 'value' && b.value.kind === 'string' && b.value.value, 'aws:kms');
        const c = getValue(props, 'c');
        assert.deepStrictEqual(c?.kind === 'ref' && [c.target, c.attribute], ['aws_kms_key.k', 'arn']);
      } finally {
        removeDir(dir);
      }
    });
  });

  describe('Terraform AWS provider v4 split resources', () => {
    let dir: string;
    before(() => {
      dir = makeTempDir('iac-join');
      writeFiles(dir, {
        'encryption.tf': [
          'resource "aws_s3_bucket_server_side_encryption_configuration" "by_ref" {',
          '  bucket = aws_s3_bucket.records.id',
          '}',
          'resource "aws_s3_bucket_server_side_encryption_configuration" "by_name" {',
          '  bucket = "acme-labs"',
          '}',
          'resource "aws_s3_bucket_versioning" "by_local" {',
          '  bucket = local.labs_bucket',
          '}',
          'locals {',
          '  labs_bucket = aws_s3_bucket.labs.bucket',
          '}',
          // A sibling that does not parse is read as far as it goes.
          '',
        ].join('\n'),
        'broken.tf': 'resource "aws_s3_bucket_public_access_block" "records" {\n  bucket = aws_s3_bucket.records.id\n}\nresource "x" {\n',
        'main.fixed.tf': 'resource "aws_s3_bucket_versioning" "records" {\n  bucket = aws_s3_bucket.records.id\n}\n',
      });
    });
    after(() => removeDir(dir));

    it('joins companions to their bucket by reference, literal name and locals, across files', () => {
      const text = 'resource "aws_s3_bucket" "records" {}\nresource "aws_s3_bucket" "labs" {\n  bucket = "acme-labs"\n}\nresource "aws_s3_bucket" "other" {}\n';
      const document = terraform(path.join(dir, 'main.tf'), text);
      const [records, labs, other] = document.resources;
      assert.deepStrictEqual(companions(document, records, 'encryption').map((resource) => resource.name), ['aws_s3_bucket_server_side_encryption_configuration.by_ref']);
      assert.deepStrictEqual(companions(document, labs, 'encryption').map((resource) => resource.name), ['aws_s3_bucket_server_side_encryption_configuration.by_name']);
      assert.deepStrictEqual(companions(document, labs, 'versioning').map((resource) => resource.name), ['aws_s3_bucket_versioning.by_local']);
      assert.deepStrictEqual(companions(document, other, 'encryption'), []);
      assert.deepStrictEqual(companions(document, records, 'publicAccessBlock').map((resource) => resource.file), [path.join(dir, 'broken.tf')]);
      // main.fixed.tf is a fixture's expected output, no part of the module.
      assert.deepStrictEqual(companions(document, records, 'versioning'), []);
      const byName = document.scope.find((resource) => resource.name.endsWith('.by_name'))!;
      assert.strictEqual(bucketOf(document, byName), labs);
      assert.deepStrictEqual(document.resources.map((resource) => resource.file), [path.join(dir, 'main.tf'), path.join(dir, 'main.tf'), path.join(dir, 'main.tf')]);
    });
  });

  describe('PHI stores', () => {
    const phi = new PhiStores(bundledIacCatalog().phi);
    const assess = (text: string) => {
      const document = cloudFormation(`Resources:\n${text}`);
      return document.resources.map((resource) => phi.assess(document, resource));
    };

    it('raises resources tagged or named as PHI stores, and lets a classification tag win over the name', () => {
      const results = assess(
        [
          '  A:',
          '    Type: AWS::S3::Bucket',
          '    Properties:',
          '      Tags: [{ Key: data-classification, Value: ePHI }]',
          '  B:',
          '    Type: AWS::S3::Bucket',
          '    Properties:',
          '      Tags: [{ Key: HIPAA, Value: "true" }]',
          '  PatientRecordsBucket:',
          '    Type: AWS::S3::Bucket',
          '  Assets:',
          '    Type: AWS::S3::Bucket',
          '    Properties:',
          '      BucketName: acme-ehr-exports',
          '  PatientPortalAssets:',
          '    Type: AWS::S3::Bucket',
          '    Properties:',
          '      Tags: [{ Key: DataClassification, Value: public }]',
          '  ScratchBucket:',
          '    Type: AWS::S3::Bucket',
          '',
        ].join('\n'),
      );
      assert.deepStrictEqual(
        results.map((result) => [result.phi, result.reason ?? null]),
        [
          [true, 'tagged `data-classification: ePHI`'],
          [true, 'tagged `HIPAA: true`'],
          [true, 'named like a PHI store'],
          [true, 'named like a PHI store: `acme-ehr-exports`'],
          [false, 'tagged `DataClassification: public`'],
          [false, null],
        ],
      );
    });

    it('reads Terraform tags through merge() and variables', () => {
      const text = 'variable "common" {\n  default = { Compliance = "HIPAA" }\n}\nresource "aws_s3_bucket" "b" {\n  tags = merge(var.common, { Team = "x" })\n}\n';
      const document = terraform('/nowhere/main.tf', text, false);
      assert.deepStrictEqual([...tagsOf(document, document.resources[0]).entries()], [
        ['Compliance', 'HIPAA'],
        ['Team', 'x'],
      ]);
      assert.strictEqual(phi.assess(document, document.resources[0]).phi, true);
    });
  });

  describe('policy documents', () => {
    it('reads jsonencode objects, JSON heredocs and aws_iam_policy_document statements', () => {
      const text = [
        'resource "aws_iam_policy" "a" {',
        '  policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "s3:*", Resource = "*" }] })',
        '}',
        'resource "aws_iam_policy" "b" {',
        '  policy = <<EOF',
        '{"Statement": {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}}',
        'EOF',
        '}',
        'resource "aws_iam_policy" "c" {',
        '  policy = data.aws_iam_policy_document.d.json',
        '}',
        'data "aws_iam_policy_document" "d" {',
        '  statement {',
        '    actions = ["kms:Decrypt"]',
        '    resources = ["*"]',
        '    principals {',
        '      type        = "*"',
        '      identifiers = ["*"]',
        '    }',
        '  }',
        '}',
        '',
      ].join('\n');
      const document = terraform('/nowhere/main.tf', text, false);
      const read = (index: number) => policyStatements(document, getValue(document.resources[index].properties, 'policy'), document.file)!;
      assert.deepStrictEqual(read(0).map((statement) => [statement.effect, statement.principalIsAnyone, statement.actions]), [['Allow', true, ['s3:*']]]);
      assert.deepStrictEqual(read(1).map((statement) => [statement.effect, statement.conditions]), [['Deny', [{ operator: 'Bool', key: 'aws:SecureTransport', values: ['false'] }]]]);
      assert.deepStrictEqual(read(2).map((statement) => [statement.effect, statement.principalIsAnyone, statement.actions, statement.resources]), [['Allow', true, ['kms:Decrypt'], ['*']]]);
    });
  });

  describe('catalog (rules/iac)', () => {
    it('loads and validates, and every check belongs to a registered IaC rule', () => {
      const catalog = loadIacCatalog(path.join(REPO_ROOT, 'rules'));
      const iacIds = new Set(IAC_RULES.map((rule) => rule.meta.id));
      assert.deepStrictEqual([...catalog.byRule.keys()].filter((id) => !iacIds.has(id)), [], 'data files for rules that are not registered');
      assert.deepStrictEqual([...iacIds].filter((id) => !catalog.byRule.has(id)), [], 'IaC rules without rules/iac/<id>.yaml');
      for (const rule of IAC_RULES) assert.ok(RULES.includes(rule) && RULE_IDS.has(rule.meta.id), `${rule.meta.id} is not in the registry`);
    });

    it('rejects invalid data with the file and key', () => {
      const dir = makeTempDir('iac-catalog');
      try {
        fs.cpSync(path.join(REPO_ROOT, 'rules'), dir, { recursive: true });
        fs.writeFileSync(path.join(dir, 'iac', 'iac-kms.yaml'), 'rule: iac-kms\nchecks:\n  - id: x\n    title: y\n    peers: { checkov: [NOT_AN_ID] }\n    logic: true\n');
        assert.throws(() => loadIacCatalog(dir), /iac-kms\.yaml.*checks\.0\.peers\.checkov\.0/s);
      } finally {
        removeDir(dir);
      }
    });

    it('exposes each rule\'s peer ids per tool, as SARIF carries them', () => {
      assert.deepStrictEqual(peersOfRule('iac-s3-encryption'), { checkov: ['CKV_AWS_19', 'CKV_AWS_145'], trivy: ['AVD-AWS-0088', 'AVD-AWS-0132'], cfn_nag: ['W41'] });
      for (const rule of IAC_RULES) assert.ok(Object.keys(rule.meta.peers ?? {}).length > 0, `${rule.meta.id} has no peer ids`);
    });

    it('every rule reference exists in rules/references.yaml', () => {
      const references = bundledCatalog().references;
      const missing = IAC_RULES.flatMap((rule) => rule.meta.references.filter((reference) => !references.has(reference.id)).map((reference) => `${rule.meta.id}: ${reference.id}`));
      assert.deepStrictEqual(missing, []);
    });
  });

  describe('severity', () => {
    const text = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  PatientRecords:\n    Type: AWS::KMS::Key\n  Scratch:\n    Type: AWS::KMS::Key\n';
    it('makes findings on PHI stores errors and leaves the others at the rule default', () => {
      const linter = new Linter(bundledCatalog(), defaultConfig('/tmp'));
      const findings = linter.lint('/tmp/template.yaml', text).findings.filter((finding) => finding.ruleId === 'iac-kms');
      assert.deepStrictEqual(findings.map((finding) => [finding.range.start.line, finding.severity]), [
        [2, 'error'],
        [4, 'warning'],
      ]);
    });

    it('lets a severity set in .phi-lint.yaml win for every finding of the rule', () => {
      const config = { ...defaultConfig('/tmp'), rules: { 'iac-kms': 'info' as const } };
      const findings = new Linter(bundledCatalog(), config).lint('/tmp/template.yaml', text).findings.filter((finding) => finding.ruleId === 'iac-kms');
      assert.deepStrictEqual(findings.map((finding) => finding.severity), ['info', 'info']);
    });
  });

  describe('check coverage of the fixtures', () => {
    /**
     * Every check (declarative or code) fires somewhere in test/fixtures/<rule-id>/ in each
     * format it reads (CloudFormation and Terraform; the Azure checks Terraform, ARM and Bicep). Which check reported is known only inside IacRun, so the test
     * listens there.
     */
    it('every check fires in the fixtures of each format it reads', () => {
      const fired = new Set<string>();
      const original = IacRun.prototype.report;
      IacRun.prototype.report = function (this: IacRun, check, resource, message, options) {
        fired.add(`${check}|${this.format}`);
        return original.call(this, check, resource, message, options);
      };
      try {
        const linter = new Linter(bundledCatalog(), defaultConfig(REPO_ROOT));
        const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(path.join(dir, entry.name)) : [path.join(dir, entry.name)]));
        for (const rule of IAC_RULES) {
          for (const file of walk(path.join(REPO_ROOT, 'test', 'fixtures', rule.meta.id)).filter((name) => !/\.fixed\./.test(name))) {
            linter.lint(file, fs.readFileSync(file, 'utf8'));
          }
        }
      } finally {
        IacRun.prototype.report = original;
      }
      const missing = bundledIacCatalog().checks.flatMap((check) => formatsOf(check).filter((format) => !fired.has(`${check.id}|${format}`)).map((format) => `${check.rule}/${check.id} in ${format}`));
      assert.deepStrictEqual(missing, []);
    });
  });
});
