import * as assert from 'assert';
import { readCloudFormation, isCloudFormationTree } from '../../server/src/analysis/iac/cloudformation';
import { getPath, getValue, type IacValue } from '../../server/src/analysis/iac/model';
import { LineIndex } from '../../server/src/core/lineIndex';
import { isParseFailure, type ParsedDocument } from '../../server/src/parse/documents';
import { languageOf } from '../../server/src/parse/languages';
import { parseHcl, terraformAdapter, type HclAttribute, type HclBlock } from '../../server/src/parse/terraform';
import { parseYamlDocument, repairQuotedScalars, type YamlTree } from '../../server/src/parse/yaml';
import { mayBeInfrastructure } from '../../server/src/rules/iacRule';

function parseYaml(text: string, file = 'template.yaml', language: 'yaml' | 'json' = 'yaml') {
  const result = parseYamlDocument(file, text, new LineIndex(text), language);
  if (isParseFailure(result)) throw new Error(`parse failed: ${result.message} at ${result.offset}`);
  return result as ParsedDocument & { tree: YamlTree };
}

function template(text: string, file = 'template.yaml', language: 'yaml' | 'json' = 'yaml') {
  const parsed = parseYaml(text, file, language);
  return readCloudFormation(file, text, parsed.tree);
}

const at = (text: string, value: IacValue | undefined) => (value ? text.slice(value.span.start, value.span.end) : undefined);

