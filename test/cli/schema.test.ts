import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { describeRun, runCliAll, type CliResult } from '../helpers/cli';
import { git, gitInitAndCommit, makeTempDir, removeDir, writeFiles } from '../helpers/workspace';

/**
 * The data-minimization gate from the command line: `--changed-since REF` on a repository whose
 * last commit adds columns in SQL, Prisma and TypeORM (and realigns and moves existing ones)
 * reports exactly the new PHI columns without a stated purpose, and nothing on lines that only
 * moved. `--staged` judges the staged content against HEAD; a full scan has no base.
 */

interface JsonReport {
  summary: { errors: number };
  files: { path: string; findings: { ruleId: string; line: number; column: number; message: string; severity: string; fixes: { title: string; safe: boolean }[] }[] }[];
}

/** The TypeORM entity `Visit` (table `visits`): its id, then these member lines. */
function visitEntity(...members: string[]): string {
  return [
    "import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';",
    '',
    "@Entity('visits')",
    'export class Visit {',
    '  @PrimaryGeneratedColumn()',
    '  id!: number;',
    '',
    ...members,
    '}',
    '',
  ].join('\n');
}

const BASE: Record<string, string> = {
  'migrations/001_create_patients.sql': ['CREATE TABLE patients (', '  id serial PRIMARY KEY,', '  ssn varchar(11) NOT NULL,', '  status text', ');', ''].join('\n'),
  'prisma/schema.prisma': ['model Patient {', '  id Int @id @default(autoincrement())', '  ssn String @unique', '  status String', '}', ''].join('\n'),
  'src/entities/visit.entity.ts': visitEntity(
    '  @Column()',
    '  diagnosis!: string;',
    '',
    '  @Column()',
    '  status!: string;',
    '',
    '  allergies?: string[];',
  ),
};

const CHANGE: Record<string, string> = {
  // A new migration file: its columns are new though the file is.
  'migrations/002_add_contact.sql': [
    'ALTER TABLE patients ADD COLUMN email text;',
    'ALTER TABLE patients ADD COLUMN phone_number text; -- phi-purpose: appointment reminders by text message',
    'ALTER TABLE patients ADD COLUMN created_at timestamptz;',
    '',
  ].join('\n'),
  // `prisma format` realigns every field when one is added.
  'prisma/schema.prisma': ['model Patient {', '  id          Int      @id @default(autoincrement())', '  ssn         String   @unique', '  status      String', '  dateOfBirth DateTime', '}', ''].join('\n'),
  // diagnosis moves below a new column and gets another decorator; medication is new; allergies,
  // an unstored property until now, becomes a column on a line that did not change.
  'src/entities/visit.entity.ts': visitEntity(
    '  @Column()',
    '  status!: string;',
    '',
    '  @Column()',
    '  medication!: string;',
    '',
    "  @Column({ type: 'text' })",
    '  diagnosis!: string;',
    '',
    "  @Column('simple-array')",
    '  allergies?: string[];',
  ),
};

function parse(result: CliResult): JsonReport {
  try {
    return JSON.parse(result.stdout) as JsonReport;
  } catch {
    assert.fail(`not JSON:\n${describeRun(result)}`);
  }
}

/** `path:line:column ruleId` for each finding. */
function list(report: JsonReport): string[] {
  return report.files.flatMap((file) => file.findings.map((finding) => `${file.path}:${finding.line}:${finding.column} ${finding.ruleId}`));
}

