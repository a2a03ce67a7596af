import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { credentialKindOf, envNameOf, findTokenPattern, looksLikeSecret } from '../../server/src/analysis/credentials';
import { CatalogError } from '../../server/src/catalog/catalog';
import { bundledSecrets, loadSecrets } from '../../server/src/catalog/secrets';
import { formatProblem } from '../../server/src/schema/yamlValidation';
import { REPO_ROOT } from '../helpers/repo';

const RULES_DIR = path.join(REPO_ROOT, 'rules');

describe('credential vocabulary (rules/secrets.yaml)', () => {
  it('loads, validates and compiles the bundled file', () => {
    const vocabulary = bundledSecrets();
    assert.ok(vocabulary.kinds.has('password'));
    assert.ok(vocabulary.patterns.some((pattern) => pattern.id === 'aws-access-key-id'));
    assert.ok(vocabulary.secretArguments.some((argument) => argument.module === 'jsonwebtoken'));
    assert.strictEqual(bundledSecrets(), vocabulary, 'loaded once per process');
  });

  it('prefilters on credential words spelt any way, token shapes and secret-argument modules', () => {
    const vocabulary = bundledSecrets();
    for (const text of ['const dbPassword = x', 'API_KEY', "headers['x-api-key']", 'client_secret', "import jwt from 'jsonwebtoken'", "const id = 'AKIA4QWERTYUIOPASDFG'", 'mongodb://u:p@h/db']) {
      assert.ok(vocabulary.mayHold(text), text);
    }
    assert.ok(!vocabulary.mayHold('export const total = items.reduce((sum, item) => sum + item.price, 0);'));
    // Every token shape's hint matches what its full pattern matches.
    for (const sample of ['AKIA4QWERTYUIOPASDFG', '-----BEGIN EC PRIVATE KEY-----', 'xoxb-2048-4096-R8sT2uV4wX6y', 'https://hooks.slack.com/services/T04AB12CD/B05EF34GH/q8W2e4R6t8Y0u2I4', 'rk_live_51H8xYzAbCdEfGhIjKlMnOp', 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789', 'SK0123456789abcdef0123456789abcdef', 'SG.abcdefghijklmnopqrstuv.abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', 'GOCSPX-abcdefghijklmnopqrstuvwxyz12', 'npm_abcdefghijklmnopqrstuvwxyz0123456789', 'redis://app:Zx9pQ2vL@cache.internal:6379']) {
      const matching = vocabulary.patterns.filter((pattern) => pattern.regex.test(sample));
      assert.ok(matching.length > 0, `no pattern matches ${sample}`);
      assert.ok(vocabulary.tokenHint.test(sample), `the hints miss ${sample}`);
    }
  });

  describe('a broken copy', () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phi-lint-secrets-'));
      fs.cpSync(RULES_DIR, dir, { recursive: true });
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    function edit(change: (text: string) => string): void {
      const file = path.join(dir, 'secrets.yaml');
      const before = fs.readFileSync(file, 'utf8');
      const after = change(before);
      assert.notStrictEqual(after, before, "the test's edit changed nothing");
      fs.writeFileSync(file, after);
    }

    function problems(): string[] {
      try {
        loadSecrets(dir);
      } catch (error) {
        assert.ok(error instanceof CatalogError, `expected a CatalogError, got ${String(error)}`);
        return error.problems.map(formatProblem);
      }
      assert.fail('a broken secrets.yaml loaded without complaint');
    }

    it('names the file, key and line of a schema violation', () => {
      edit((text) => text.replace('envName: AWS_ACCESS_KEY_ID', 'envName: aws-access-key-id'));
      const [problem, ...rest] = problems();
      assert.deepStrictEqual(rest, []);
      assert.match(problem, /secrets\.yaml:\d+:\d+: patterns\.0\.envName: expected a value matching/);
    });

    it('reports a regular expression that does not compile', () => {
      edit((text) => text.replace("regex: '\\bxox[abposr]-[0-9A-Za-z-]{10,}'", "regex: '\\bxox[abposr-[0-9A-Za-z-]{10,}'"));
      assert.deepStrictEqual(
        problems().map((problem) => problem.replace(/: invalid regular expression: .*/, ': invalid regular expression')),
        [`${path.join(dir, 'secrets.yaml')}: patterns.2.regex: invalid regular expression`],
      );
    });

    it('reports a secret argument of an unknown kind', () => {
      edit((text) => text.replace('index: 1, kind: secret, envName: JWT_SECRET', 'index: 1, kind: jwt, envName: JWT_SECRET'));
      const [problem] = problems();
      assert.match(problem, /secretArguments\.0\.kind: unknown kind "jwt"/);
    });
  });
});

