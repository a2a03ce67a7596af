import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { GitSchemaBaselines, type SchemaBaseSpec } from '../../server/src/engine/baseline';
import { Project } from '../../server/src/engine/project';
import { git, gitInitAndCommit, makeTempDir, removeDir, writeFiles } from '../helpers/workspace';

/**
 * "New" is semantic: a column is new when the schema at the base does not have it (per table and
 * column, migrations applied in order), not when its line changed. Each case builds a temporary
 * git repository: a base commit, then a change in the working tree (or another commit).
 */

const RULE = 'phi-column-needs-purpose';

/** `path:line table.column` for every finding of the rule in the given working-tree files. */
function newColumns(root: string, files: string[], schemaBase: SchemaBaseSpec = 'HEAD'): string[] {
  const project = new Project(root, { schemaBase });
  const out: string[] = [];
  for (const relative of files) {
    const file = path.join(root, relative);
    const text = fs.readFileSync(file, 'utf8');
    const output = project.linterFor(file).lint(file, text, { baseline: project.baselineFor(file) });
    for (const finding of output.findings) {
      assert.notStrictEqual(finding.ruleId, 'parse-error', `${relative} does not parse: ${finding.message}`);
      if (finding.ruleId !== RULE) continue;
      const column = /[Cc]olumn `([^`]+)`/.exec(finding.message)?.[1];
      out.push(`${relative}:${finding.range.start.line + 1} ${column}`);
    }
  }
  return out;
}

function commitAll(root: string, message: string): void {
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', message);
}

describe('schema baseline: what a change adds, judged by meaning (temporary git repositories)', function () {
  this.timeout(60000);
  const roots: string[] = [];
  const repo = (files: Record<string, string>): string => {
    const root = makeTempDir('schema-base');
    roots.push(root);
    writeFiles(root, files);
    gitInitAndCommit(root, 'base');
    return root;
  };

  after(() => roots.forEach(removeDir));

  it('added: only the column the change adds is new (Prisma)', () => {
    const root = repo({ 'prisma/schema.prisma': 'model Patient {\n  id  Int    @id\n  ssn String\n}\n' });
    writeFiles(root, { 'prisma/schema.prisma': 'model Patient {\n  id  Int    @id\n  ssn String\n  email String\n}\n' });
    assert.deepStrictEqual(newColumns(root, ['prisma/schema.prisma']), ['prisma/schema.prisma:4 Patient.email']);
    // Without a base every unannotated PHI column counts.
    assert.deepStrictEqual(newColumns(root, ['prisma/schema.prisma'], 'none'), ['prisma/schema.prisma:3 Patient.ssn', 'prisma/schema.prisma:4 Patient.email']);
  });

  it('realigned: `prisma format` re-indenting every field, and a reformatted SQL table, add nothing', () => {
    const root = repo({
      'prisma/schema.prisma': 'model Patient {\n  id Int @id\n  ssn String @unique\n  dob DateTime\n}\n',
      'db/001_init.sql': 'CREATE TABLE visits (id serial, diagnosis text, medication text);\n',
    });
    writeFiles(root, {
      // One field added, and the formatter realigns all the others: every line changed.
      'prisma/schema.prisma': 'model Patient {\n  id          Int      @id\n  ssn         String   @unique\n  dob         DateTime\n  phoneNumber String\n}\n',
      'db/001_init.sql': 'CREATE TABLE visits (\n  id serial,\n  diagnosis text,\n  medication text\n);\n',
    });
    assert.deepStrictEqual(newColumns(root, ['prisma/schema.prisma', 'db/001_init.sql']), ['prisma/schema.prisma:5 Patient.phoneNumber']);
  });

  it('renamed: a column renamed in place, or by a RENAME COLUMN migration, is new under its new name', () => {
    const root = repo({
      'src/patient.entity.ts': "@Entity('patients')\nexport class Patient {\n  @Column() ssn!: string;\n  @Column() notes!: string;\n}\n",
      'db/001.sql': 'CREATE TABLE visits (id serial, remarks text);\n',
    });
    writeFiles(root, {
      'src/patient.entity.ts': "@Entity('patients')\nexport class Patient {\n  @Column() socialSecurityNumber!: string;\n  @Column() notes!: string;\n}\n",
      'db/002.sql': 'ALTER TABLE visits RENAME COLUMN remarks TO diagnosis;\n',
    });
    assert.deepStrictEqual(newColumns(root, ['src/patient.entity.ts', 'db/002.sql']), [
      'src/patient.entity.ts:3 patients.socialSecurityNumber',
      'db/002.sql:1 visits.diagnosis',
    ]);
  });

  it('moved: a column moved to another file (an entity split, a file renamed) is not new', () => {
    const root = repo({
      'src/models/patient.ts': "import { Schema, model } from 'mongoose';\nconst schema = new Schema({ mrn: String, email: String });\nexport const Patient = model('Patient', schema);\n",
      'src/entities/visit.entity.ts': "@Entity('visits')\nexport class Visit {\n  @Column() diagnosis!: string;\n  @Column() medication!: string;\n}\n",
    });
    fs.rmSync(path.join(root, 'src/models/patient.ts'));
    writeFiles(root, {
      'src/schemas/patient.schema.ts': "import { Schema, model } from 'mongoose';\n\nconst schema = new Schema({\n  email: String,\n  mrn: String,\n  allergies: [String],\n});\nexport const Patient = model('Patient', schema);\n",
      'src/entities/visit.entity.ts': "@Entity('visits')\nexport class Visit {\n  @Column() diagnosis!: string;\n}\n",
      'src/entities/visit-medication.ts': "@Entity('visits')\nexport class VisitMedication {\n  @Column({ type: 'text' })\n  medication!: string;\n}\n",
    });
    assert.deepStrictEqual(newColumns(root, ['src/schemas/patient.schema.ts', 'src/entities/visit.entity.ts', 'src/entities/visit-medication.ts']), [
      'src/schemas/patient.schema.ts:6 Patient.allergies',
    ]);
  });

  it('dropped: a migration that drops a column adds nothing, and the columns it leaves are not new', () => {
    const root = repo({ 'db/001_create.sql': 'CREATE TABLE patients (id serial, ssn text, email text);\n' });
    writeFiles(root, { 'db/002_drop_ssn.sql': 'ALTER TABLE patients DROP COLUMN ssn;\nALTER TABLE patients ADD COLUMN created_at timestamptz;\n' });
    assert.deepStrictEqual(newColumns(root, ['db/001_create.sql', 'db/002_drop_ssn.sql']), []);
  });

  it('re-added: a column dropped at the base and added again is new; the old migration that created it is not', () => {
    const root = repo({
      'db/001_create.sql': 'CREATE TABLE patients (id serial, ssn text);\n',
      'db/002_drop_ssn.sql': 'ALTER TABLE patients DROP COLUMN ssn;\n',
    });
    writeFiles(root, { 'db/003_readd_ssn.sql': 'ALTER TABLE patients ADD COLUMN ssn text;\n' });
    assert.deepStrictEqual(newColumns(root, ['db/001_create.sql', 'db/002_drop_ssn.sql', 'db/003_readd_ssn.sql']), ['db/003_readd_ssn.sql:1 patients.ssn']);
  });

  it('re-added: a field removed in the last commit and typed back is new', () => {
    const root = repo({ 'src/db/schema.ts': "export const patients = pgTable('patients', {\n  id: serial('id'),\n  ssn: text('ssn'),\n});\n" });
    writeFiles(root, { 'src/db/schema.ts': "export const patients = pgTable('patients', {\n  id: serial('id'),\n});\n" });
    commitAll(root, 'drop ssn');
    writeFiles(root, { 'src/db/schema.ts': "export const patients = pgTable('patients', {\n  id: serial('id'),\n  ssn: text('ssn'),\n});\n" });
    assert.deepStrictEqual(newColumns(root, ['src/db/schema.ts']), ['src/db/schema.ts:3 patients.ssn']);
    // Against the first commit, where it existed, it is not new.
    assert.deepStrictEqual(newColumns(root, ['src/db/schema.ts'], { ref: 'HEAD~1' }), []);
  });

  it('migrations are cumulative: a new migration file adds only what the base schema lacks', () => {
    const root = repo({
      'migrations/20240101000000-create-patients.js':
        "module.exports = {\n  async up(queryInterface, Sequelize) {\n    await queryInterface.createTable('patients', { id: Sequelize.INTEGER, ssn: Sequelize.STRING });\n  },\n  async down(queryInterface) {\n    await queryInterface.dropTable('patients');\n  },\n};\n",
    });
    writeFiles(root, {
      'migrations/20240301000000-add-contact.js':
        "module.exports = {\n  async up(queryInterface, Sequelize) {\n    await queryInterface.addColumn('patients', 'ssn', Sequelize.STRING);\n    await queryInterface.addColumn('patients', 'email', Sequelize.STRING);\n  },\n  async down(queryInterface) {\n    await queryInterface.removeColumn('patients', 'email');\n  },\n};\n",
    });
    assert.deepStrictEqual(newColumns(root, ['migrations/20240301000000-add-contact.js']), ['migrations/20240301000000-add-contact.js:4 patients.email']);
  });

  it('compares tables and columns across naming strategies: entity PatientVisit.dateOfBirth is SQL patient_visits.date_of_birth', () => {
    const root = repo({
      'db/001.sql': 'CREATE TABLE "public"."patient_visits" ("id" serial, "date_of_birth" date);\n',
      'knex/001_labs.ts': "export async function up(knex) {\n  await knex.schema.createTable('labs', (t) => { t.text('lab_result'); });\n}\n",
    });
    writeFiles(root, {
      'src/visit.entity.ts': '@Entity()\nexport class PatientVisit {\n  @Column() dateOfBirth!: Date;\n  @Column() diagnosis!: string;\n}\n',
      'src/lab.ts': "export const Lab = sequelize.define('Lab', { labResult: DataTypes.TEXT });\n",
    });
    assert.deepStrictEqual(newColumns(root, ['src/visit.entity.ts', 'src/lab.ts']), ['src/visit.entity.ts:4 PatientVisit.diagnosis']);
  });

  it('files the project ignores are not part of the base', () => {
    const root = repo({
      '.phi-lint.yaml': 'ignore:\n  - "samples/**"\n',
      'samples/sample.sql': 'CREATE TABLE patients (ssn text);\n',
      'db/001.sql': 'CREATE TABLE patients (id serial);\n',
    });
    writeFiles(root, { 'db/002.sql': 'ALTER TABLE patients ADD COLUMN ssn text;\n' });
    assert.deepStrictEqual(newColumns(root, ['db/002.sql']), ['db/002.sql:1 patients.ssn']);
    // Not ignored, the sample would count as the base schema.
    fs.rmSync(path.join(root, '.phi-lint.yaml'));
    assert.deepStrictEqual(newColumns(root, ['db/002.sql']), []);
  });

  it('tests and fixtures are not the schema: a CREATE TABLE in a test does not make a column exist, though the test itself is compared with its base', () => {
    const root = repo({
      'test/migrate.test.ts': "it('creates', async () => {\n  await db.query('CREATE TABLE patients (id serial, ssn text)');\n});\n",
      'src/__tests__/fixtures/schema.prisma': 'model Patient {\n  id  Int    @id\n  dob DateTime\n}\n',
      'db/001.sql': 'CREATE TABLE patients (id serial);\n',
    });
    writeFiles(root, { 'db/002.sql': 'ALTER TABLE patients ADD COLUMN ssn text, ADD COLUMN dob date;\n' });
    assert.deepStrictEqual(newColumns(root, ['db/002.sql', 'test/migrate.test.ts', 'src/__tests__/fixtures/schema.prisma']), ['db/002.sql:1 patients.ssn', 'db/002.sql:1 patients.dob']);
  });

  describe('GitSchemaBaselines', () => {
    it('has no baseline for base none, outside a repository, for a missing ref, or before the first commit', () => {
      const root = repo({ 'db/001.sql': 'CREATE TABLE patients (ssn text);\n' });
      const file = path.join(root, 'db/001.sql');
      assert.strictEqual(new GitSchemaBaselines(root, 'none').baselineFor(file), undefined);
      assert.strictEqual(new GitSchemaBaselines(root, { ref: 'no-such-ref' }).baselineFor(file), undefined);
      assert.ok(new GitSchemaBaselines(root, 'HEAD').baselineFor(file)?.hasColumn('patients', 'ssn'));
      const plain = makeTempDir('schema-nogit');
      roots.push(plain);
      assert.strictEqual(new GitSchemaBaselines(plain, 'HEAD').baselineFor(path.join(plain, 'a.sql')), undefined);
      const empty = makeTempDir('schema-empty');
      roots.push(empty);
      git(empty, 'init', '-q');
      assert.strictEqual(new GitSchemaBaselines(empty, 'HEAD').baselineFor(path.join(empty, 'a.sql')), undefined);
    });

    it('reads the commit, not the working tree, and compares without regard to case, quotes and separators', () => {
      const root = repo({ 'schema.sql': 'CREATE TABLE `Patients` (`SSN` text, date_of_birth date);\n' });
      writeFiles(root, { 'schema.sql': 'CREATE TABLE patients (email text);\n' });
      const baseline = new GitSchemaBaselines(root, 'HEAD').baselineFor(path.join(root, 'other.sql'))!;
      assert.ok(baseline.hasColumn('patients', 'ssn'));
      assert.ok(baseline.hasColumn('public.patient', 'dateOfBirth'));
      assert.ok(!baseline.hasColumn('patients', 'email'), 'the working tree is not the base');
      assert.ok(!baseline.hasColumn('visits', 'ssn'));
    });

    it('re-resolves HEAD after a short while, so a commit made in the editor moves the base', () => {
      const root = repo({ 'schema.sql': 'CREATE TABLE patients (id serial);\n' });
      let now = 0;
      const baselines = new GitSchemaBaselines(root, 'HEAD', { now: () => now });
      const file = path.join(root, 'schema.sql');
      const first = baselines.baselineFor(file)!;
      assert.ok(!first.hasColumn('patients', 'ssn'));
      writeFiles(root, { 'schema.sql': 'CREATE TABLE patients (id serial, ssn text);\n' });
      commitAll(root, 'add ssn');
      now = 500;
      assert.strictEqual(baselines.baselineFor(file)!.commit, first.commit, 'HEAD is trusted for a moment');
      now = 5000;
      const second = baselines.baselineFor(file)!;
      assert.notStrictEqual(second.commit, first.commit);
      assert.ok(second.hasColumn('patients', 'ssn'));
    });
  });
});
