import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { purposeIn } from '../../server/src/analysis/schema/annotations';
import { parseDirectives } from '../../server/src/engine/suppressions';
import { REPO_ROOT } from '../helpers/repo';

/**
 * The TextMate injection grammar that highlights phi-lint directives in comments must agree
 * with what the engine reads. Its patterns are written in the subset of Oniguruma that JS RegExp
 * shares, so they are compiled here as JS regexes and run on sample comment lines of every
 * language, next to the engine's own parsers.
 */
interface GrammarPattern {
  comment: string;
  match: string;
  captures: Record<string, { name: string }>;
}
interface Grammar {
  scopeName: string;
  injectionSelector: string;
  patterns: GrammarPattern[];
}

const GRAMMAR_FILE = path.join(REPO_ROOT, 'syntaxes', 'phi-lint-directives.injection.json');
const grammar = JSON.parse(fs.readFileSync(GRAMMAR_FILE, 'utf8')) as Grammar;

/** The pattern whose first capture is scoped as a directive keyword and that matches `keyword`. */
function patternFor(keyword: string): { regex: RegExp; scopes: Record<string, string> } {
  const found = grammar.patterns.find((pattern) => new RegExp(pattern.match).exec(keyword)?.[1] === keyword);
  assert.ok(found, `a grammar pattern for ${keyword}`);
  return { regex: new RegExp(found.match), scopes: Object.fromEntries(Object.entries(found.captures).map(([group, capture]) => [group, capture.name])) };
}

/** Each sample: a full line as written, and the comment's text as the language's parser hands it to the engine. */
const DIRECTIVE_SAMPLES: { language: string; line: string; comment: string }[] = [
  { language: 'TypeScript', line: '  // phi-lint-disable-next-line no-phi-in-logs -- reviewed: test data only', comment: ' phi-lint-disable-next-line no-phi-in-logs -- reviewed: test data only' },
  { language: 'TypeScript', line: 'logger.info(ssn); // phi-lint-disable-line no-phi-in-logs, no-phi-in-urls -- synthetic fixture', comment: ' phi-lint-disable-line no-phi-in-logs, no-phi-in-urls -- synthetic fixture' },
  { language: 'TypeScript', line: '/* phi-lint-disable-next-line no-phi-in-logs,no-phi-in-urls */', comment: ' phi-lint-disable-next-line no-phi-in-logs,no-phi-in-urls ' },
  { language: 'JSX', line: '{/* phi-lint-disable-next-line no-phi-in-client-storage -- cleared on logout */}', comment: ' phi-lint-disable-next-line no-phi-in-client-storage -- cleared on logout ' },
  { language: 'YAML', line: '# phi-lint-disable-next-line iac-s3-encryption -- public assets bucket', comment: ' phi-lint-disable-next-line iac-s3-encryption -- public assets bucket' },
  { language: 'Terraform', line: '  # phi-lint-disable-next-line iac-rds-public, iac-rds-encryption', comment: ' phi-lint-disable-next-line iac-rds-public, iac-rds-encryption' },
  { language: 'SQL', line: '-- phi-lint-disable-next-line phi-column-needs-purpose -- legacy table, dropped in Q3', comment: ' phi-lint-disable-next-line phi-column-needs-purpose -- legacy table, dropped in Q3' },
  { language: 'Prisma', line: '  ssn String // phi-lint-disable-line phi-column-needs-purpose -- tokenised upstream', comment: ' phi-lint-disable-line phi-column-needs-purpose -- tokenised upstream' },
  { language: 'any', line: '// phi-lint-disable-next-line', comment: ' phi-lint-disable-next-line' },
];

const PURPOSE_SAMPLES: { language: string; line: string }[] = [
  { language: 'SQL', line: '  ssn TEXT, -- phi-purpose: identity proofing for claims' },
  { language: 'Prisma', line: '  dob DateTime /// phi-purpose: age checks for eligibility' },
  { language: 'TypeScript', line: '  /* phi-purpose: billing address for statements */' },
  { language: 'YAML', line: '# phi-purpose: <why this column needs Social Security number>' },
];

describe('directive highlighting grammar (syntaxes/phi-lint-directives.injection.json)', () => {
  it('is injected into comments only, and every pattern compiles as a JS RegExp', () => {
    assert.strictEqual(grammar.injectionSelector, 'L:comment -string');
    for (const pattern of grammar.patterns) assert.doesNotThrow(() => new RegExp(pattern.match), pattern.comment);
  });

  it('is contributed to the languages phi-lint reads, under its own scope name', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      contributes: { grammars: { scopeName: string; path: string; injectTo: string[] }[] };
    };
    const contributed = manifest.contributes.grammars.find((entry) => entry.scopeName === grammar.scopeName);
    assert.ok(contributed, 'contributes.grammars names the grammar');
    assert.strictEqual(path.resolve(REPO_ROOT, contributed.path), GRAMMAR_FILE);
    for (const scope of ['source.ts', 'source.tsx', 'source.js', 'source.js.jsx', 'source.yaml', 'source.hcl', 'source.terraform', 'source.sql', 'source.prisma']) {
      assert.ok(contributed.injectTo.includes(scope), `injected into ${scope}`);
    }
  });

  for (const sample of DIRECTIVE_SAMPLES) {
    it(`highlights what the engine reads in ${sample.language}: ${sample.line.trim()}`, () => {
      const [directive] = parseDirectives([{ value: sample.comment, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, start: 0, end: 0 }]);
      assert.ok(directive, 'the engine reads a directive');
      const keyword = `phi-lint-disable-${directive.kind}`;
      const { regex, scopes } = patternFor(keyword);
      const match = regex.exec(sample.line);
      assert.ok(match, 'the grammar matches the line');
      assert.strictEqual(match[1], keyword);
      assert.strictEqual(scopes['1'], 'keyword.control.directive.phi-lint');
      assert.deepStrictEqual(
        (match[2] ?? '').split(/[\s,]+/).filter(Boolean),
        directive.ruleIds,
        'the highlighted rule ids are the ones the engine reads',
      );
      assert.strictEqual(scopes['2'], 'entity.name.tag.rule-id.phi-lint');
      assert.strictEqual((match[4] ?? '').trim() || undefined, directive.reason, 'the highlighted reason is the one the engine reads');
      assert.strictEqual(scopes['4'], 'string.unquoted.reason.phi-lint');
    });
  }

  it('does not highlight a mention that is not a directive', () => {
    const { regex } = patternFor('phi-lint-disable-next-line');
    assert.strictEqual(regex.exec('// see phi-lint-disable-lines-docs for details'), null);
  });

  for (const sample of PURPOSE_SAMPLES) {
    it(`highlights a phi-purpose annotation as the engine reads it in ${sample.language}`, () => {
      const annotation = purposeIn(sample.line);
      assert.ok(annotation?.text, 'the engine reads a purpose');
      const { regex, scopes } = patternFor('phi-purpose:');
      const match = regex.exec(sample.line);
      assert.ok(match, 'the grammar matches the line');
      assert.strictEqual(match[2].trim(), annotation.text);
      assert.strictEqual(scopes['2'], 'string.unquoted.purpose.phi-lint');
    });
  }
});
