import * as assert from 'assert';
import { bundledCatalog } from '../../server/src/catalog/catalog';
import { defaultConfig, type PhiLintConfig } from '../../server/src/config/config';
import { applyEdits, LineIndex } from '../../server/src/core/lineIndex';
import type { Finding, Fix } from '../../server/src/core/types';
import { Linter } from '../../server/src/engine/linter';
import { isParseFailure } from '../../server/src/parse/documents';
import { parseScript } from '../../server/src/parse/typescript';

/**
 * The fixes of no-unencrypted-phi-writes, no-weak-pseudonymization and no-hardcoded-credentials,
 * applied one at a time: the exact text each produces, whether it is safe for fix-all, and that
 * the result still parses. (Fix-all output of the safe ones is in the *.fixed.* fixtures.)
 */

function linterWith(config: Partial<PhiLintConfig> = {}): Linter {
  return new Linter(bundledCatalog(), { ...defaultConfig('/work/app'), ...config });
}

function findingsOf(ruleId: string, file: string, text: string, linter = linterWith()): Finding[] {
  const output = linter.lint(file, text);
  assert.ok(output.parsed, `${file} does not parse`);
  return output.findings.filter((finding) => finding.ruleId === ruleId);
}

/** The one finding of `ruleId` in the text, and its fix whose title matches. */
function fixOf(ruleId: string, file: string, text: string, title: RegExp, linter = linterWith()): Fix {
  const findings = findingsOf(ruleId, file, text, linter);
  assert.strictEqual(findings.length, 1, `expected one ${ruleId} finding, got:\n${findings.map((finding) => finding.message).join('\n')}`);
  const fix = findings[0].fixes.find((candidate) => title.test(candidate.title));
  assert.ok(fix, `no fix titled ${title}; fixes: ${findings[0].fixes.map((candidate) => candidate.title).join(' | ')}`);
  return fix;
}

/** Applies the fix and checks the result parses as the same kind of file. */
function apply(file: string, text: string, fix: Fix): string {
  const result = applyEdits(text, fix.edits);
  assert.strictEqual(result.skipped, 0, 'the fix has overlapping edits');
  const parsed = parseScript(file, result.text, new LineIndex(result.text));
  assert.ok(!isParseFailure(parsed), `the fixed text does not parse: ${isParseFailure(parsed) ? parsed.message : ''}\n${result.text}`);
  return result.text;
}

describe('fixes: no-unencrypted-phi-writes', () => {
  const RULE = 'no-unencrypted-phi-writes';
  const head = "import { PutObjectCommand } from '@aws-sdk/client-s3';\ndeclare const patient: { ssn: string };\n";

  it('adds the property to a one-line request with a trailing comma', () => {
    const text = `${head}new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: patient.ssn, });\n`;
    const fix = fixOf(RULE, '/work/app/a.ts', text, /ServerSideEncryption/);
    assert.strictEqual(fix.safe, true);
    assert.strictEqual(apply('/work/app/a.ts', text, fix), `${head}new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: patient.ssn, ServerSideEncryption: 'aws:kms', });\n`);
  });

  it('keeps CRLF line ends and the indentation of a multi-line request', () => {
    const text = `${head}new PutObjectCommand({\n\tBucket: 'b',\n\tBody: patient.ssn\n});\n`.replace(/\n/g, '\r\n');
    const fix = fixOf(RULE, '/work/app/a.ts', text, /ServerSideEncryption/);
    const fixed = apply('/work/app/a.ts', text, fix);
    assert.ok(fixed.includes("\tBody: patient.ssn,\r\n\tServerSideEncryption: 'aws:kms'\r\n});"), JSON.stringify(fixed));
  });

  it('puts the property after a comment that ends the last line', () => {
    const text = `${head}new PutObjectCommand({\n  Bucket: 'b',\n  Body: patient.ssn // raw\n});\n`;
    const fixed = apply('/work/app/a.ts', text, fixOf(RULE, '/work/app/a.ts', text, /ServerSideEncryption/));
    assert.strictEqual(fixed, `${head}new PutObjectCommand({\n  Bucket: 'b',\n  Body: patient.ssn, // raw\n  ServerSideEncryption: 'aws:kms'\n});\n`);
  });

  it('fixes the request a const holds, where it is declared', () => {
    const text = `import AWS from 'aws-sdk';\ndeclare const patient: { ssn: string };\nconst s3 = new AWS.S3();\nconst params = { Bucket: "b", Key: "k", Body: patient.ssn };\ns3.putObject(params);\n`;
    const fixed = apply('/work/app/a.ts', text, fixOf(RULE, '/work/app/a.ts', text, /ServerSideEncryption/));
    assert.ok(fixed.includes('const params = { Bucket: "b", Key: "k", Body: patient.ssn, ServerSideEncryption: "aws:kms" };'), fixed);
  });

  it('offers only a suppression, with a reason to fill in, for a file write', () => {
    const text = "import { writeFileSync } from 'fs';\ndeclare const patient: { ssn: string };\nfunction save() {\n  writeFileSync('/tmp/x', patient.ssn);\n}\n";
    const [finding] = findingsOf(RULE, '/work/app/a.ts', text);
    assert.deepStrictEqual(finding.fixes.map((fix) => [fix.title, fix.safe]), [[`Suppress ${RULE} on this line (state a reason)`, false]]);
    assert.strictEqual(
      apply('/work/app/a.ts', text, finding.fixes[0]),
      `import { writeFileSync } from 'fs';\ndeclare const patient: { ssn: string };\nfunction save() {\n  // phi-lint-disable-next-line ${RULE} -- <reason>\n  writeFileSync('/tmp/x', patient.ssn);\n}\n`,
    );
  });
});

