import * as assert from 'assert';
import { bundledCatalog } from '../../server/src/catalog/catalog';
import { defaultConfig } from '../../server/src/config/config';
import { applyEdits } from '../../server/src/core/lineIndex';
import { fixAll } from '../../server/src/engine/fixAll';
import { Linter } from '../../server/src/engine/linter';

/**
 * The phi-column-needs-purpose quick fix inserts the annotation template above the column in the
 * file's comment syntax. It is never safe (a person must write the purpose), the placeholder it
 * leaves is still reported, and the result always parses.
 */

const RULE = 'phi-column-needs-purpose';
let linter: Linter;

function findings(file: string, text: string) {
  const output = linter.lint(file, text);
  assert.ok(output.parsed, `${file} parses:\n${text}`);
  return output.findings.filter((finding) => finding.ruleId === RULE);
}

/** Applies the fix of the finding on `column` and returns the text. */
function fixed(file: string, text: string, column: string): string {
  const finding = findings(file, text).find((candidate) => candidate.message.includes(`\`${column}\``));
  assert.ok(finding, `a finding for ${column} in:\n${text}`);
  assert.strictEqual(finding.fixes.length, 1, 'one fix');
  assert.strictEqual(finding.fixes[0].safe, false, 'never safe: a person writes the purpose');
  return applyEdits(text, finding.fixes[0].edits).text;
}

/** After the fix, the finding stays (placeholder) and offers no second template; filled in, it goes. */
function assertTemplateCycle(file: string, after: string, column: string, placeholder: string): void {
  const left = findings(file, after).filter((finding) => finding.message.includes(`\`${column}\``));
  assert.strictEqual(left.length, 1, `the placeholder is still reported:\n${after}`);
  assert.match(left[0].message, /still holds a placeholder/);
  assert.deepStrictEqual(left[0].fixes, [], 'no second template over the first');
  const filled = after.replace(placeholder, 'claims submission to the patient\'s insurer');
  assert.notStrictEqual(filled, after);
  assert.deepStrictEqual(
    findings(file, filled).filter((finding) => finding.message.includes(`\`${column}\``)),
    [],
    `a written purpose satisfies the rule:\n${filled}`,
  );
}

describe('phi-column-needs-purpose quick fix', () => {
  before(() => {
    linter = new Linter(bundledCatalog(), defaultConfig(process.cwd()));
  });

  it('SQL: a -- line above the column, with its indentation', () => {
    const text = 'CREATE TABLE patients (\n  id serial,\n  ssn varchar(11) NOT NULL\n);\n';
    const after = fixed('m.sql', text, 'patients.ssn');
    assert.strictEqual(after, 'CREATE TABLE patients (\n  id serial,\n  -- phi-purpose: <why this column needs Social Security number>\n  ssn varchar(11) NOT NULL\n);\n');
    assertTemplateCycle('m.sql', after, 'patients.ssn', '<why this column needs Social Security number>');
  });

  it('SQL: above a one-line ALTER TABLE, keeping CRLF line ends', () => {
    const text = 'BEGIN;\r\nALTER TABLE patients ADD COLUMN email text;\r\nCOMMIT;\r\n';
    const after = fixed('m.sql', text, 'patients.email');
    assert.strictEqual(after, 'BEGIN;\r\n-- phi-purpose: <why this column needs e-mail address>\r\nALTER TABLE patients ADD COLUMN email text;\r\nCOMMIT;\r\n');
    assertTemplateCycle('m.sql', after, 'patients.email', '<why this column needs e-mail address>');
  });

  it('Prisma: a /// doc comment above the field', () => {
    const text = 'model Patient {\n  id  Int    @id\n  dob DateTime\n}\n';
    const after = fixed('schema.prisma', text, 'Patient.dob');
    assert.strictEqual(after, 'model Patient {\n  id  Int    @id\n  /// phi-purpose: <why this column needs date of birth>\n  dob DateTime\n}\n');
    assertTemplateCycle('schema.prisma', after, 'Patient.dob', '<why this column needs date of birth>');
  });

  it('TypeORM: a // line above the decorators', () => {
    const text = "@Entity('patients')\nexport class Patient {\n  @Column({ type: 'text' })\n  @Index()\n  diagnosis!: string;\n}\n";
    const after = fixed('patient.entity.ts', text, 'patients.diagnosis');
    assert.strictEqual(after, "@Entity('patients')\nexport class Patient {\n  // phi-purpose: <why this column needs diagnosis or condition>\n  @Column({ type: 'text' })\n  @Index()\n  diagnosis!: string;\n}\n");
    assertTemplateCycle('patient.entity.ts', after, 'patients.diagnosis', '<why this column needs diagnosis or condition>');
  });

  it('SQL in a one-line script string: a // line above the statement', () => {
    const text = 'export class M {\n  async up(queryRunner) {\n    await queryRunner.query(`ALTER TABLE "patients" ADD "phone_number" varchar`);\n  }\n}\n';
    const after = fixed('1700-m.ts', text, 'patients.phone_number');
    assert.strictEqual(after, 'export class M {\n  async up(queryRunner) {\n    // phi-purpose: <why this column needs phone or fax number>\n    await queryRunner.query(`ALTER TABLE "patients" ADD "phone_number" varchar`);\n  }\n}\n');
    assertTemplateCycle('1700-m.ts', after, 'patients.phone_number', '<why this column needs phone or fax number>');
  });

  it('SQL on a later line of a multi-line template: a -- line inside the SQL, which stays SQL', () => {
    const text = 'await db.execute(sql`\n  CREATE TABLE claims (\n    id serial,\n    insurance_member_id text\n  )\n`);\n';
    const after = fixed('claims.ts', text, 'claims.insurance_member_id');
    assert.strictEqual(after, 'await db.execute(sql`\n  CREATE TABLE claims (\n    id serial,\n    -- phi-purpose: <why this column needs health plan beneficiary or member number>\n    insurance_member_id text\n  )\n`);\n');
    assertTemplateCycle('claims.ts', after, 'claims.insurance_member_id', '<why this column needs health plan beneficiary or member number>');
  });

  it('SQL in a single-quoted string: the line above the string, never inside it', () => {
    const text = "await knex.raw(\n  'ALTER TABLE patients ADD COLUMN email text',\n);\n";
    const after = fixed('raw.ts', text, 'patients.email');
    assert.strictEqual(after, "await knex.raw(\n  // phi-purpose: <why this column needs e-mail address>\n  'ALTER TABLE patients ADD COLUMN email text',\n);\n");
    assertTemplateCycle('raw.ts', after, 'patients.email', '<why this column needs e-mail address>');
  });

  it('is not applied by fix-all', () => {
    const text = 'CREATE TABLE patients (ssn text);\n';
    const result = fixAll(linter, 'm.sql', text);
    assert.strictEqual(result.applied, 0);
    assert.strictEqual(result.text, text);
    assert.strictEqual(result.remaining.filter((finding) => finding.ruleId === RULE).length, 1);
  });
});
