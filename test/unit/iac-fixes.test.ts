import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { bundledCatalog } from '../../server/src/catalog/catalog';
import { defaultConfig } from '../../server/src/config/config';
import { applyEdits } from '../../server/src/core/lineIndex';
import { Linter } from '../../server/src/engine/linter';
import { applyFixAlone } from '../helpers/iacFix';
import { makeTempDir, removeDir } from '../helpers/workspace';

/**
 * The output of the IaC quick fixes that fix-all does not apply (the safe ones have `*.fixed.*`
 * fixtures): each is applied alone to a template of each format, and the result must be the
 * expected text, parse, and lose the finding.
 */

let dir: string;
let linter: Linter;

function applyFix(fileName: string, text: string, ruleId: string, title: RegExp): string {
  return applyFixAlone(linter, dir, fileName, text, ruleId, title, (fix) => assert.strictEqual(fix.safe, false, 'these fixes are suggestions, not fix-all'));
}

const lines = (...text: string[]) => `${text.join('\n')}\n`;

describe('IaC quick fixes (suggestions)', () => {
  before(() => {
    dir = makeTempDir('iac-fixes');
    linter = new Linter(bundledCatalog(), defaultConfig(dir));
  });
  after(() => removeDir(dir));

  describe('CloudFormation YAML', () => {
    it('sets StorageEncrypted and a KMS key reference to the template\'s only key', () => {
      const text = lines(
        "AWSTemplateFormatVersion: '2010-09-09'",
        'Resources:',
        '  PatientDatabase:',
        '    Type: AWS::RDS::DBInstance',
        '    Properties:',
        '      Engine: postgres # the engine',
        '  DatabaseKey:',
        '    Type: AWS::KMS::Key',
        '    Properties:',
        '      EnableKeyRotation: true',
      );
      assert.strictEqual(
        applyFix('template.yaml', text, 'iac-rds-encryption', /^Set `StorageEncrypted`/),
        lines(
          "AWSTemplateFormatVersion: '2010-09-09'",
          'Resources:',
          '  PatientDatabase:',
          '    Type: AWS::RDS::DBInstance',
          '    Properties:',
          '      Engine: postgres # the engine',
          '      StorageEncrypted: true',
          '      KmsKeyId: !GetAtt DatabaseKey.Arn',
          '  DatabaseKey:',
          '    Type: AWS::KMS::Key',
          '    Properties:',
          '      EnableKeyRotation: true',
        ),
      );
    });

    it('adds a KMS key parameter when the template has no key, and refers to it', () => {
      const text = lines("AWSTemplateFormatVersion: '2010-09-09'", 'Resources:', '  AppLogs:', '    Type: AWS::Logs::LogGroup', '    Properties:', '      RetentionInDays: 30');
      assert.strictEqual(
        applyFix('template.yaml', text, 'iac-log-group', /KmsKeyId/),
        lines(
          "AWSTemplateFormatVersion: '2010-09-09'",
          'Parameters:',
          '  KmsKeyArn:',
          '    Type: String',
          '    Description: ARN of the customer-managed KMS key that encrypts PHI',
          '',
          'Resources:',
          '  AppLogs:',
          '    Type: AWS::Logs::LogGroup',
          '    Properties:',
          '      RetentionInDays: 30',
          '      KmsKeyId: !Ref KmsKeyArn',
        ),
      );
    });

    it('turns an HTTP listener into a redirect to HTTPS', () => {
      const text = lines(
        'Resources:',
        '  HttpListener:',
        '    Type: AWS::ElasticLoadBalancingV2::Listener',
        '    Properties:',
        '      Protocol: HTTP',
        '      Port: 80',
        '      DefaultActions:',
        '        - Type: forward',
        '          TargetGroupArn: arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/portal',
        '      LoadBalancerArn: arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/portal',
      );
      assert.strictEqual(
        applyFix('template.yaml', text, 'iac-tls-in-transit', /redirect/),
        lines(
          'Resources:',
          '  HttpListener:',
          '    Type: AWS::ElasticLoadBalancingV2::Listener',
          '    Properties:',
          '      Protocol: HTTP',
          '      Port: 80',
          '      DefaultActions:',
          '        - Type: redirect',
          '          RedirectConfig:',
          '            Protocol: HTTPS',
          "            Port: '443'",
          '            StatusCode: HTTP_301',
          '      LoadBalancerArn: arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/portal',
        ),
      );
    });

    it('replaces 0.0.0.0/0 with a new parameter, added to the existing Parameters', () => {
      const text = lines(
        'Parameters:',
        '  Env:',
        '    Type: String',
        'Resources:',
        '  Bastion:',
        '    Type: AWS::EC2::SecurityGroup',
        '    Properties:',
        '      GroupDescription: bastion',
        '      SecurityGroupIngress:',
        '        - { IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0 }',
      );
      assert.strictEqual(
        applyFix('template.yaml', text, 'iac-open-admin-ports', /AdminCidr/),
        lines(
          'Parameters:',
          '  Env:',
          '    Type: String',
          '  AdminCidr:',
          '    Type: String',
          '    Description: CIDR range allowed to reach administration and database ports',
          'Resources:',
          '  Bastion:',
          '    Type: AWS::EC2::SecurityGroup',
          '    Properties:',
          '      GroupDescription: bastion',
          '      SecurityGroupIngress:',
          '        - { IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: !Ref AdminCidr }',
        ),
      );
    });

    it('moves a literal password to a NoEcho parameter', () => {
      const text = lines('Resources:', '  Db:', '    Type: AWS::RDS::DBInstance', '    Properties:', '      StorageEncrypted: true', "      MasterUserPassword: 'hunter2!'");
      assert.strictEqual(
        applyFix('template.yaml', text, 'iac-template-secrets', /NoEcho parameter/),
        lines(
          'Parameters:',
          '  DbMasterUserPassword:',
          '    Type: String',
          '    Description: MasterUserPassword of Db',
          '    NoEcho: true',
          '',
          'Resources:',
          '  Db:',
          '    Type: AWS::RDS::DBInstance',
          '    Properties:',
          '      StorageEncrypted: true',
          '      MasterUserPassword: !Ref DbMasterUserPassword',
        ),
      );
    });

    it('enables S3 versioning inside an existing map', () => {
      const text = lines('Resources:', '  Records:', '    Type: AWS::S3::Bucket', '    Properties:', '      VersioningConfiguration:', '        MfaDelete: Disabled');
      assert.strictEqual(
        applyFix('template.yaml', text, 'iac-s3-logging-tls-versioning', /^Enable versioning/),
        lines('Resources:', '  Records:', '    Type: AWS::S3::Bucket', '    Properties:', '      VersioningConfiguration:', '        MfaDelete: Disabled', '        Status: Enabled'),
      );
    });
  });

  describe('CloudFormation JSON', () => {
    it('turns an HTTP listener into a redirect, in JSON', () => {
      const text = lines(
        '{',
        '  "Resources": {',
        '    "HttpListener": {',
        '      "Type": "AWS::ElasticLoadBalancingV2::Listener",',
        '      "Properties": {',
        '        "Protocol": "HTTP",',
        '        "DefaultActions": [{ "Type": "forward", "TargetGroupArn": "tg" }]',
        '      }',
        '    }',
        '  }',
        '}',
      );
      assert.strictEqual(
        applyFix('template.json', text, 'iac-tls-in-transit', /redirect/),
        lines(
          '{',
          '  "Resources": {',
          '    "HttpListener": {',
          '      "Type": "AWS::ElasticLoadBalancingV2::Listener",',
          '      "Properties": {',
          '        "Protocol": "HTTP",',
          '        "DefaultActions": [',
          '          {',
          '            "Type": "redirect",',
          '            "RedirectConfig": {',
          '              "Protocol": "HTTPS",',
          '              "Port": "443",',
          '              "StatusCode": "HTTP_301"',
          '            }',
          '          }',
          '        ]',
          '      }',
          '    }',
          '  }',
          '}',
        ),
      );
    });

    it('replaces 0.0.0.0/0 with a parameter, creating the Parameters section', () => {
      const text = lines(
        '{',
        '  "Resources": {',
        '    "Ssh": {',
        '      "Type": "AWS::EC2::SecurityGroupIngress",',
        '      "Properties": { "GroupId": "sg-1", "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "0.0.0.0/0" }',
        '    }',
        '  }',
        '}',
      );
      assert.strictEqual(
        applyFix('template.json', text, 'iac-open-admin-ports', /AdminCidr/),
        lines(
          '{',
          '  "Parameters": {',
          '    "AdminCidr": {',
          '      "Type": "String",',
          '      "Description": "CIDR range allowed to reach administration and database ports"',
          '    }',
          '  },',
          '  "Resources": {',
          '    "Ssh": {',
          '      "Type": "AWS::EC2::SecurityGroupIngress",',
          '      "Properties": { "GroupId": "sg-1", "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": { "Ref": "AdminCidr" } }',
          '    }',
          '  }',
          '}',
        ),
      );
    });

    it('suppresses through the resource\'s Metadata (JSON has no comments)', () => {
      const text = lines('{', '  "Resources": {', '    "Key": {', '      "Type": "AWS::KMS::Key",', '      "Properties": { "EnableKeyRotation": false }', '    }', '  }', '}');
      const folder = fs.mkdtempSync(path.join(dir, 'case-'));
      const file = path.join(folder, 'template.json');
      const finding = linter.lint(file, text).findings.find((candidate) => candidate.ruleId === 'iac-kms')!;
      const fix = finding.fixes.find((candidate) => /Suppress/.test(candidate.title))!;
      const suppressed = applyEdits(text, fix.edits).text;
      assert.strictEqual(
        suppressed,
        lines(
          '{',
          '  "Resources": {',
          '    "Key": {',
          '      "Type": "AWS::KMS::Key",',
          '      "Properties": { "EnableKeyRotation": false },',
          '      "Metadata": {',
          '        "phi-lint": {',
          '          "suppress": [',
          '            {',
          '              "id": "iac-kms",',
          '              "reason": "<reason>"',
          '            }',
          '          ]',
          '        }',
          '      }',
          '    }',
          '  }',
          '}',
        ),
      );
      const filled = suppressed.replace('<reason>', 'test key, destroyed nightly');
      assert.deepStrictEqual(linter.lint(file, filled).findings.filter((candidate) => candidate.ruleId === 'iac-kms' || candidate.ruleId === 'unused-suppression'), []);
    });
  });

  describe('Terraform', () => {
    it('turns an HTTP listener into a redirect', () => {
      const text = lines(
        'resource "aws_lb_listener" "http" {',
        '  port     = 80',
        '  protocol = "HTTP"',
        '',
        '  default_action {',
        '    type             = "forward"',
        '    target_group_arn = aws_lb_target_group.portal.arn',
        '  }',
        '}',
      );
      assert.strictEqual(
        applyFix('main.tf', text, 'iac-tls-in-transit', /redirect/),
        lines(
          'resource "aws_lb_listener" "http" {',
          '  port     = 80',
          '  protocol = "HTTP"',
          '',
          '  default_action {',
          '    type = "redirect"',
          '    redirect {',
          '      port = "443"',
          '      protocol = "HTTPS"',
          '      status_code = "HTTP_301"',
          '    }',
          '  }',
          '}',
        ),
      );
    });

    it('replaces 0.0.0.0/0 in a list with a new variable', () => {
      const text = lines('resource "aws_security_group" "db" {', '  ingress {', '    from_port   = 5432', '    to_port     = 5432', '    protocol    = "tcp"', '    cidr_blocks = ["0.0.0.0/0"]', '  }', '}');
      assert.strictEqual(
        applyFix('main.tf', text, 'iac-open-admin-ports', /admin_cidr/),
        lines(
          'resource "aws_security_group" "db" {',
          '  ingress {',
          '    from_port   = 5432',
          '    to_port     = 5432',
          '    protocol    = "tcp"',
          '    cidr_blocks = [var.admin_cidr]',
          '  }',
          '}',
          '',
          'variable "admin_cidr" {',
          '  description = "CIDR range allowed to reach administration and database ports"',
          '  type        = string',
          '}',
        ),
      );
    });

    it('sets storage_encrypted and kms_key_id on a database', () => {
      const text = lines('resource "aws_db_instance" "patients" {', '  engine = "postgres"', '}', '', 'resource "aws_kms_key" "db" {', '  enable_key_rotation = true', '}');
      assert.strictEqual(
        applyFix('main.tf', text, 'iac-rds-encryption', /storage_encrypted/),
        lines('resource "aws_db_instance" "patients" {', '  engine = "postgres"', '  storage_encrypted = true', '  kms_key_id = aws_kms_key.db.arn', '}', '', 'resource "aws_kms_key" "db" {', '  enable_key_rotation = true', '}'),
      );
    });

    it('adds an aws_s3_bucket_versioning after the bucket', () => {
      const text = lines('resource "aws_s3_bucket" "records" {', '  bucket = "acme-records"', '}');
      assert.strictEqual(
        applyFix('main.tf', text, 'iac-s3-logging-tls-versioning', /aws_s3_bucket_versioning/),
        lines(
          'resource "aws_s3_bucket" "records" {',
          '  bucket = "acme-records"',
          '}',
          '',
          'resource "aws_s3_bucket_versioning" "records" {',
          '  bucket = aws_s3_bucket.records.id',
          '  versioning_configuration {',
          '    status = "Enabled"',
          '  }',
          '}',
        ),
      );
    });

    it('moves a literal password to a sensitive variable', () => {
      const text = lines('resource "aws_db_instance" "claims" {', '  storage_encrypted = true', '  password          = "hunter2!"', '}');
      assert.strictEqual(
        applyFix('main.tf', text, 'iac-template-secrets', /sensitive variable/),
        lines(
          'resource "aws_db_instance" "claims" {',
          '  storage_encrypted = true',
          '  password          = var.claims_password',
          '}',
          '',
          'variable "claims_password" {',
          '  description = "password of aws_db_instance.claims"',
          '  type        = string',
          '  sensitive   = true',
          '}',
        ),
      );
    });
  });
});