describe('fixes: no-weak-pseudonymization', () => {
  const RULE = 'no-weak-pseudonymization';

  it('without a configured key, offers the HMAC with a placeholder key, never in fix-all', () => {
    const text = "import * as crypto from 'crypto';\nexport const k = (ssn: string) => crypto.createHash('sha256').update(ssn).digest('hex');\n";
    const fix = fixOf(RULE, '/work/app/a.ts', text, /keyed HMAC/);
    assert.strictEqual(fix.safe, false);
    assert.strictEqual(
      apply('/work/app/a.ts', text, fix),
      "import * as crypto from 'crypto';\nexport const k = (ssn: string) => crypto.createHmac('sha256', process.env.PHI_HMAC_KEY!).update(ssn).digest('hex');\n",
    );
  });

  it('leaves the TypeScript non-null assertion out of JavaScript, placeholder and configured key alike', () => {
    const text = "const crypto = require('crypto');\nexports.k = (ssn) => crypto.createHash('md5').update(ssn).digest('hex');\n";
    const expected = "const crypto = require('crypto');\nexports.k = (ssn) => crypto.createHmac('md5', process.env.PHI_HMAC_KEY).update(ssn).digest('hex');\n";
    assert.strictEqual(apply('/work/app/a.js', text, fixOf(RULE, '/work/app/a.js', text, /keyed HMAC/)), expected);
    const keyed = linterWith({ pseudonymization: { hmacKey: 'process.env.PHI_HMAC_KEY! as string' } });
    const fix = fixOf(RULE, '/work/app/a.js', text, /keyed HMAC/, keyed);
    assert.strictEqual(fix.safe, true);
    assert.strictEqual(apply('/work/app/a.js', text, fix), expected);
  });

  it('is not safe when the configured key is not one expression', () => {
    const text = "import { createHash } from 'crypto';\nexport const k = (mrn: string) => createHash('sha256').update(mrn).digest('hex');\n";
    const fix = fixOf(RULE, '/work/app/a.ts', text, /keyed HMAC/, linterWith({ pseudonymization: { hmacKey: 'process.env.KEY; drop()' } }));
    assert.strictEqual(fix.safe, false);
    assert.ok(apply('/work/app/a.ts', text, fix).includes("createHmac('sha256', process.env.PHI_HMAC_KEY!)"));
  });

  it('renames a createHash required by destructuring when this was its only use', () => {
    const text = "const { createHash: sha } = require('node:crypto');\nexports.k = (email) => sha('sha256').update(email).digest('hex');\n";
    const fix = fixOf(RULE, '/work/app/a.js', text, /keyed HMAC/, linterWith({ pseudonymization: { hmacKey: 'globalThis.PHI_KEY' } }));
    assert.strictEqual(fix.safe, true);
    assert.strictEqual(apply('/work/app/a.js', text, fix), "const { createHmac } = require('node:crypto');\nexports.k = (email) => createHmac('sha256', globalThis.PHI_KEY).update(email).digest('hex');\n");
  });

  it('drops the whole createHash import when createHmac is imported elsewhere and nothing else uses it', () => {
    const text = "import { createHmac } from 'crypto';\nimport { createHash } from 'crypto';\nexport const k = (ssn: string) => createHash('sha256').update(ssn).digest('hex');\nexport const h = createHmac;\n";
    const fixed = apply('/work/app/a.ts', text, fixOf(RULE, '/work/app/a.ts', text, /keyed HMAC/));
    assert.strictEqual(fixed, "import { createHmac } from 'crypto';\nexport const k = (ssn: string) => createHmac('sha256', process.env.PHI_HMAC_KEY!).update(ssn).digest('hex');\nexport const h = createHmac;\n");
  });

  it('offers no HMAC for a password: a password needs a slow hash', () => {
    const text = "import { createHash } from 'crypto';\nexport const k = (password: string) => createHash('sha256').update(password).digest('hex');\n";
    const [finding] = findingsOf(RULE, '/work/app/a.ts', text, linterWith({ pseudonymization: { hmacKey: 'KEY' } }));
    assert.match(finding.message, /scrypt/);
    assert.deepStrictEqual(finding.fixes.map((fix) => fix.title), [`Suppress ${RULE} on this line (state a reason)`]);
  });

  it('replaces Base64 masking with a keyed HMAC, importing createHmac beside the crypto import', () => {
    const text = "import { randomUUID } from 'crypto';\nexport function anonymizeEmail(email: string) {\n  return btoa(email);\n}\nexport const id = randomUUID();\n";
    const fix = fixOf(RULE, '/work/app/a.ts', text, /Pseudonymize with a keyed HMAC/);
    assert.strictEqual(fix.safe, false);
    assert.strictEqual(
      apply('/work/app/a.ts', text, fix),
      "import { randomUUID, createHmac } from 'crypto';\nexport function anonymizeEmail(email: string) {\n  return createHmac('sha256', process.env.PHI_HMAC_KEY!).update(email).digest('hex');\n}\nexport const id = randomUUID();\n",
    );
  });

  it('puts the redaction helper first for a masked value, importing it from the configured module', () => {
    const text = "declare const patient: { ssn: string };\nexport const maskedSsn = patient.ssn.split('').reverse().join('');\n";
    const linter = linterWith({ redaction: { helper: 'mask', module: '@acme/phi', idProperty: 'id' } });
    const [finding] = findingsOf(RULE, '/work/app/a.ts', text, linter);
    assert.deepStrictEqual(finding.fixes.map((fix) => fix.title.split(':')[0]), ['Mask it with mask(patient.ssn)', 'Pseudonymize with a keyed HMAC', `Suppress ${RULE} on this line (state a reason)`]);
    assert.ok(finding.fixes.every((fix) => !fix.safe));
    assert.strictEqual(apply('/work/app/a.ts', text, finding.fixes[0]), "import { mask } from '@acme/phi';\ndeclare const patient: { ssn: string };\nexport const maskedSsn = mask(patient.ssn);\n");
  });
});

