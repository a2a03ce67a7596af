import * as assert from 'assert';
import { bundledCatalog } from '../../server/src/catalog/catalog';
import { defaultConfig } from '../../server/src/config/config';
import { Linter } from '../../server/src/engine/linter';

describe('engine smoke', () => {
  it('flags an SSN logged through console.log', () => {
    const linter = new Linter(bundledCatalog(), defaultConfig('/tmp'));
    const output = linter.lint('/tmp/a.ts', 'declare const patient: { ssn: string };\nconsole.log(patient.ssn);\n');
    assert.deepStrictEqual(output.findings.map((finding) => [finding.ruleId, finding.range.start.line]), [['no-phi-in-logs', 1]]);
  });
});
