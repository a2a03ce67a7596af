import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CONFIG_FILE_NAME, defaultConfig, findConfigFile, loadConfigFile, parseConfig } from '../../server/src/config/config';
import { RULE_IDS } from '../../server/src/rules';
import { formatProblem, type YamlProblem } from '../../server/src/schema/yamlValidation';

const FILE = '/work/project/.phi-lint.yaml';

function problemsOf(text: string): YamlProblem[] {
  const result = parseConfig(FILE, text, RULE_IDS);
  assert.strictEqual(result.config, undefined, 'an invalid config yields no config');
  assert.ok(result.problems.length > 0, 'an invalid config yields problems');
  return result.problems;
}

/** The one problem about `key`; fails listing all problems when there is not exactly one. */
function problemAt(problems: YamlProblem[], key: string): YamlProblem {
  const matching = problems.filter((problem) => problem.key === key);
  assert.strictEqual(matching.length, 1, `expected one problem at "${key}", got:\n${problems.map(formatProblem).join('\n')}`);
  return matching[0];
}

describe('config (.phi-lint.yaml)', () => {
  describe('valid files', () => {
    it('reads severities, in both the short and the object form', () => {
      const result = parseConfig(FILE, 'rules:\n  no-phi-in-logs: warning\n  unused-suppression:\n    severity: "off"\n', RULE_IDS);
      assert.deepStrictEqual(result.problems, []);
      assert.deepStrictEqual(result.config?.rules, { 'no-phi-in-logs': 'warning', 'unused-suppression': 'off' });
    });

    it('merges redaction settings over the defaults', () => {
      const { config } = parseConfig(FILE, "redaction:\n  module: '@acme/phi'\n", RULE_IDS);
      assert.deepStrictEqual(config?.redaction, { helper: 'redact', module: '@acme/phi', idProperty: 'id' });
    });

    it('reads ignore globs, sanitizers and extra data types (category defaults to hipaa-identifier)', () => {
      const text = [
        'ignore:',
        '  - "legacy/**"',
        'sanitizers: [hashForAudit]',
        'dataTypes:',
        '  - id: badge-number',
        '    label: employee badge number',
        '    names: [badge number]',
      ].join('\n');
      const { config, problems } = parseConfig(FILE, text, RULE_IDS);
      assert.deepStrictEqual(problems, []);
      assert.deepStrictEqual(config?.ignore, ['legacy/**']);
      assert.deepStrictEqual(config?.sanitizers, ['hashForAudit']);
      assert.deepStrictEqual(config?.dataTypes, [{ id: 'badge-number', label: 'employee badge number', names: ['badge number'], category: 'hipaa-identifier' }]);
    });

    it('reads the pseudonymization key expression, and leaves it unset by default', () => {
      const { config, problems } = parseConfig(FILE, 'pseudonymization:\n  hmacKey: "process.env.PHI_HMAC_KEY!"\n', RULE_IDS);
      assert.deepStrictEqual(problems, []);
      assert.deepStrictEqual(config?.pseudonymization, { hmacKey: 'process.env.PHI_HMAC_KEY!' });
      assert.strictEqual(parseConfig(FILE, 'ignore: []\n', RULE_IDS).config?.pseudonymization, undefined);
    });

    it('takes an empty file (or only comments) as the defaults, based in its folder', () => {
      for (const text of ['', '# nothing configured yet\n']) {
        const { config, problems } = parseConfig(FILE, text, RULE_IDS);
        assert.deepStrictEqual(problems, []);
        assert.deepStrictEqual(config, { ...defaultConfig(path.dirname(FILE)), file: FILE });
      }
    });
  });

  describe('invalid files: each problem names the file, the dotted key and the 1-based line', () => {
    it('a severity that is not one', () => {
      const problem = problemAt(problemsOf('# phi-lint\nrules:\n  no-phi-in-logs: loud\n'), 'rules.no-phi-in-logs');
      assert.strictEqual(problem.file, FILE);
      assert.strictEqual(problem.line, 3);
      assert.match(problem.message, /error, warning, info, hint, off/);
      const shown = formatProblem(problem);
      assert.ok(shown.startsWith(`${FILE}:3:`), shown);
      assert.ok(shown.includes('rules.no-phi-in-logs'), shown);
    });

    it('a severity in the object form with a bad value', () => {
      const problem = problemAt(problemsOf('rules:\n  no-phi-in-logs:\n    severity: fatal\n'), 'rules.no-phi-in-logs.severity');
      assert.strictEqual(problem.line, 3);
    });

    it('a redaction helper that is not an identifier', () => {
      const problem = problemAt(problemsOf('redaction:\n  helper: redact-phi\n'), 'redaction.helper');
      assert.strictEqual(problem.file, FILE);
      assert.strictEqual(problem.line, 2);
      assert.match(problem.message, /expected a value matching/);
    });

    it('an empty or misspelt pseudonymization key', () => {
      assert.strictEqual(problemAt(problemsOf('pseudonymization:\n  hmacKey: ""\n'), 'pseudonymization.hmacKey').line, 2);
      assert.match(problemAt(problemsOf('pseudonymization:\n  hmacSecret: KEY\n'), 'pseudonymization.hmacSecret').message, /unknown key/);
    });

    it('an unknown key inside a section', () => {
      const problem = problemAt(problemsOf('redaction:\n  helper: redact\n  modul: "@acme/phi"\n'), 'redaction.modul');
      assert.strictEqual(problem.line, 3);
      assert.match(problem.message, /unknown key/);
    });

    it('an unknown rule id', () => {
      const problem = problemAt(problemsOf('rules:\n  no-phi-in-logs: error\n  no-phi-in-log: warning\n'), 'rules.no-phi-in-log');
      assert.strictEqual(problem.file, FILE);
      assert.strictEqual(problem.line, 3);
      assert.match(problem.message, /unknown rule id/);
      assert.match(problem.message, /no-phi-in-logs/, 'lists the known ids');
    });

    it('an unknown top-level key', () => {
      const problem = problemAt(problemsOf('ignore: []\nrule:\n  no-phi-in-logs: off\n'), 'rule');
      assert.strictEqual(problem.line, 2);
      assert.match(problem.message, /unknown key/);
    });

    it('a wrong type', () => {
      const problem = problemAt(problemsOf('ignore: "dist/**"\n'), 'ignore');
      assert.strictEqual(problem.line, 1);
      assert.match(problem.message, /array/);
    });

    it('a data type without names', () => {
      const problem = problemAt(problemsOf('dataTypes:\n  - id: badge-number\n    label: badge\n'), 'dataTypes.0');
      assert.strictEqual(problem.line, 2);
      assert.match(problem.message, /names/);
    });

    it('quotes the offending value in the message', () => {
      const severity = problemAt(problemsOf('rules:\n  no-phi-in-logs: loud\n'), 'rules.no-phi-in-logs');
      const helper = problemAt(problemsOf('redaction:\n  helper: redact-phi\n'), 'redaction.helper');
      const ignore = problemAt(problemsOf('ignore: "dist/**"\n'), 'ignore');
      assert.deepStrictEqual(
        [severity.message, helper.message, ignore.message].filter((message) => /got undefined/.test(message)),
        [],
        'messages show "(got undefined)" instead of the value',
      );
      assert.match(severity.message, /\(got "loud"\)/);
      assert.match(helper.message, /\(got "redact-phi"\)/);
      assert.match(ignore.message, /\(got "dist\/\*\*"\)/);
    });

    it('a YAML syntax error', () => {
      const problems = problemsOf('rules:\n  no-phi-in-logs: error\n redaction: [unclosed\n');
      assert.ok(problems.every((problem) => problem.file === FILE));
      assert.match(problems[0].message, /invalid YAML/);
      assert.strictEqual(typeof problems[0].line, 'number');
      assert.ok(problems[0].line! >= 2 && problems[0].line! <= 4, `line ${problems[0].line}`);
    });

    it('a duplicate key', () => {
      const problems = problemsOf('rules:\n  no-phi-in-logs: error\nrules:\n  unused-suppression: off\n');
      assert.match(problems[0].message, /invalid YAML/);
      assert.strictEqual(problems[0].line, 3);
    });

    it('a file that cannot be read', () => {
      const missing = path.join(os.tmpdir(), 'phi-lint-no-such-dir', CONFIG_FILE_NAME);
      const result = loadConfigFile(missing, RULE_IDS);
      assert.strictEqual(result.config, undefined);
      assert.strictEqual(result.problems[0].file, missing);
      assert.match(result.problems[0].message, /cannot read/);
    });
  });

  describe('finding the config that governs a folder', () => {
    let root: string;
    before(() => {
      root = fs.mkdtempSync(path.join(os.tmpdir(), 'phi-lint-config-'));
      fs.mkdirSync(path.join(root, 'project', 'packages', 'api', 'src'), { recursive: true });
      fs.writeFileSync(path.join(root, CONFIG_FILE_NAME), 'rules: {}\n');
      fs.writeFileSync(path.join(root, 'project', 'packages', 'api', CONFIG_FILE_NAME), 'rules: {}\n');
    });
    after(() => fs.rmSync(root, { recursive: true, force: true }));

    it('takes the nearest file at or above the folder', () => {
      assert.strictEqual(findConfigFile(path.join(root, 'project', 'packages', 'api', 'src')), path.join(root, 'project', 'packages', 'api', CONFIG_FILE_NAME));
      assert.strictEqual(findConfigFile(path.join(root, 'project', 'packages')), path.join(root, CONFIG_FILE_NAME));
    });

    it('does not look above the stop folder', () => {
      assert.strictEqual(findConfigFile(path.join(root, 'project', 'packages'), path.join(root, 'project')), undefined);
    });

    it('loads and validates the file it finds', () => {
      const result = loadConfigFile(path.join(root, 'project', 'packages', 'api', CONFIG_FILE_NAME), RULE_IDS);
      assert.deepStrictEqual(result.problems, []);
      assert.strictEqual(result.config?.baseDir, path.join(root, 'project', 'packages', 'api'));
    });
  });
});
