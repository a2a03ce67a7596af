import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { bundledCatalog } from '../../server/src/catalog/catalog';
import { defaultConfig } from '../../server/src/config/config';
import { Linter } from '../../server/src/engine/linter';

/**
 * Terraform modules and CloudFormation nested stacks take their variables from their callers
 * (analysis/iac/moduleCallers.ts): a value every caller passes is what the module is judged
 * with; differing or computed values are unknown; a caller that passes nothing gets the default.
 */

const MODULE = ['variable "encrypted" {', '  type    = bool', '  default = false', '}', '', 'resource "aws_db_instance" "this" {', '  engine            = "postgres"', '  kms_key_id        = "arn:aws:kms:us-east-1:111122223333:key/k"', '  storage_encrypted = var.encrypted', '}', ''].join('\n');

describe('IaC: module and nested stack callers', () => {
  let root: string;
  let linter: Linter;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'phi-lint-callers-'));
    // The repository's root: the search for callers stops here.
    fs.mkdirSync(path.join(root, '.git'));
    fs.mkdirSync(path.join(root, 'modules', 'db'), { recursive: true });
    fs.writeFileSync(path.join(root, 'modules', 'db', 'main.tf'), MODULE);
    linter = new Linter(bundledCatalog(), defaultConfig(root));
  });

  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const encryptionFindings = () => {
    const file = path.join(root, 'modules', 'db', 'main.tf');
    return linter
      .lint(file, fs.readFileSync(file, 'utf8'))
      .findings.filter((finding) => finding.ruleId === 'iac-rds-encryption')
      .map((finding) => finding.message);
  };

  const callers = (...bodies: string[]) => fs.writeFileSync(path.join(root, 'main.tf'), bodies.map((body, index) => `module "db${index}" {\n  source = "./modules/db"\n${body}}\n`).join('\n'));

  it('judges the module by its default when nothing calls it', () => {
    assert.strictEqual(encryptionFindings().length, 1);
    assert.match(encryptionFindings()[0], /the default of variable `encrypted`/);
  });

  it('takes the value every caller passes', () => {
    callers('  encrypted = true\n');
    assert.deepStrictEqual(encryptionFindings(), []);
  });

  it('names the caller whose value is reported', () => {
    fs.writeFileSync(path.join(root, 'modules', 'db', 'main.tf'), MODULE.replace('default = false', 'default = true'));
    callers('  encrypted = false\n');
    const [message] = encryptionFindings();
    assert.match(message, /passed by module `db0` in \.\.\/\.\.\/main\.tf/);
  });

  it('says nothing when callers differ', () => {
    callers('  encrypted = true\n', '  encrypted = false\n');
    assert.deepStrictEqual(encryptionFindings(), []);
  });

  it('says nothing when a caller computes the value', () => {
    callers('  encrypted = var.production\n');
    assert.deepStrictEqual(encryptionFindings(), []);
  });

  it('gives the default to a caller that passes nothing', () => {
    // One caller passes true, the other gets the default false: they differ, nothing is known.
    callers('  encrypted = true\n', '');
    assert.deepStrictEqual(encryptionFindings(), []);
  });

  it('reports what a caller passes when the others pass nothing and the default agrees', () => {
    callers('  encrypted = false\n', '');
    const [message] = encryptionFindings();
    assert.match(message, /passed by module `db0`/);
  });

  it('reads the parameters a parent CloudFormation stack passes to a nested template', () => {
    const child = ['Parameters:', '  Encrypted:', '    Type: String', "    Default: 'true'", 'Resources:', '  Db:', '    Type: AWS::RDS::DBInstance', '    Properties:', '      KmsKeyId: arn:aws:kms:us-east-1:111122223333:key/k', '      StorageEncrypted: !Ref Encrypted', ''].join('\n');
    fs.mkdirSync(path.join(root, 'stacks'));
    for (const name of ['on.yaml', 'off.yaml']) fs.writeFileSync(path.join(root, 'stacks', name), child);
    const stack = (id: string, file: string, value: string) => [`  ${id}:`, '    Type: AWS::CloudFormation::Stack', '    Properties:', `      TemplateURL: ./stacks/${file}`, '      Parameters:', `        Encrypted: '${value}'`];
    fs.writeFileSync(path.join(root, 'parent.yaml'), ['Resources:', ...stack('OnStack', 'on.yaml', 'true'), ...stack('OffStack', 'off.yaml', 'false'), ''].join('\n'));
    const lintChild = (name: string) => linter.lint(path.join(root, 'stacks', name), child).findings.filter((finding) => finding.ruleId === 'iac-rds-encryption').map((finding) => finding.message);
    assert.deepStrictEqual(lintChild('on.yaml'), []);
    const [message, ...rest] = lintChild('off.yaml');
    assert.deepStrictEqual(rest, []);
    assert.match(message, /passed by stack `OffStack` in \.\.\/parent\.yaml/);
  });
});
