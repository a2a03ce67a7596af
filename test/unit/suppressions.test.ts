import * as assert from 'assert';
import { bundledCatalog } from '../../server/src/catalog/catalog';
import { defaultConfig, type PhiLintConfig } from '../../server/src/config/config';
import { applyEdits, LineIndex } from '../../server/src/core/lineIndex';
import type { Finding } from '../../server/src/core/types';
import { Linter } from '../../server/src/engine/linter';
import { applySuppressions, parseDirectives, REASON_PLACEHOLDER, type Directive } from '../../server/src/engine/suppressions';
import { isParseFailure } from '../../server/src/parse/documents';
import { parseScript } from '../../server/src/parse/typescript';

function directivesOf(text: string, fileName = '/tmp/suppressions.ts'): { directives: Directive[]; lines: LineIndex } {
  const lines = new LineIndex(text);
  const script = parseScript(fileName, text, lines);
  if (isParseFailure(script)) throw new Error(`test source does not parse: ${script.message}`);
  return { directives: parseDirectives(script.comments), lines };
}

function finding(ruleId: string, line: number): Finding {
  return {
    ruleId,
    severity: 'error',
    range: { start: { line, character: 0 }, end: { line, character: 1 } },
    message: `${ruleId} at ${line}`,
    dataTypes: [],
    flow: [],
    references: [],
    fixes: [],
  };
}

const allActive = (ruleId: string) => (['no-phi-in-logs', 'suppression-reason-required', 'unused-suppression'].includes(ruleId) ? 'active' : 'unknown') as 'active' | 'unknown';

describe('suppression directives: parsing', () => {
  it('reads a next-line directive with rule ids and a reason', () => {
    const { directives } = directivesOf('const a = 1;\n// phi-lint-disable-next-line no-phi-in-logs -- clinic inbox, see PRIV-88\nlog(a);\n');
    assert.strictEqual(directives.length, 1);
    const [directive] = directives;
    assert.strictEqual(directive.kind, 'next-line');
    assert.deepStrictEqual(directive.ruleIds, ['no-phi-in-logs']);
    assert.strictEqual(directive.reason, 'clinic inbox, see PRIV-88');
    assert.strictEqual(directive.targetLine, 2);
  });

  it('reads a same-line directive at the end of a line of code', () => {
    const { directives } = directivesOf('const a = 1;\nlog(a); // phi-lint-disable-line no-phi-in-logs -- reviewed\n');
    assert.strictEqual(directives[0].kind, 'line');
    assert.strictEqual(directives[0].targetLine, 1);
    assert.strictEqual(directives[0].reason, 'reviewed');
  });

  it('reads several rule ids, separated by commas and/or spaces', () => {
    const { directives } = directivesOf('// phi-lint-disable-next-line no-phi-in-logs, unused-suppression  parse-error -- why\nx;\n');
    assert.deepStrictEqual(directives[0].ruleIds, ['no-phi-in-logs', 'unused-suppression', 'parse-error']);
  });

  it('reads a directive without rule ids as "every rule"', () => {
    const { directives } = directivesOf('// phi-lint-disable-next-line -- generated file\nx;\n');
    assert.deepStrictEqual(directives[0].ruleIds, []);
    assert.strictEqual(directives[0].reason, 'generated file');
  });

  it('has no reason when -- is missing, empty, or followed by the placeholder', () => {
    const text = [
      '// phi-lint-disable-next-line no-phi-in-logs',
      'a;',
      '// phi-lint-disable-next-line no-phi-in-logs --',
      'b;',
      '// phi-lint-disable-next-line no-phi-in-logs --    ',
      'c;',
      `// phi-lint-disable-next-line no-phi-in-logs -- ${REASON_PLACEHOLDER}`,
      'd;',
    ].join('\n');
    const { directives } = directivesOf(text);
    assert.deepStrictEqual(
      directives.map((directive) => directive.reason),
      [undefined, undefined, undefined, undefined],
    );
    assert.ok(directives.every((directive) => directive.ruleIds.join() === 'no-phi-in-logs'));
  });

  it('keeps a reason that itself contains -- or mentions the placeholder', () => {
    const { directives } = directivesOf(`// phi-lint-disable-next-line no-phi-in-logs -- vendor is on-prem -- see SEC-1; not ${REASON_PLACEHOLDER}\nx;\n`);
    assert.strictEqual(directives[0].reason, `vendor is on-prem -- see SEC-1; not ${REASON_PLACEHOLDER}`);
  });

  it('reads block comments, JSDoc-style comments and JSX comments', () => {
    const block = directivesOf('/* phi-lint-disable-next-line no-phi-in-logs -- reviewed */\nx;\n').directives[0];
    assert.strictEqual(block.reason, 'reviewed');
    assert.deepStrictEqual(block.ruleIds, ['no-phi-in-logs']);
    const jsdoc = directivesOf('/** phi-lint-disable-next-line no-phi-in-logs -- reviewed */\nx;\n').directives[0];
    assert.deepStrictEqual(jsdoc.ruleIds, ['no-phi-in-logs']);
    assert.strictEqual(jsdoc.reason, 'reviewed');
    const multiLine = directivesOf('/* phi-lint-disable-next-line no-phi-in-logs --\n   reviewed in SEC-1 */\nx;\n').directives[0];
    assert.strictEqual(multiLine.reason, 'reviewed in SEC-1');
    assert.strictEqual(multiLine.targetLine, 2, 'a multi-line comment covers the line after its end');
    const jsx = directivesOf('const el = (\n  <div>\n    {/* phi-lint-disable-next-line no-phi-in-logs -- reviewed */}\n    <b />\n  </div>\n);\n', '/tmp/a.tsx').directives[0];
    assert.strictEqual(jsx.targetLine, 3);
    assert.strictEqual(jsx.reason, 'reviewed');
  });

  it('ignores comments that only mention a directive, or misspell its kind', () => {
    const text = [
      '// see phi-lint-disable-next-line in the docs',
      '// phi-lint-disable no-phi-in-logs -- file-level directives do not exist',
      '// phi-lint-disable-next-lines no-phi-in-logs -- misspelt',
      '// phi-lint-enable-next-line no-phi-in-logs',
      'x;',
    ].join('\n');
    assert.deepStrictEqual(directivesOf(text).directives, []);
  });
});

