import * as assert from 'assert';
import { bundledCatalog } from '../../server/src/catalog/catalog';
import { defaultConfig } from '../../server/src/config/config';
import { Linter } from '../../server/src/engine/linter';
import { applyFixAlone } from '../helpers/iacFix';
import { makeTempDir, removeDir } from '../helpers/workspace';

/**
 * The output of the suggested fixes of the IaC rules that have no `*.fixed.*` fixture (their fixes
 * change how the resource behaves, so fix-all leaves them to the user): each is applied alone and
 * must give exactly the expected template, parse, and lose its finding.
 */

let dir: string;
let linter: Linter;

const lines = (...text: string[]) => `${text.join('\n')}\n`;

function applySuggestion(fileName: string, text: string, ruleId: string, title: RegExp): string {
  return applyFixAlone(linter, dir, fileName, text, ruleId, title, (fix) => assert.strictEqual(fix.safe, false, 'a suggestion, not a fix-all edit'));
}

describe('IaC suggested fixes without fix-all fixtures', () => {
  before(() => {
    dir = makeTempDir('iac-fix-outputs');
    linter = new Linter(bundledCatalog(), defaultConfig(dir));
  });
  after(() => removeDir(dir));

  it('iac-encryption-at-rest: sets Encrypted on an EBS volume, after its last property and its comment', () => {
    const head = ["AWSTemplateFormatVersion: '2010-09-09'", 'Resources:', '  ScanVolume:', '    Type: AWS::EC2::Volume', '    Properties:', '      AvailabilityZone: us-east-1a', '      Size: 100 # GiB of scanned referrals'];
    assert.strictEqual(applySuggestion('template.yaml', lines(...head), 'iac-encryption-at-rest', /^Set `Encrypted` to `true`/), lines(...head, '      Encrypted: true'));
  });

  it("iac-queue-stream-encryption: points an SQS queue's KmsMasterKeyId at the template's only key", () => {
    const head = [
      "AWSTemplateFormatVersion: '2010-09-09'",
      'Resources:',
      '  MessagingKey:',
      '    Type: AWS::KMS::Key',
      '    Properties:',
      '      EnableKeyRotation: true',
      '  LabResultsQueue:',
      '    Type: AWS::SQS::Queue',
      '    Properties:',
      '      QueueName: lab-results',
    ];
    assert.strictEqual(
      applySuggestion('template.yaml', lines(...head), 'iac-queue-stream-encryption', /^Set `KmsMasterKeyId` to `MessagingKey`/),
      lines(...head, '      KmsMasterKeyId: !GetAtt MessagingKey.Arn'),
    );
  });

  it('iac-vpc-flow-logs: adds an aws_flow_log for the VPC and a variable for its bucket', () => {
    const vpc = ['resource "aws_vpc" "portal" {', '  cidr_block = "10.0.0.0/16"', '}'];
    assert.strictEqual(
      applySuggestion('main.tf', lines(...vpc), 'iac-vpc-flow-logs', /^Add `aws_flow_log\.portal`/),
      lines(
        ...vpc,
        '',
        'resource "aws_flow_log" "portal" {',
        '  vpc_id               = aws_vpc.portal.id',
        '  traffic_type         = "ALL"',
        '  log_destination_type = "s3"',
        '  log_destination      = var.flow_log_bucket_arn',
        '}',
        '',
        'variable "flow_log_bucket_arn" {',
        '  description = "ARN of the S3 bucket that receives VPC flow logs"',
        '  type        = string',
        '}',
      ),
    );
  });

  it('iac-rds-public: turns PubliclyAccessible off where it is written', () => {
    const head = ["AWSTemplateFormatVersion: '2010-09-09'", 'Resources:', '  PatientDatabase:', '    Type: AWS::RDS::DBInstance', '    Properties:', '      Engine: postgres', '      StorageEncrypted: true'];
    assert.strictEqual(
      applySuggestion('template.yaml', lines(...head, '      PubliclyAccessible: true'), 'iac-rds-public', /^Set `PubliclyAccessible` to `false`/),
      lines(...head, '      PubliclyAccessible: false'),
    );
  });
});
