import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type * as Sarif from 'sarif';
import { describeRun, runCli, type CliResult } from '../helpers/cli';
import { makeTempDir, removeDir, writeFiles } from '../helpers/workspace';

/**
 * The CLI (and through it the server, with the bundled Terraform grammar) over a workspace of
 * infrastructure code: templates and modules are found and reported, a file that does not parse
 * gets one diagnostic while the others still report, files that are no templates are silent,
 * SARIF carries the peer scanners' ids, and --fix applies the safe IaC fixes.
 */
describe('CLI on infrastructure as code', () => {
  let root: string;
  let sarif: CliResult;
  let text: CliResult;

  const files: Record<string, string> = {
    'infra/template.yaml': "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  PatientRecordsBucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      Tags:\n        - Key: DataClassification\n          Value: PHI\n",
    'infra/broken.yaml': "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  B:\n    Type: AWS::S3::Bucket\n    Type: AWS::S3::Bucket\n",
    'infra/stack.json': '{\n  "Resources": {\n    "Key": { "Type": "AWS::KMS::Key", "Properties": { "Description": "scratch" } }\n  }\n}\n',
    'terraform/main.tf': 'resource "aws_kms_key" "records" {\n  description = "records"\n}\n',
    'terraform/broken.tf': 'resource "aws_s3_bucket" "b" {\n  bucket = \n',
    'k8s/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n',
    'package.json': '{ "name": "portal", "version": "1.0.0" }\n',
    'tsconfig.json': '{ "compilerOptions": { "strict": true, } }\n',
  };

  before(async () => {
    root = makeTempDir('iac-cli');
    writeFiles(root, files);
    [sarif, text] = await Promise.all([runCli(['--format', 'sarif'], root), runCli([], root)]);
  });
  after(() => removeDir(root));

  it('reports templates and modules, and a parse error for each broken file while the others still report', () => {
    assert.strictEqual(text.code, 1, describeRun(text));
    for (const file of ['infra/template.yaml', 'infra/stack.json', 'terraform/main.tf', 'infra/broken.yaml', 'terraform/broken.tf']) {
      assert.ok(text.stdout.includes(file), `${file} is not reported\n${describeRun(text)}`);
    }
    assert.match(text.stderr, /could not parse infra\/broken\.yaml/);
    assert.match(text.stderr, /could not parse terraform\/broken\.tf/);
    for (const file of ['k8s/deployment.yaml', 'package.json', 'tsconfig.json']) {
      assert.ok(!text.stdout.includes(file) && !text.stderr.includes(file), `${file} should be silent\n${describeRun(text)}`);
    }
  });

  it('SARIF rules carry the peer scanners\' ids, results the PHI-raised severity', () => {
    const log = JSON.parse(sarif.stdout) as Sarif.Log;
    const rules = log.runs[0].tool.driver.rules ?? [];
    const s3 = rules.find((rule) => rule.id === 'iac-s3-encryption');
    assert.deepStrictEqual(s3?.properties?.peers, { checkov: ['CKV_AWS_19', 'CKV_AWS_145'], trivy: ['AVD-AWS-0088', 'AVD-AWS-0132'], cfn_nag: ['W41'] });
    const results = log.runs[0].results ?? [];
    const levelOf = (ruleId: string, uri: string) => results.find((result) => result.ruleId === ruleId && result.locations?.[0].physicalLocation?.artifactLocation?.uri === uri)?.level;
    assert.strictEqual(levelOf('iac-s3-encryption', 'infra/template.yaml'), 'error');
    assert.strictEqual(levelOf('iac-kms', 'infra/stack.json'), 'warning');
    assert.strictEqual(levelOf('parse-error', 'terraform/broken.tf'), 'error');
  });

  it('--fix applies the safe fixes to YAML, JSON and Terraform and reports what is left', async () => {
    const fixRoot = makeTempDir('iac-cli-fix');
    try {
      writeFiles(fixRoot, { 'template.yaml': files['infra/template.yaml'], 'stack.json': files['infra/stack.json'], 'main.tf': files['terraform/main.tf'] });
      const run = await runCli(['--fix'], fixRoot);
      assert.strictEqual(run.code, 1, describeRun(run));
      const read = (name: string) => fs.readFileSync(path.join(fixRoot, name), 'utf8');
      assert.match(read('template.yaml'), /SSEAlgorithm: aws:kms/);
      assert.match(read('template.yaml'), /BlockPublicAcls: true/);
      assert.match(read('stack.json'), /"EnableKeyRotation": true/);
      assert.match(read('main.tf'), /enable_key_rotation = true/);
      JSON.parse(read('stack.json'));
    } finally {
      removeDir(fixRoot);
    }
  });
});