describe('suppression directives: applying them', () => {
  it('drops the findings a directive covers, on its target line and for its rules only', () => {
    const { directives, lines } = directivesOf('// phi-lint-disable-next-line no-phi-in-logs -- ok\na;\nb;\n');
    const findings = [finding('no-phi-in-logs', 1), finding('parse-error', 1), finding('no-phi-in-logs', 2)];
    const outcome = applySuppressions(findings, directives, lines, allActive);
    assert.deepStrictEqual(
      outcome.kept.map((kept) => `${kept.ruleId}@${kept.range.start.line}`),
      ['parse-error@1', 'no-phi-in-logs@2'],
    );
    assert.deepStrictEqual(outcome.directiveFindings, []);
  });

  it('suppresses every rule when the directive names none', () => {
    const { directives, lines } = directivesOf('a; // phi-lint-disable-line -- generated\n');
    const outcome = applySuppressions([finding('no-phi-in-logs', 0), finding('parse-error', 0)], directives, lines, allActive);
    assert.deepStrictEqual(outcome.kept, []);
    assert.deepStrictEqual(outcome.directiveFindings, []);
  });

  it('reports a directive without a reason, and still suppresses with it', () => {
    const { directives, lines } = directivesOf('// phi-lint-disable-next-line no-phi-in-logs\na;\n');
    const outcome = applySuppressions([finding('no-phi-in-logs', 1)], directives, lines, allActive);
    assert.deepStrictEqual(outcome.kept, []);
    assert.deepStrictEqual(outcome.directiveFindings.map((extra) => extra.ruleId), ['suppression-reason-required']);
    assert.deepStrictEqual(outcome.directiveFindings[0].range.start, { line: 0, character: 0 });
    assert.match(outcome.directiveFindings[0].message, /no reason/);
  });

  it('reports an unused directive with a fix that removes its whole line', () => {
    const text = 'a;\n  // phi-lint-disable-next-line no-phi-in-logs -- stale\nb;\n';
    const { directives, lines } = directivesOf(text);
    const outcome = applySuppressions([], directives, lines, allActive);
    assert.strictEqual(outcome.directiveFindings.length, 1);
    const [unused] = outcome.directiveFindings;
    assert.strictEqual(unused.ruleId, 'unused-suppression');
    assert.match(unused.message, /suppresses nothing/);
    assert.ok(unused.edits, 'offers a removal edit');
    assert.strictEqual(applyEdits(text, unused.edits).text, 'a;\nb;\n');
  });

  it('removes only the comment (and the space before it) from a line of code', () => {
    const text = 'a;\nb();   // phi-lint-disable-line no-phi-in-logs -- stale\nc;\n';
    const { directives, lines } = directivesOf(text);
    const [unused] = applySuppressions([], directives, lines, allActive).directiveFindings;
    assert.strictEqual(applyEdits(text, unused.edits!).text, 'a;\nb();\nc;\n');
  });

  it('removes a directive on the last line of a file without a trailing newline', () => {
    const text = 'a;\n// phi-lint-disable-next-line no-phi-in-logs -- stale';
    const { directives, lines } = directivesOf(text);
    const [unused] = applySuppressions([], directives, lines, allActive).directiveFindings;
    assert.strictEqual(applyEdits(text, unused.edits!).text, 'a;\n');
  });

  it('reports an unknown rule id as unused, naming it', () => {
    const { directives, lines } = directivesOf('// phi-lint-disable-next-line no-phi-in-log -- typo\na;\n');
    const outcome = applySuppressions([finding('no-phi-in-logs', 1)], directives, lines, allActive);
    assert.deepStrictEqual(outcome.kept.map((kept) => kept.ruleId), ['no-phi-in-logs'], 'a misspelt id suppresses nothing');
    assert.deepStrictEqual(outcome.directiveFindings.map((extra) => extra.ruleId), ['unused-suppression']);
    assert.match(outcome.directiveFindings[0].message, /`no-phi-in-log`/);
  });

  it('does not call a directive for a rule that is off unused', () => {
    const { directives, lines } = directivesOf('// phi-lint-disable-next-line no-phi-in-logs -- on-prem store\na;\n');
    const outcome = applySuppressions([], directives, lines, (ruleId) => (ruleId === 'no-phi-in-logs' ? 'off' : 'active'));
    assert.deepStrictEqual(outcome.directiveFindings, []);
  });

  it('does not reach past the line right after a next-line directive', () => {
    const { directives, lines } = directivesOf('// phi-lint-disable-next-line no-phi-in-logs -- reviewed\n\na;\n');
    const outcome = applySuppressions([finding('no-phi-in-logs', 2)], directives, lines, allActive);
    assert.strictEqual(outcome.kept.length, 1);
    assert.deepStrictEqual(outcome.directiveFindings.map((extra) => extra.ruleId), ['unused-suppression']);
  });
});

