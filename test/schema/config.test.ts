import * as assert from 'assert';
import { parseConfig } from '../../server/src/config/config';
import { RULE_IDS } from '../../server/src/rules';

describe('config: schema.requireEncryption (phi-column-needs-purpose)', () => {
  it('is absent unless configured, and defaults its annotation to phi-encrypted:', () => {
    assert.strictEqual(parseConfig('/p/.phi-lint.yaml', 'rules: {}\n', RULE_IDS).config?.schema, undefined);
    const result = parseConfig('/p/.phi-lint.yaml', 'schema:\n  requireEncryption:\n    types: [bytea]\n', RULE_IDS);
    assert.deepStrictEqual(result.problems, []);
    assert.deepStrictEqual(result.config?.schema, { requireEncryption: { types: ['bytea'], annotation: 'phi-encrypted:' } });
  });

  it('reports a misspelt key with its path', () => {
    const result = parseConfig('/p/.phi-lint.yaml', 'schema:\n  requireEncrypton:\n    types: [bytea]\n', RULE_IDS);
    assert.strictEqual(result.config, undefined);
    assert.ok(result.problems.some((problem) => problem.key.startsWith('schema')), JSON.stringify(result.problems));
  });
});
