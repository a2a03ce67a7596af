import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { describeRun, runCli } from '../helpers/cli';
import { makeTempDir, removeDir, writeFiles } from '../helpers/workspace';

describe('CLI --cache', function () {
  this.timeout(60000);
  let dir: string;

  before(() => {
    dir = makeTempDir('phi-lint-cache-');
    writeFiles(dir, {
      'src/types.ts': 'export interface Member { planCode: string }\n',
      'src/visit.ts': "import type { Member } from './types';\nexport function visit(m: Member, patient: { ssn: string }) {\n  console.log(m);\n  console.log(patient.ssn);\n}\n",
      'src/clean.ts': "export const greeting = 'hello';\nconsole.log(greeting);\n",
    });
  });

  after(() => removeDir(dir));

  it('reuses results for unchanged files and recomputes when a file, an imported type or the config changes', async () => {
    const cacheFile = path.join(dir, 'cache', 'results.json');
    const args = ['--cache', '--cache-location', cacheFile, '--format', 'json', 'src'];
    const lines = (stdout: string) =>
      (JSON.parse(stdout) as { files: { path: string; findings: { line: number }[] }[] }).files.flatMap((file) => file.findings.map((finding) => `${file.path}:${finding.line}`));

    const first = await runCli(args, dir);
    assert.strictEqual(first.code, 1, describeRun(first));
    assert.deepStrictEqual(lines(first.stdout), ['src/visit.ts:4']);
    assert.ok(fs.existsSync(cacheFile), 'the cache file is written');

    // The cached entry must be what is reported: poison it and see the poison come back.
    const cache = JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as { entries: Record<string, { diagnostics: { range: { start: { line: number } } }[] }> };
    const visitEntry = cache.entries[path.join(dir, 'src', 'visit.ts')];
    visitEntry.diagnostics[0].range.start.line = 0;
    fs.writeFileSync(cacheFile, JSON.stringify(cache));
    const cached = await runCli(args, dir);
    assert.deepStrictEqual(lines(cached.stdout), ['src/visit.ts:1'], 'an unchanged file is not linted again');

    // A type imported by the file now holds PHI: the file's findings change, so it is linted again.
    fs.writeFileSync(path.join(dir, 'src', 'types.ts'), 'export interface Member { planCode: string; dateOfBirth: string }\n');
    const afterTypeChange = await runCli(args, dir);
    assert.deepStrictEqual(lines(afterTypeChange.stdout), ['src/visit.ts:3', 'src/visit.ts:4'], describeRun(afterTypeChange));

    // A config that turns the rule off invalidates every entry it governs.
    fs.writeFileSync(path.join(dir, '.phi-lint.yaml'), 'rules:\n  no-phi-in-logs: off\n');
    const afterConfigChange = await runCli(args, dir);
    assert.strictEqual(afterConfigChange.code, 0, describeRun(afterConfigChange));
    assert.deepStrictEqual(lines(afterConfigChange.stdout), []);
  });
});