describe('suppression directives: through the linter', () => {
  const lint = (text: string, config: Partial<PhiLintConfig> = {}) =>
    new Linter(bundledCatalog(), { ...defaultConfig('/tmp'), ...config }).lint('/tmp/suppressed.ts', text).findings.map(
      (found) => `${found.range.start.line}:${found.ruleId}`,
    );
  const leak = 'declare const patient: { ssn: string };\n';

  it('suppresses a real finding when a reason is given', () => {
    assert.deepStrictEqual(lint(`${leak}// phi-lint-disable-next-line no-phi-in-logs -- test data only\nconsole.log(patient.ssn);\n`), []);
  });

  it('reports the missing reason at the directive and keeps the finding suppressed', () => {
    assert.deepStrictEqual(lint(`${leak}console.log(patient.ssn); // phi-lint-disable-line no-phi-in-logs\n`), ['1:suppression-reason-required']);
  });

  it('applies the configured severities to directive findings', () => {
    const text = `${leak}// phi-lint-disable-next-line no-phi-in-logs\nconsole.log(patient.ssn);\n`;
    const linter = new Linter(bundledCatalog(), { ...defaultConfig('/tmp'), rules: { 'suppression-reason-required': 'error' } });
    const [reported] = linter.lint('/tmp/suppressed.ts', text).findings;
    assert.strictEqual(reported.ruleId, 'suppression-reason-required');
    assert.strictEqual(reported.severity, 'error');
    assert.deepStrictEqual(lint(text, { rules: { 'suppression-reason-required': 'off' } }), []);
  });

  it('does not report an unused directive for a rule switched off in the config', () => {
    const text = `${leak}// phi-lint-disable-next-line no-phi-in-logs -- on-prem\nconsole.log(patient.ssn);\n`;
    assert.deepStrictEqual(lint(text, { rules: { 'no-phi-in-logs': 'off' } }), []);
  });

  it('offers the removal of an unused directive as a fix that is not applied by fix-all', () => {
    const text = `${leak}// phi-lint-disable-next-line no-phi-in-logs -- stale\nconsole.log('ok');\n`;
    const linter = new Linter(bundledCatalog(), defaultConfig('/tmp'));
    const [unused] = linter.lint('/tmp/suppressed.ts', text).findings;
    assert.strictEqual(unused.ruleId, 'unused-suppression');
    assert.strictEqual(unused.fixes.length, 1);
    assert.strictEqual(unused.fixes[0].safe, false);
    assert.strictEqual(applyEdits(text, unused.fixes[0].edits).text, `${leak}console.log('ok');\n`);
  });
});
