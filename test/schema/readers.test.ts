import * as assert from 'assert';
import { purposeIn, purposeStateOf } from '../../server/src/analysis/schema/annotations';
import { columnKey, declaredColumns, SchemaState, tableKey, type SchemaFile, type SchemaOp } from '../../server/src/analysis/schema/columns';
import { SCRIPT_SCHEMA_MARKERS } from '../../server/src/analysis/schema/jsSchemaReader';
import { readSchemaOfText } from '../../server/src/analysis/schema/read';
import { parsePrisma } from '../../server/src/parse/prisma';
import { parseSql, tokenizeSql } from '../../server/src/parse/sql';

/** Ops in a compact form: `+table.column:type`, `-table.column`, `-table`, `~table.from>to`, `table>to`. */
function ops(file: SchemaFile | undefined): string[] {
  return (file?.ops ?? []).map((op: SchemaOp) => {
    switch (op.kind) {
      case 'column':
        return `+${op.column.table}.${op.column.name}${op.column.type ? `:${op.column.type}` : ''}`;
      case 'dropColumn':
        return `-${op.table}.${op.column}`;
      case 'dropTable':
        return `-${op.table}`;
      case 'renameColumn':
        return `~${op.table}.${op.from}>${op.to.name}`;
      case 'renameTable':
        return `${op.from}>${op.to}`;
    }
  });
}

/** The text each column's name range covers, which must be the name as written. */
function nameTexts(text: string, file: SchemaFile | undefined): string[] {
  return declaredColumns(file!).map((column) => text.slice(column.nameStart, column.nameEnd));
}

