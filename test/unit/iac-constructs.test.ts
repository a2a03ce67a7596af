import * as assert from 'assert';
import { Bindings } from '../../server/src/analysis/bindings';
import { mayHoldConstructs, readConstructs, type ConstructDocument } from '../../server/src/analysis/iac/constructs';
import { getPath, getValue, tagsOf, type IacValue } from '../../server/src/analysis/iac/model';
import { bundledCatalog } from '../../server/src/catalog/catalog';
import { defaultConfig } from '../../server/src/config/config';
import { LineIndex } from '../../server/src/core/lineIndex';
import { Linter } from '../../server/src/engine/linter';
import { isParseFailure } from '../../server/src/parse/documents';
import { parseScript, type ParsedScript } from '../../server/src/parse/typescript';
import { IAC_RULES } from '../../server/src/rules/iac';

/** Reads AWS CDK and Pulumi programs into the IaC model (analysis/iac/constructs.ts). */

function program(text: string, file = '/project/stack.ts'): ConstructDocument | undefined {
  const script = parseScript(file, text, new LineIndex(text));
  if (isParseFailure(script)) throw new Error(`parse failed: ${script.message}`);
  return readConstructs(file, text, script as ParsedScript, new Bindings(script as ParsedScript));
}

const at = (text: string, value: IacValue | undefined) => (value ? text.slice(value.span.start, value.span.end) : undefined);