describe('CLI: new PHI columns need a stated purpose (phi-column-needs-purpose)', function () {
  this.timeout(120000);
  let changed: string;
  let staged: string;
  let runs: Record<'changedSince' | 'staged' | 'fullScan', CliResult>;

  before(async () => {
    changed = makeTempDir('cli-schema-changed');
    writeFiles(changed, BASE);
    gitInitAndCommit(changed, 'base schema');
    writeFiles(changed, CHANGE);
    git(changed, 'add', '-A');
    git(changed, 'commit', '-q', '-m', 'add contact, date of birth, medication');

    // --staged: a staged new column is judged; one only in the working tree is not.
    staged = makeTempDir('cli-schema-staged');
    writeFiles(staged, BASE);
    gitInitAndCommit(staged, 'base schema');
    writeFiles(staged, { 'migrations/002_add_email.sql': 'ALTER TABLE patients ADD COLUMN email text;\n' });
    git(staged, 'add', 'migrations/002_add_email.sql');
    writeFiles(staged, {
      'migrations/002_add_email.sql': 'ALTER TABLE patients ADD COLUMN email text;\nALTER TABLE patients ADD COLUMN diagnosis text;\n',
      'prisma/schema.prisma': BASE['prisma/schema.prisma'].replace('  status String\n', '  status String\n  mrn String\n'),
    });

    runs = await runCliAll({
      changedSince: { args: ['--changed-since', 'HEAD~1', '--format', 'json'], cwd: changed },
      staged: { args: ['--staged', '--format', 'json'], cwd: staged },
      fullScan: { args: ['--format', 'json'], cwd: changed },
    });
  });

  after(() => {
    removeDir(changed);
    removeDir(staged);
  });

  it('--changed-since HEAD~1 reports exactly the new unannotated PHI columns in SQL, Prisma and TypeORM', () => {
    const run = runs.changedSince;
    assert.strictEqual(run.code, 1, describeRun(run));
    const report = parse(run);
    assert.deepStrictEqual(list(report), [
      'migrations/002_add_contact.sql:1:33 phi-column-needs-purpose',
      'prisma/schema.prisma:5:3 phi-column-needs-purpose',
      'src/entities/visit.entity.ts:12:3 phi-column-needs-purpose',
      'src/entities/visit.entity.ts:18:3 phi-column-needs-purpose',
    ]);
    const messages = report.files.flatMap((file) => file.findings.map((finding) => finding.message));
    assert.match(messages[0], /^New column `patients\.email` \(e-mail address, a HIPAA identifier\) stores PHI without a stated purpose\. Add `phi-purpose: <why>`/);
    assert.match(messages[1], /^New column `Patient\.dateOfBirth` \(date of birth/);
    assert.match(messages[2], /^New column `visits\.medication` \(medication or prescription/);
    assert.ok(messages.every((message) => /HIPAA 164\.502\(b\).*CPRA 1798\.100\(c\)/.test(message)), 'the messages cite minimum necessary and data minimization');
    const first = report.files[0].findings[0];
    assert.strictEqual(first.severity, 'error');
    assert.deepStrictEqual(first.fixes, [{ title: 'Add a phi-purpose annotation to `patients.email` (then write the purpose)', safe: false }]);
  });

  it('--changed-since reports nothing on lines that only moved or were realigned', () => {
    const report = parse(runs.changedSince);
    const prisma = report.files.find((file) => file.path === 'prisma/schema.prisma')!;
    // Lines 2-4 changed (realigned), ssn among them: not new.
    assert.deepStrictEqual(prisma.findings.map((finding) => finding.line), [5]);
    const entity = report.files.find((file) => file.path === 'src/entities/visit.entity.ts')!;
    // diagnosis moved to line 15 under a changed decorator: not new. allergies (line 18) did not
    // change, but the decorator added above it makes it a new column: reported all the same.
    assert.deepStrictEqual(entity.findings.map((finding) => finding.line), [12, 18]);
  });

  it('--staged judges the staged content against HEAD: the working tree\'s extra columns are not reported', () => {
    const run = runs.staged;
    assert.strictEqual(run.code, 1, describeRun(run));
    assert.deepStrictEqual(list(parse(run)), ['migrations/002_add_email.sql:1:33 phi-column-needs-purpose']);
  });

  it('a full scan has no base: every PHI column without a purpose counts', () => {
    const run = runs.fullScan;
    assert.strictEqual(run.code, 1, describeRun(run));
    assert.deepStrictEqual(list(parse(run)), [
      'migrations/001_create_patients.sql:3:3 phi-column-needs-purpose',
      'migrations/002_add_contact.sql:1:33 phi-column-needs-purpose',
      'prisma/schema.prisma:3:3 phi-column-needs-purpose',
      'prisma/schema.prisma:5:3 phi-column-needs-purpose',
      'src/entities/visit.entity.ts:12:3 phi-column-needs-purpose',
      'src/entities/visit.entity.ts:15:3 phi-column-needs-purpose',
      'src/entities/visit.entity.ts:18:3 phi-column-needs-purpose',
    ]);
    const messages = parse(run).files.flatMap((file) => file.findings.map((finding) => finding.message));
    assert.ok(messages.every((message) => message.startsWith('Column `')), 'without a base, no column is called new');
    assert.ok(fs.existsSync(path.join(changed, '.git')));
  });
});