describe('schema readers', () => {
  describe('SQL tokenizer', () => {
    it('keeps dollar-quoted bodies, strings and comments out of the statements', () => {
      const text = [
        "CREATE FUNCTION f() RETURNS void AS $body$ BEGIN CREATE TABLE x (ssn text); END; $body$ LANGUAGE plpgsql;",
        "/* outer /* nested */ still a comment; CREATE TABLE y (dob date); */",
        "# a MySQL comment; CREATE TABLE z (ssn text);",
        "INSERT INTO t VALUES ('it''s; CREATE TABLE w (a text)', 'back\\'slash;');",
        'CREATE TABLE patients (ssn text);',
      ].join('\n');
      const script = parseSql(text);
      assert.deepStrictEqual(ops(readSchemaOfText('a.sql', text)), ['+patients.ssn:text']);
      assert.strictEqual(script.comments.length, 2);
      assert.match(script.comments[0].value, /nested \*\/ still a comment/);
    });

    it('reads "double", `back-tick` and [bracket] identifiers, and leaves array types alone', () => {
      const { tokens } = tokenizeSql('"first ""name""" `dob` [lab results] text[] int[3]');
      assert.deepStrictEqual(
        tokens.map((token) => `${token.kind}:${token.value}`),
        ['quoted:first "name"', 'quoted:dob', 'quoted:lab results', 'word:text', 'other:[', 'other:]', 'word:int', 'other:[', 'number:3', 'other:]'],
      );
    });

    it('never throws, whatever it is given', () => {
      for (const text of ['CREATE TABLE (', "CREATE TABLE t (a text, b 'unterminated", 'ALTER TABLE', ')))(((', '$$', '/* open', '"', 'CREATE TABLE t (a text', '']) {
        assert.doesNotThrow(() => parseSql(text), text);
      }
      assert.deepStrictEqual(ops(readSchemaOfText('a.sql', 'CREATE TABLE t (a text, ssn text')), ['+t.a:text', '+t.ssn:text']);
    });
  });

  describe('SQL statements', () => {
    it('CREATE TABLE: columns with their types; constraint lines skipped', () => {
      const text = [
        'CREATE UNLOGGED TABLE IF NOT EXISTS "public"."patients" (',
        '  "id" SERIAL NOT NULL,',
        '  ssn character varying(11) NOT NULL DEFAULT \'\',',
        '  balance numeric(10, 2),',
        '  allergies text[],',
        '  dob DATE COMMENT \'phi-purpose: dosing\',',
        '  CONSTRAINT pk PRIMARY KEY (id), PRIMARY KEY (id), FOREIGN KEY (a) REFERENCES b(c), UNIQUE (ssn), INDEX i (a), KEY k (a), CHECK (a > 0)',
        ');',
        'CREATE TABLE copy AS SELECT * FROM patients;',
        'CREATE TEMPORARY TABLE scratch (x int);',
      ].join('\n');
      const file = readSchemaOfText('a.sql', text);
      assert.deepStrictEqual(ops(file), [
        '+patients.id:SERIAL',
        '+patients.ssn:character varying(11)',
        '+patients.balance:numeric(10, 2)',
        '+patients.allergies:text[]',
        '+patients.dob:DATE',
        '+scratch.x:int',
      ]);
      assert.deepStrictEqual(nameTexts(text, file), ['"id"', 'ssn', 'balance', 'allergies', 'dob', 'x']);
      assert.strictEqual(declaredColumns(file!)[4].inlineComment, 'phi-purpose: dosing');
    });

    it('ALTER TABLE: ADD, DROP, RENAME, CHANGE, RENAME TO, several actions, constraints skipped', () => {
      const text = [
        'ALTER TABLE IF EXISTS ONLY patients ADD COLUMN IF NOT EXISTS email text, ADD phone text, ADD CONSTRAINT c UNIQUE (email), ADD PRIMARY KEY (id);',
        'ALTER TABLE patients DROP COLUMN IF EXISTS fax, DROP old_notes, DROP CONSTRAINT c, DROP INDEX i;',
        'ALTER TABLE patients RENAME COLUMN notes TO diagnosis;',
        'ALTER TABLE patients RENAME remarks TO history;',
        'ALTER TABLE `patients` CHANGE `nick` `first_name` VARCHAR(40), CHANGE COLUMN `dob` `dob` DATE;',
        'ALTER TABLE patients ADD (a int, b text);',
        'ALTER TABLE patients RENAME TO people;',
        'ALTER TABLE people ALTER COLUMN email SET NOT NULL;',
        'DROP TABLE IF EXISTS visits, labs CASCADE;',
        'RENAME TABLE a TO b, c TO d;',
      ].join('\n');
      assert.deepStrictEqual(ops(readSchemaOfText('a.sql', text)), [
        '+patients.email:text',
        '+patients.phone:text',
        '-patients.fax',
        '-patients.old_notes',
        '~patients.notes>diagnosis',
        '~patients.remarks>history',
        '~patients.nick>first_name',
        '+patients.dob:DATE',
        '+patients.a:int',
        '+patients.b:text',
        'patients>people',
        '-visits',
        '-labs',
        'a>b',
        'c>d',
      ]);
    });

    it('COMMENT ON COLUMN is kept as the column\'s comment', () => {
      const file = readSchemaOfText('a.sql', "CREATE TABLE patients (ssn text);\nCOMMENT ON COLUMN public.patients.ssn IS 'phi-purpose: claims';\n");
      assert.deepStrictEqual(file?.columnComments, [{ table: 'patients', column: 'ssn', text: 'phi-purpose: claims' }]);
    });
  });

  describe('Prisma', () => {
    it('reads models and composite types, @map and @@map; relation fields and enums hold no column', () => {
      const text = [
        'model Patient {',
        '  id    Int     @id',
        '  dob   DateTime @map("date_of_birth") // the "real" // name',
        '  notes String  @default("a // b")',
        '  visits Visit[]',
        '  clinic Clinic  @relation(fields: [clinicId], references: [id])',
        '  clinicId Int',
        '  status Status',
        '  addr  Address?',
        '  @@map(name: "patients")',
        '  @@index([dob])',
        '}',
        'type Address { street String }',
        'enum Status {',
        '  ACTIVE',
        '}',
        'model Visit { id Int @id }',
        'model Clinic {',
        '  id Int @id',
        '}',
      ].join('\n');
      const file = readSchemaOfText('schema.prisma', text);
      assert.deepStrictEqual(ops(file), [
        '+patients.id:Int',
        '+patients.date_of_birth:DateTime',
        '+patients.notes:String',
        '+patients.clinicId:Int',
        '+patients.status:Status',
        '+patients.addr:Address?',
        '+Address.street:String',
        '+Visit.id:Int',
        '+Clinic.id:Int',
      ]);
      assert.deepStrictEqual(nameTexts(text, file).slice(0, 3), ['id', 'dob', 'notes']);
      assert.deepStrictEqual(
        parsePrisma(text).comments.map((comment) => comment.value),
        [' the "real" // name'],
        'a // inside a string is no comment',
      );
    });
  });

  describe('scripts', () => {
    it('TypeORM: table from @Entity, column from { name }, type from the decorator or the annotation', () => {
      const text = [
        "@Entity({ name: 'patients' })",
        'class Patient {',
        "  @Column({ name: 'social_security_number', type: 'varchar' }) ssn!: string;",
        '  @Column() email!: string;',
        "  @PrimaryColumn('uuid') id!: string;",
        '  notAColumn!: string;',
        '}',
        '@Table({ tableName: "members" }) class Member { @Column(DataType.STRING) memberSsn!: string; }',
        'class Base { @Column() createdAt!: Date; @Property() ignored!: string; }',
      ].join('\n');
      const file = readSchemaOfText('a.ts', text);
      assert.deepStrictEqual(ops(file), ['+patients.social_security_number:varchar', '+patients.email:string', '+patients.id:uuid', '+members.memberSsn:DataType.STRING', '+Base.createdAt:Date']);
      assert.deepStrictEqual(nameTexts(text, file), ['ssn', 'email', 'id', 'memberSsn', 'createdAt']);
    });

    it('Sequelize and knex migrations: add, remove, rename, drop, rename table; down is skipped', () => {
      const text = [
        'module.exports = {',
        '  async up(queryInterface, Sequelize) {',
        "    await queryInterface.addColumn('patients', 'email', Sequelize.STRING);",
        "    await queryInterface.removeColumn('patients', 'fax');",
        "    await queryInterface.renameColumn('patients', 'notes', 'diagnosis');",
        "    await queryInterface.renameTable('patients', 'people');",
        "    await queryInterface.dropTable('labs');",
        "    await knex.schema.table('people', (t) => { t.string('ssn'); t.dropColumns('a', 'b'); t.renameColumn('c', 'dob'); t.timestamps(); });",
        '  },',
        '  async down(queryInterface) {',
        "    await queryInterface.addColumn('people', 'down_only', Sequelize.STRING);",
        '  },',
        '};',
      ].join('\n');
      assert.deepStrictEqual(ops(readSchemaOfText('m.js', text)), [
        '+patients.email:Sequelize.STRING',
        '-patients.fax',
        '~patients.notes>diagnosis',
        'patients>people',
        '-labs',
        '+people.ssn:string',
        '-people.a',
        '-people.b',
        '~people.c>dob',
      ]);
    });

    it('Mongoose: model name from model(), else the variable; nested paths; functions skipped', () => {
      const text = [
        "const s = new mongoose.Schema({ ssn: String, contact: { email: { type: String } }, notes: [{ text: String }], fullName: { get() { return ''; } } });",
        "mongoose.model('Patient', s);",
        'const visitSchema = new Schema({ diagnosis: String, compute() {} });',
      ].join('\n');
      assert.deepStrictEqual(ops(readSchemaOfText('m.ts', text)), ['+Patient.ssn:String', '+Patient.contact.email:String', '+Patient.notes.text:String', '+visit.diagnosis:String']);
    });

    it('Drizzle: column name from the builder, else the key', () => {
      const text = "export const t = mysqlTable('patients', { ssn: varchar('ssn_enc', { length: 11 }).notNull(), dob: date() });";
      const file = readSchemaOfText('d.ts', text);
      assert.deepStrictEqual(ops(file), ['+patients.ssn_enc:varchar', '+patients.dob:date']);
      assert.deepStrictEqual(nameTexts(text, file), ['ssn', 'dob']);
    });

    it('SQL in strings: offsets map back to the file, interpolated names read back as written, escapes keep their length', () => {
      const text = [
        'const table = "patients";',
        "await queryRunner.query(`ALTER TABLE ${table} ADD COLUMN ssn text, ADD \"dob\" date`);",
        "await knex.raw('CREATE TABLE labs (\\n  lab_result text\\n)');",
        'await sequelize.query("ALTER TABLE patients ADD COLUMN email text");',
      ].join('\n');
      const file = readSchemaOfText('q.ts', text);
      assert.deepStrictEqual(ops(file), ['+${table}.ssn:text', '+${table}.dob:date', '+labs.lab_result:text', '+patients.email:text']);
      assert.deepStrictEqual(nameTexts(text, file), ['ssn', '"dob"', 'lab_result', 'email']);
      assert.ok(declaredColumns(file!).every((column) => column.embedded), 'each column knows the string it sits in');
    });

    it('the marker test lets through only files that may hold a schema', () => {
      assert.ok(SCRIPT_SCHEMA_MARKERS.test("@Entity('x')"));
      assert.ok(SCRIPT_SCHEMA_MARKERS.test('db.execute(sql`ALTER  TABLE x ADD y int`)'));
      assert.ok(!SCRIPT_SCHEMA_MARKERS.test("logger.info('patient admitted', { id })"));
      assert.strictEqual(readSchemaOfText('plain.ts', "logger.info('x');"), undefined);
    });
  });

  describe('keys and state', () => {
    it('tables compare by singular words, columns by words, whatever the case or separators', () => {
      assert.strictEqual(tableKey('"public"."patient_visits"'), tableKey('PatientVisit'));
      assert.strictEqual(tableKey('Patients'), tableKey('patient'));
      assert.notStrictEqual(tableKey('patients'), tableKey('visits'));
      assert.strictEqual(columnKey('date_of_birth'), columnKey('dateOfBirth'));
      assert.strictEqual(columnKey('SSN'), columnKey('ssn'));
      assert.notStrictEqual(columnKey('contact.email'), columnKey('email'));
    });

    it('applies drops, renames and table renames in order', () => {
      const state = new SchemaState();
      for (const op of readSchemaOfText('a.sql', 'CREATE TABLE a (x int, y int);\nALTER TABLE a DROP COLUMN x;\nALTER TABLE a RENAME COLUMN y TO z;\nALTER TABLE a RENAME TO b;\nCREATE TABLE c (k int);\nDROP TABLE c;\n')!.ops) state.apply(op);
      assert.deepStrictEqual([state.has('a', 'x'), state.has('a', 'z'), state.has('b', 'y'), state.has('b', 'z'), state.has('c', 'k')], [false, false, false, true, false]);
    });
  });

  describe('phi-purpose annotations', () => {
    it('tells a stated purpose from an empty one and a placeholder', () => {
      assert.strictEqual(purposeStateOf('appointment reminders the patient opted into'), 'stated');
      assert.strictEqual(purposeStateOf('   '), 'empty');
      for (const placeholder of ['<why this column needs date of birth>', '<why>', 'TODO', 'tbd.', 'N/A', '?', '...', 'billing <why this column needs SSN>']) {
        assert.strictEqual(purposeStateOf(placeholder), 'placeholder', placeholder);
      }
      assert.deepStrictEqual(purposeIn(' Phi-Purpose: claims processing */'), { state: 'stated', text: 'claims processing' });
      assert.deepStrictEqual(purposeIn('*\n * phi-purpose: dosing\n * more text\n '), { state: 'stated', text: 'dosing' });
      assert.strictEqual(purposeIn('no tag here'), undefined);
    });
  });
});