describe('fixes: no-hardcoded-credentials', () => {
  const RULE = 'no-hardcoded-credentials';

  it('reads a variable from the environment, named after the variable', () => {
    const text = "export const dbPassword = 'hunter2';\n";
    const fix = fixOf(RULE, '/work/app/a.ts', text, /process\.env/);
    assert.strictEqual(fix.safe, false);
    assert.strictEqual(apply('/work/app/a.ts', text, fix), 'export const dbPassword = process.env.DB_PASSWORD;\n');
  });

  it('names a bare property after the object it configures', () => {
    const text = "import Redis from 'ioredis';\nexport const cache = new Redis({ host: 'cache', password: 'r3d1s-pa55' });\nexport const smtp = { auth: { user: 'alerts', pass: 'Summer2024!ops' } };\n";
    const findings = findingsOf(RULE, '/work/app/a.ts', text);
    assert.deepStrictEqual(findings.map((finding) => finding.fixes[0].title), ['Read it from process.env.REDIS_PASSWORD', 'Read it from process.env.PASS']);
  });

  it('removes a hard-coded fallback rather than doubling the lookup', () => {
    const text = "import jwt from 'jsonwebtoken';\nexport const sign = (p: object) => jwt.sign(p, process.env.JWT_SECRET ?? 'dev-jwt-secret');\n";
    const fix = fixOf(RULE, '/work/app/a.ts', text, /fallback/);
    assert.strictEqual(apply('/work/app/a.ts', text, fix), "import jwt from 'jsonwebtoken';\nexport const sign = (p: object) => jwt.sign(p, process.env.JWT_SECRET);\n");
  });

  it('wraps the lookup in braces in a JSX attribute', () => {
    const text = "export const Pay = () => <Checkout stripeKey=\"sk_live_51H8xYzAbCdEfGhIjKlMnOpQr\" />;\n";
    const fix = fixOf(RULE, '/work/app/a.tsx', text, /process\.env/);
    assert.strictEqual(apply('/work/app/a.tsx', text, fix), 'export const Pay = () => <Checkout stripeKey={process.env.STRIPE_SECRET_KEY} />;\n');
  });

  it('offers only a suppression for a secret inside a template with expressions, or one the code sets in process.env', () => {
    const text = "export const url = (host: string) => `mongodb+srv://svc:Zx9pQ2vL@${host}/app`;\nprocess.env.API_KEY = 'k9J2mQ7vX4pL8sD1';\n";
    const findings = findingsOf(RULE, '/work/app/a.ts', text);
    assert.deepStrictEqual(findings.map((finding) => finding.fixes.map((fix) => fix.title)), [[`Suppress ${RULE} on this line (state a reason)`], [`Suppress ${RULE} on this line (state a reason)`]]);
    assert.ok(findings.every((finding) => !finding.message.includes('Zx9pQ2vL') && !finding.message.includes('k9J2mQ7vX4pL8sD1')), 'messages must not repeat the secret');
  });
});
