import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { bundledCatalog, CatalogError, loadCatalog } from '../../server/src/catalog/catalog';
import { ALL_RULES } from '../../server/src/rules';
import { REPO_ROOT } from '../helpers/repo';

const RULES_DIR = path.join(REPO_ROOT, 'rules');

describe('catalog (rules/*.yaml)', () => {
  it('loads the bundled catalog', () => {
    const catalog = bundledCatalog();
    assert.ok(catalog.taxonomy.dataTypes.some((dataType) => dataType.id === 'ssn'));
    assert.ok(catalog.taxonomy.containers.some((container) => container.id === 'patient-record'));
    assert.strictEqual(catalog.logSinks.rule, 'no-phi-in-logs');
    assert.ok(catalog.logSinks.libraries.some((library) => library.module === 'winston'));
    assert.ok(catalog.sanitizers.includes('redact'));
    assert.strictEqual(catalog.references.get('CWE-532')?.id, 'CWE-532');
    assert.strictEqual(bundledCatalog(), catalog, 'loaded once per process');
  });

  it('knows every compliance reference a rule cites', () => {
    const catalog = bundledCatalog();
    const missing = ALL_RULES.flatMap((rule) => rule.meta.references.map((reference) => reference.id).filter((id) => !catalog.references.has(id)).map((id) => `${rule.meta.id}: ${id}`));
    assert.deepStrictEqual(missing, []);
  });

  it('gives every data type and container names, and unique ids', () => {
    const { taxonomy } = bundledCatalog();
    const entries = [...taxonomy.dataTypes, ...taxonomy.containers];
    assert.deepStrictEqual(entries.filter((entry) => entry.names.length === 0).map((entry) => entry.id), []);
    const ids = entries.map((entry) => entry.id);
    assert.deepStrictEqual(ids.filter((id, index) => ids.indexOf(id) !== index), []);
  });

  describe('a broken copy of rules/', () => {
    let dir: string;

    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phi-lint-catalog-'));
      fs.cpSync(RULES_DIR, dir, { recursive: true });
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    function edit(relative: string, change: (text: string) => string): string {
      const file = path.join(dir, relative);
      const before = fs.readFileSync(file, 'utf8');
      const after = change(before);
      assert.notStrictEqual(after, before, `the test's edit of ${relative} changed nothing`);
      fs.writeFileSync(file, after);
      return file;
    }

    function catalogError(): CatalogError {
      try {
        loadCatalog(dir);
      } catch (error) {
        assert.ok(error instanceof CatalogError, `expected a CatalogError, got ${String(error)}`);
        return error;
      }
      assert.fail('the broken catalog loaded');
    }

    it('loads when nothing is broken (the copy itself is sound)', () => {
      assert.ok(loadCatalog(dir).taxonomy.dataTypes.length > 0);
    });

    it('names the file and the key of an unknown category', () => {
      const file = edit('data-types.yaml', (text) => text.replace('id: ssn\n    label: Social Security number\n    category: hipaa-identifier', 'id: ssn\n    label: Social Security number\n    category: hipaa-identifer'));
      const error = catalogError();
      const index = loadCatalog(RULES_DIR).taxonomy.dataTypes.findIndex((dataType) => dataType.id === 'ssn');
      assert.ok(error.message.includes(file), error.message);
      assert.ok(error.message.includes(`dataTypes.${index}.category`), error.message);
      assert.ok(error.message.includes('hipaa-identifer'), error.message);
    });

    it('names the file, key and line of a schema violation', () => {
      const file = edit(path.join('sinks', 'logs.yaml'), (text) => text.replace(/^loggerNames: .*$/m, 'loggerNames: logger'));
      const error = catalogError();
      const line = fs.readFileSync(file, 'utf8').split('\n').findIndex((content) => content.startsWith('loggerNames:')) + 1;
      const problem = error.problems.find((candidate) => candidate.key === 'loggerNames');
      assert.ok(problem, error.message);
      assert.strictEqual(problem.file, file);
      assert.strictEqual(problem.line, line);
      assert.ok(error.message.includes(`${file}:${line}`), error.message);
    });

    it('names the file of a missing required key', () => {
      const file = edit(path.join('sinks', 'logs.yaml'), (text) => text.replace(/^methods: \[[^\]]*\]\n/ms, ''));
      const error = catalogError();
      assert.ok(error.message.includes(file), error.message);
      assert.match(error.message, /missing required key "methods"/);
    });

    it('names the file and line of a YAML syntax error', () => {
      const file = edit('sanitizers.yaml', (text) => text.replace(/^sanitizers:$/m, 'sanitizers: [redact, mask'));
      const error = catalogError();
      assert.ok(error.problems.some((problem) => problem.file === file && typeof problem.line === 'number'), error.message);
      assert.match(error.message, /invalid YAML/);
    });

    it('names the key of a duplicate data type id', () => {
      edit('data-types.yaml', (text) => text.replace('- id: email-address', '- id: phone-number'));
      const error = catalogError();
      assert.match(error.message, /duplicate id "phone-number"/);
      assert.match(error.message, /dataTypes\.\d+\.id/);
    });

    it('reports problems from several files at once', () => {
      const first = edit('sanitizers.yaml', (text) => text.replace('sanitizers:', 'sanitisers:'));
      const second = edit('references.yaml', (text) => `${text}\nextra: true\n`);
      const error = catalogError();
      assert.ok(error.message.includes(first), error.message);
      assert.ok(error.message.includes(second), error.message);
    });
  });
});