describe('IaC: AWS CDK and Pulumi programs', () => {
  describe('which files are read', () => {
    it('reads only scripts that name aws-cdk-lib, @aws-cdk/* or @pulumi/aws', () => {
      assert.strictEqual(mayHoldConstructs("import * as s3 from 'aws-cdk-lib/aws-s3';"), true);
      assert.strictEqual(mayHoldConstructs("import { Stack } from 'aws-cdk-lib';"), true);
      assert.strictEqual(mayHoldConstructs("const s3 = require('@aws-cdk/aws-s3');"), true);
      assert.strictEqual(mayHoldConstructs('import * as aws from "@pulumi/aws";'), true);
      assert.strictEqual(mayHoldConstructs("import * as pulumi from '@pulumi/pulumi';"), false);
      assert.strictEqual(mayHoldConstructs("import { Bucket } from './storage';\nconst b = new Bucket('x');"), false);
    });

    it('leaves a script without those imports to the script rules (no IaC rule claims it)', () => {
      const linter = new Linter(bundledCatalog(), defaultConfig('/project'));
      assert.strictEqual(linter.reads('/project/app.ts', 'export const x = 1;'), true);
      const text = "class Bucket { constructor(readonly id: string, readonly props: object) {} }\nnew Bucket('PatientRecords', { publicReadAccess: true });\n";
      const findings = linter.lint('/project/app.ts', text).findings.filter((finding) => IAC_RULES.some((rule) => rule.meta.id === finding.ruleId));
      assert.deepStrictEqual(findings, []);
    });

    it('reads nothing when no construct of the libraries is created', () => {
      assert.strictEqual(program("import { Duration } from 'aws-cdk-lib';\nexport const timeout = Duration.seconds(3);\n"), undefined);
    });
  });

  describe('following import bindings', () => {
    const cases: [string, string, string][] = [
      ['namespace import of a module', "import * as s3 from 'aws-cdk-lib/aws-s3';", 'new s3.Bucket(this, "B")'],
      ['named import of a class', "import { Bucket as S3Bucket } from 'aws-cdk-lib/aws-s3';", 'new S3Bucket(this, "B")'],
      ['aliased module of the root package', "import { aws_s3 as s3 } from 'aws-cdk-lib';", 'new s3.Bucket(this, "B")'],
      ['the root package as a namespace', "import * as cdk from 'aws-cdk-lib';", 'new cdk.aws_s3.Bucket(this, "B")'],
      ['CDK v1 packages', "import * as s3 from '@aws-cdk/aws-s3';", 'new s3.Bucket(this, "B")'],
      ['require', "const s3 = require('aws-cdk-lib/aws-s3');", 'new s3.Bucket(this, "B")'],
      ['destructured require', "const { Bucket } = require('aws-cdk-lib/aws-s3');", 'new Bucket(this, "B")'],
    ];
    for (const [what, imports, creation] of cases) {
      it(`recognises an s3.Bucket through ${what}`, () => {
        const document = program(`${imports}\nexport function make() { ${creation}; }\n`);
        assert.deepStrictEqual(document?.resources.map((resource) => [resource.format, resource.type, resource.name]), [['cdk', 's3.Bucket', 'B']]);
      });
    }

    it('recognises Pulumi classes through the package namespace and its service modules', () => {
      const document = program("import * as aws from '@pulumi/aws';\nimport { rds } from '@pulumi/aws';\nnew aws.s3.BucketV2('records', {});\nnew rds.Instance('db', {});\n");
      assert.deepStrictEqual(document?.resources.map((resource) => [resource.format, resource.type, resource.name]), [
        ['pulumi', 'aws.s3.BucketV2', 'records'],
        ['pulumi', 'aws.rds.Instance', 'db'],
      ]);
    });

    it('ignores a class of the same name that is not imported from the libraries, even when shadowing one', () => {
      const text = [
        "import * as s3 from 'aws-cdk-lib/aws-s3';",
        "import { Bucket } from './in-house';",
        "new Bucket(this, 'A', { publicReadAccess: true });",
        'function local() {',
        '  const s3 = { Bucket: class { constructor(..._args: unknown[]) {} } };',
        "  new s3.Bucket(this, 'B', {});",
        '}',
        "new s3.Bucket(this, 'C');",
      ].join('\n');
      assert.deepStrictEqual(program(text)?.resources.map((resource) => resource.name), ['C']);
    });
  });

  describe('props', () => {
    it('reads an object literal with positions, library constants by name, and follows local consts', () => {
      const text = [
        "import * as s3 from 'aws-cdk-lib/aws-s3';",
        'const encryption = s3.BucketEncryption.S3_MANAGED;',
        "new s3.Bucket(this, 'Records', { encryption, versioned: true, lifecycleRules: [{ expiration: 30 }] });",
      ].join('\n');
      const [bucket] = program(text)!.resources;
      const encryption = getValue(bucket.properties, 'encryption');
      assert.deepStrictEqual(encryption && { kind: encryption.kind, value: (encryption as { value?: unknown }).value }, { kind: 'string', value: 'BucketEncryption.S3_MANAGED' });
      assert.strictEqual(at(text, encryption), 'encryption', 'reported where the const is used');
      assert.strictEqual(at(text, getValue(bucket.properties, 'versioned')), 'true');
      assert.strictEqual(getPath(bucket.properties, ['lifecycleRules', 'expiration'])?.kind, 'number');
      assert.strictEqual(text.slice(bucket.nameSpan.start, bucket.nameSpan.end), "'Records'");
    });

    it('keeps computed values unknown and marks spread props, so that nothing is guessed', () => {
      const text = [
        "import * as s3 from 'aws-cdk-lib/aws-s3';",
        'declare const shared: s3.BucketProps;',
        "new s3.Bucket(this, 'A', { encryption: process.env.X ? s3.BucketEncryption.KMS : s3.BucketEncryption.S3_MANAGED });",
        "new s3.Bucket(this, 'B', { ...shared, versioned: true });",
        "let later = true;\nlater = false;\nnew s3.Bucket(this, 'C', { versioned: later });",
      ].join('\n');
      const [a, b, c] = program(text)!.resources;
      assert.strictEqual(getValue(a.properties, 'encryption')?.kind, 'unknown');
      assert.ok(b.properties?.entries.some((entry) => entry.key === '*'));
      assert.strictEqual(getValue(c.properties, 'versioned')?.kind, 'unknown', 'a reassigned variable is not followed');
    });

    it('reads calls of library classes: zero-argument ones as constants, others as calls', () => {
      const text = "import * as ec2 from 'aws-cdk-lib/aws-ec2';\nconst sg = new ec2.SecurityGroup(this, 'Sg', {});\nsg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(22));\n";
      const rule = program(text)!.resources.find((resource) => resource.type === 'ec2.IngressRule')!;
      assert.deepStrictEqual(getValue(rule.properties, 'peer') && { ...getValue(rule.properties, 'peer'), span: undefined }, { kind: 'string', value: 'Peer.anyIpv4()', span: undefined });
      const port = getValue(rule.properties, 'port');
      assert.strictEqual(port?.kind === 'call' ? port.name : undefined, 'Port.tcp');
      assert.strictEqual(getValue(rule.properties, 'securityGroup')?.kind, 'ref');
    });

    it('turns other constructs of the file into references (Pulumi `bucket.id`)', () => {
      const text = "import * as aws from '@pulumi/aws';\nconst b = new aws.s3.BucketV2('records', {});\nnew aws.s3.BucketPublicAccessBlock('block', { bucket: b.id });\n";
      const block = program(text)!.resources[1];
      assert.deepStrictEqual({ ...getValue(block.properties, 'bucket'), span: undefined }, { kind: 'ref', target: 'records', attribute: 'id', span: undefined });
    });

    it('applies Tags.of(construct) to that construct, Tags.of(this) to every construct of the file', () => {
      const text = [
        "import { Tags } from 'aws-cdk-lib';",
        "import * as s3 from 'aws-cdk-lib/aws-s3';",
        "const a = new s3.Bucket(this, 'A');",
        "new s3.Bucket(this, 'B');",
        "Tags.of(a).add('DataClassification', 'PHI');",
        "Tags.of(this).add('Team', 'records');",
      ].join('\n');
      const document = program(text)!;
      const [a, b] = document.resources;
      assert.deepStrictEqual([...tagsOf(document, a)], [['DataClassification', 'PHI'], ['Team', 'records']]);
      assert.deepStrictEqual([...tagsOf(document, b)], [['Team', 'records']]);
    });
  });

  describe('severity follows PHI tags and names', () => {
    it('reports a construct tagged PHI as an error, another as a warning', () => {
      const linter = new Linter(bundledCatalog(), defaultConfig('/project'));
      const text = [
        "import { Tags } from 'aws-cdk-lib';",
        "import * as s3 from 'aws-cdk-lib/aws-s3';",
        "const a = new s3.Bucket(this, 'Uploads', { encryption: s3.BucketEncryption.S3_MANAGED });",
        "new s3.Bucket(this, 'Assets', { encryption: s3.BucketEncryption.S3_MANAGED });",
        "Tags.of(a).add('DataClassification', 'PHI');",
      ].join('\n');
      const findings = linter.lint('/project/stack.ts', text).findings.filter((finding) => finding.ruleId === 'iac-s3-encryption');
      assert.deepStrictEqual(findings.map((finding) => [finding.range.start.line, finding.severity]), [
        [2, 'error'],
        [3, 'warning'],
      ]);
    });
  });
});