describe('credential names and values', () => {
  const vocabulary = bundledSecrets();
  const kindOf = (name: string) => credentialKindOf(name, vocabulary)?.id;

  it('recognises credential names however they are spelt', () => {
    assert.strictEqual(kindOf('dbPassword'), 'password');
    assert.strictEqual(kindOf('DB_PASSWORD'), 'password');
    assert.strictEqual(kindOf('pass'), 'password');
    assert.strictEqual(kindOf('x-api-key'), 'api-key');
    assert.strictEqual(kindOf('clientSecret'), 'client-secret');
    assert.strictEqual(kindOf('STRIPE_SECRET_KEY'), 'secret');
    assert.strictEqual(kindOf('jwtSecretKey'), 'secret');
    assert.strictEqual(kindOf('refreshToken'), 'token');
    assert.strictEqual(kindOf('resetPasswordToken'), 'token');
    assert.strictEqual(kindOf('Authorization'), 'token');
    assert.strictEqual(kindOf('credentials'), 'credentials');
  });

  it('leaves names about a credential alone', () => {
    for (const name of ['passwordPolicy', 'isPasswordSet', 'showPassword', 'tokenType', 'secretArn', 'secretName', 'apiKeyHeader', 'passwordMinLength', 'tokenUrl', 'secretsManager', 'passwordHash', 'accessKeyId', 'tokenizer', 'passport', 'bypass', 'patientName']) {
      assert.strictEqual(kindOf(name), undefined, name);
    }
  });

  it('tells secrets from placeholders, references, labels and field names', () => {
    for (const value of ['hunter2', 'S3cr3t!pass', 'Bearer 7f3c9a1be2d84f06a5c1e9b0d3f7a2c4', 'dev-jwt-secret', 'a8f5f167f44f4964']) {
      assert.ok(looksLikeSecret(value, vocabulary), value);
    }
    for (const value of [
      '', 'abc', 'changeme', '<password>', '${DB_PASSWORD}', '$DB_PASSWORD', '%DB_PASSWORD%', '{{ secret }}', '********', 'xxxxxxxx',
      'your-api-key-here', 'test-password', 'fake-token', 'Bearer', 'password', 'x-api-key', 'DB_PASSWORD', 'client_secret',
      'Enter your password', 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf', './keys/private.pem', 'connector.pem',
      'https://vault.internal/v1/secret', 'pk_live_51H8xYzAbCdEfGhIjKlMnOpQr', 'include',
    ]) {
      assert.ok(!looksLikeSecret(value, vocabulary), value);
    }
  });

  it('finds token shapes and previews them without the secret', () => {
    const preview = (value: string) => findTokenPattern(value, vocabulary);
    assert.deepStrictEqual(
      [preview('AKIA4QWERTYUIOPASDFG'), preview('sk_live_51H8xYzAbCdEfGhIjKlMnOpQr'), preview('ghp_R8sT2uV4wX6yZ8aB0cD2eF4gH6iJ8kL0mN2p')].map((match) => [match?.pattern.id, match?.preview]),
      [['aws-access-key-id', 'AKIA…'], ['stripe-secret-key', 'sk_live_…'], ['github-token', 'ghp_…']],
    );
    const connection = preview('postgres://admin:Tr0ub4dor@db.prod.internal:5432/clinic');
    assert.strictEqual(connection?.preview, 'postgres://admin:****@db.prod.internal');
    assert.ok(!connection?.preview.includes('Tr0ub4dor'));
    assert.strictEqual(preview('-----BEGIN RSA PRIVATE KEY-----\nMIIE...')?.pattern.id, 'private-key');
  });

  it('ignores documentation keys, filler and local connection strings', () => {
    for (const value of ['AKIAIOSFODNN7EXAMPLE', 'AKIAXXXXXXXXXXXXXXXX', 'sk_live_xxxxxxxxxxxxxxxxxxxxxxxx', 'postgres://postgres:postgres@localhost:5432/dev', 'postgres://app:${…}@db/app', 'https://db.internal:5432/app']) {
      assert.strictEqual(findTokenPattern(value, vocabulary), undefined, value);
    }
  });

  it('derives environment variable names', () => {
    assert.strictEqual(envNameOf('dbPassword'), 'DB_PASSWORD');
    assert.strictEqual(envNameOf('x-api-key'), 'X_API_KEY');
    assert.strictEqual(envNameOf('redis', 'password'), 'REDIS_PASSWORD');
    assert.strictEqual(envNameOf('2fa-secret'), '_2_FA_SECRET');
  });
});