describe('IaC parsing', () => {
  describe('languages and detection', () => {
    it('maps .yaml, .yml, .json, .template and .tf to languages', () => {
      assert.deepStrictEqual(['a.yaml', 'a.yml', 'a.json', 'a.template', 'main.tf'].map(languageOf), ['yaml', 'yaml', 'json', 'yaml', 'terraform']);
    });

    it('claims CloudFormation and SAM templates, never package.json, tsconfig or Kubernetes manifests', () => {
      assert.strictEqual(mayBeInfrastructure("AWSTemplateFormatVersion: '2010-09-09'\n", 'yaml'), true);
      assert.strictEqual(mayBeInfrastructure('Resources:\n  B:\n    Type: AWS::S3::Bucket\n', 'yaml'), true);
      assert.strictEqual(mayBeInfrastructure('Transform: AWS::Serverless-2016-10-31\n', 'yaml'), true);
      assert.strictEqual(mayBeInfrastructure('{ "Resources": { "B": { "Type": "AWS::S3::Bucket" } } }', 'json'), true);
      assert.strictEqual(mayBeInfrastructure('{ "name": "portal", "description": "Resources: AWS S3 buckets" }', 'json'), false);
      assert.strictEqual(mayBeInfrastructure('{ "compilerOptions": { "strict": true } }', 'json'), false);
      assert.strictEqual(mayBeInfrastructure('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n', 'yaml'), false);
      assert.strictEqual(mayBeInfrastructure('', 'terraform'), true);
    });

    it('tells a template tree from other YAML after parsing', () => {
      assert.strictEqual(isCloudFormationTree(parseYaml('Resources:\n  B:\n    Type: AWS::S3::Bucket\n').tree), true);
      assert.strictEqual(isCloudFormationTree(parseYaml('Resources:\n  cpu: 1\n').tree), false);
    });
  });

  describe('CloudFormation YAML', () => {
    const text = [
      'Resources:',
      '  Bucket:',
      '    Type: AWS::S3::Bucket',
      '    Properties:',
      '      A: !Ref Param',
      '      B: !GetAtt Key.Arn',
      '      C: !GetAtt [Key, Arn]',
      '      D: { Ref: Param }',
      '      E: { "Fn::GetAtt": [Key, Arn] }',
      "      F: !Sub '${Key.Arn}/*'",
      '      G: !If [Cond, !Ref AWS::NoValue, x]',
      '      H:',
      '        !Join',
      "        - ''",
      '        - [a, b]',
      '',
    ].join('\n');
    const document = template(text);
    const props = document.resources[0].properties;

    it('reads short-form tags and long-form intrinsics alike, with the tag inside the span', () => {
      assert.deepStrictEqual(
        ['A', 'B', 'C', 'D', 'E'].map((key) => {
          const value = getValue(props, key)!;
          return value.kind === 'ref' ? [value.target, value.attribute ?? null, at(text, value)] : value.kind;
        }),
        [
          ['Param', null, '!Ref Param'],
          ['Key', 'Arn', '!GetAtt Key.Arn'],
          ['Key', 'Arn', '!GetAtt [Key, Arn]'],
          ['Param', null, '{ Ref: Param }'],
          ['Key', 'Arn', '{ "Fn::GetAtt": [Key, Arn] }'],
        ],
      );
    });

    it('keeps other intrinsics as calls with their arguments', () => {
      const sub = getValue(props, 'F')!;
      assert.strictEqual(sub.kind === 'call' && sub.name, 'Fn::Sub');
      const condition = getValue(props, 'G')!;
      assert.strictEqual(condition.kind === 'call' && condition.name, 'Fn::If');
      assert.strictEqual(condition.kind === 'call' && condition.args.length, 3);
      const join = getValue(props, 'H')!;
      assert.strictEqual(join.kind === 'call' && join.name, 'Fn::Join');
      assert.strictEqual(at(text, join)?.startsWith('!Join'), true);
    });

    it('gives resources their logical id span and whole span', () => {
      const [bucket] = document.resources;
      assert.strictEqual(text.slice(bucket.nameSpan.start, bucket.nameSpan.end), 'Bucket');
      assert.strictEqual(bucket.type, 'AWS::S3::Bucket');
    });

    it('collects comments with positions for suppressions', () => {
      const source = 'Resources: # top\n  # above\n  B:\n    Type: AWS::S3::Bucket # after\n';
      const parsed = parseYaml(source);
      assert.deepStrictEqual(
        parsed.comments.map((comment) => [comment.value, comment.range.start.line, comment.range.start.character]),
        [
          [' top', 0, 11],
          [' above', 1, 2],
          [' after', 3, 26],
        ],
      );
    });

    it('turns Metadata suppressions into directives that cover the resource', () => {
      const source = [
        'Resources:',
        '  B:',
        '    Type: AWS::S3::Bucket',
        '    Metadata:',
        '      phi-lint:',
        '        suppress:',
        '          - id: iac-s3-encryption',
        '            reason: public assets',
        '  C:',
        '    Type: AWS::S3::Bucket',
        '',
      ].join('\n');
      const scoped = parseYaml(source).comments.filter((comment) => comment.scope);
      assert.strictEqual(scoped.length, 1);
      assert.match(scoped[0].value, /phi-lint-disable-line iac-s3-encryption -- public assets/);
      assert.deepStrictEqual([scoped[0].scope!.startLine, scoped[0].scope!.endLine], [1, 7]);
    });

    it('reports YAML that even the tolerant reader cannot read, at the error', () => {
      const source = 'Resources:\n  B:\n    Type: [AWS::S3::Bucket\n';
      const result = parseYamlDocument('t.yaml', source, new LineIndex(source), 'yaml');
      assert.ok(isParseFailure(result), 'expected a parse failure');
    });
  });

  describe('tolerant reading of multi-line quoted strings', () => {
    const source = [
      'Resources:',
      '  Fn:',
      '    Type: AWS::Lambda::Function',
      '    Properties:',
      "      ZipFile: 'import os",
      'print(1)',
      "  x'",
      '      Runtime: python3.12',
      '',
    ].join('\n');

    it('re-indents continuation lines that strict YAML rejects', () => {
      const repair = repairQuotedScalars(source);
      assert.ok(repair, 'expected a repair');
      assert.deepStrictEqual(
        repair.insertions.map((insertion) => [source.slice(insertion.at, insertion.at + 4), insertion.count]),
        [
          ['prin', 8],
          ["  x'", 6],
        ],
      );
    });

    it('parses the template and maps every position back to the original text', () => {
      const parsed = parseYaml(source);
      assert.strictEqual(parsed.tree.repaired, true);
      const document = readCloudFormation('t.yaml', source, parsed.tree);
      const runtime = getValue(document.resources[0].properties, 'Runtime')!;
      assert.strictEqual(source.slice(runtime.span.start, runtime.span.end), 'python3.12');
      const zip = getValue(document.resources[0].properties, 'ZipFile')!;
      assert.strictEqual(zip.kind === 'string' && zip.value, 'import os print(1) x');
    });

    it('leaves block scalars alone', () => {
      assert.strictEqual(repairQuotedScalars("a: |\n  it's\nb: 'x'\n"), undefined);
    });
  });

  describe('CloudFormation JSON', () => {
    const text = '{\n\t"Resources": {\n\t\t"B": { "Type": "AWS::S3::Bucket", "Properties": { "K": { "Fn::GetAtt": ["Key", "Arn"] }, "N": 5 } },\n\t\t"//": "a note", "//": "another"\n\t}\n}\n';
    it('reads JSON (tabs, duplicate comment keys) with exact positions', () => {
      const document = template(text, 'template.json', 'json');
      assert.strictEqual(document.json, true);
      const key = getValue(document.resources[0].properties, 'K')!;
      assert.strictEqual(key.kind === 'ref' && `${key.target}.${key.attribute}`, 'Key.Arn');
      assert.strictEqual(at(text, getValue(document.resources[0].properties, 'N')), '5');
      assert.strictEqual(document.resources.length, 1);
    });
  });

  describe('Terraform (tree-sitter HCL)', () => {
    const text = [
      '# a comment with é and 😀',
      'resource "aws_s3_bucket" "records" { // trailing',
      '  bucket = "acme-😀-${var.env}"',
      '  tags   = { DataClassification = "PHI" }',
      '  /* block',
      '     comment */',
      '  policy = <<-EOT',
      '    {"Statement": []}',
      '  EOT',
      '  versioning {',
      '    enabled = true',
      '  }',
      '}',
      '',
    ].join('\n');
    let parsed: ReturnType<typeof parseHcl>;
    before(() => {
      parsed = parseHcl(text);
    });

    it('parses blocks, attributes and nested blocks with UTF-16 offsets', () => {
      assert.ok(!(parsed instanceof Error), String(parsed));
      if (parsed instanceof Error) return;
      assert.strictEqual(parsed.error, undefined);
      const block = parsed.file.body.items[0] as HclBlock;
      assert.deepStrictEqual([block.type, ...block.labels.map((label) => label.value)], ['resource', 'aws_s3_bucket', 'records']);
      assert.strictEqual(text.slice(block.labels[1].start, block.labels[1].end), '"records"');
      const bucket = block.body.items[0] as HclAttribute;
      assert.strictEqual(text.slice(bucket.value.start, bucket.value.end), '"acme-😀-${var.env}"');
      assert.strictEqual(bucket.value.type, 'template');
      assert.deepStrictEqual(bucket.value.type === 'template' && bucket.value.refs.map((ref) => ref.parts), [['var', 'env']]);
      const policy = block.body.items.find((item) => item.kind === 'attribute' && item.name === 'policy') as HclAttribute;
      assert.deepStrictEqual(policy.value.type === 'template' && policy.value.raw, '{"Statement": []}\n');
      assert.ok(block.body.items.some((item) => item.kind === 'block' && item.type === 'versioning'));
    });

    it('collects #, // and /* */ comments', () => {
      if (parsed instanceof Error) return assert.fail(parsed.message);
      assert.deepStrictEqual(
        parsed.comments.map((comment) => comment.value.trim()),
        ['a comment with é and 😀', 'trailing', 'block\n     comment'],
      );
    });

    it('turns a syntax error into one parse failure at the error', () => {
      const broken = 'resource "aws_s3_bucket" "b" {\n  bucket = \n}\n';
      const result = terraformAdapter.parse('main.tf', broken, new LineIndex(broken));
      assert.ok(isParseFailure(result), 'expected a parse failure');
      if (isParseFailure(result)) assert.ok(result.offset >= broken.indexOf('bucket'), `offset ${result.offset}`);
    });

    it('reads nested values by path', () => {
      const document = template('Resources:\n  D:\n    Type: AWS::OpenSearchService::Domain\n    Properties:\n      DomainEndpointOptions:\n        EnforceHTTPS: true\n');
      const value = getPath(document.resources[0].properties, ['DomainEndpointOptions', 'EnforceHTTPS']);
      assert.strictEqual(value?.kind === 'boolean' && value.value, true);
    });
  });
});
