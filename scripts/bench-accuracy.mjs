#!/usr/bin/env node
// Accuracy benchmark: precision and recall of phi-lint's application-code rules over a labelled
// corpus of realistic mini-projects (bench/accuracy/corpus/<project>/).
//
//   npm run bench:accuracy [-- options]        (compiles out/ with tsc -b first; no bundle needed)
//   node scripts/bench-accuracy.mjs [options]   (uses the current build in out/)
//
// Each corpus file labels its cases inline, with the fixture harness's markers:
//   `// expect: <rule-id>`  a finding of that rule must start on this line (or on the next line when
//                           the comment is alone on its line); one positive case (`xN`: N cases)
//   `// ok: <rule-id>`      a finding of that rule here is wrong; one negative case
// Every file is linted with the real engine through a Project rooted at its mini-project, so a
// project's own .phi-lint.yaml applies, with the markers blanked out so they cannot steer it.
// A finding that no expect: marker accounts for is a false positive, on an ok: line or not.
// The computation lives in test/helpers/accuracy.ts (compiled to out/test/helpers/accuracy.js),
// shared with the mocha test test/bench/accuracy.test.ts.
//
// Options:
//   --verbose, -v     also list every false negative and false positive (file:line, code, message)
//   --json            print the whole report as JSON instead of the table
//   --check T         exit 1 when any measured rule's precision or recall is below T (e.g. 0.95),
//                     when a rule has no positive or negative case, or when the corpus has problems;
//                     without --check the exit code is 0 whenever the benchmark ran
//   --corpus DIR      score another corpus laid out the same way
//   --help            print this help

import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function usage(message) {
  if (message) console.error(`bench-accuracy: ${message}`);
  const lines = fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1);
  const header = lines.slice(0, lines.findIndex((line) => !line.startsWith('//'))).map((line) => line.slice(3));
  (message ? console.error : console.log)(header.join('\n'));
  process.exit(message ? 2 : 0);
}

const options = { verbose: false, json: false, check: undefined, corpus: undefined };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const arg = argv[i];
  if (arg === '--verbose' || arg === '-v') options.verbose = true;
  else if (arg === '--json') options.json = true;
  else if (arg === '--check') {
    const value = Number(argv[++i]);
    if (!Number.isFinite(value) || value < 0 || value > 1) usage(`--check takes a threshold between 0 and 1 (got ${argv[i]})`);
    options.check = value;
  } else if (arg === '--corpus') {
    if (!argv[i + 1]) usage('--corpus takes a folder');
    options.corpus = path.resolve(argv[++i]);
  } else if (arg === '--help' || arg === '-h') usage();
  else usage(`unknown option ${arg}`);
}

const compiled = path.join(ROOT, 'out', 'test', 'helpers', 'accuracy.js');
if (!fs.existsSync(compiled)) {
  console.error(`bench-accuracy: ${path.relative(ROOT, compiled)} is missing: build first (npm run build, or npx tsc -b)`);
  process.exit(2);
}
const accuracy = require(compiled);
const { prepareAdapters } = require(path.join(ROOT, 'out', 'server', 'src', 'parse', 'adapters.js'));
await prepareAdapters();

const report = accuracy.runAccuracy(options.corpus ?? accuracy.CORPUS_DIR);
const failed = options.check === undefined ? [] : accuracy.failures(report, options.check);

if (options.json) {
  console.log(JSON.stringify({ ...report, threshold: options.check ?? null, failures: failed }, null, 2));
} else {
  console.log(accuracy.formatTable(report));
  if (options.verbose) console.log(`\n${accuracy.formatVerbose(report)}`);
  if (options.check !== undefined) {
    console.log('');
    if (failed.length === 0) console.log(`check: every measured rule has precision and recall >= ${options.check}`);
    else console.log(`check failed (threshold ${options.check}):\n${failed.map((reason) => `  ${reason}`).join('\n')}`);
  }
}
// exitCode, not exit(): a large --json report to a pipe must be flushed before the process ends.
process.exitCode = failed.length > 0 ? 1 : 0;
