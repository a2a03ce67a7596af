#!/usr/bin/env node
// Records every finding the engine reports over the bench corpus and the rule fixtures, or
// compares them with a recording: the guard that a speed change altered no result.
//
//   node scripts/findings-snapshot.mjs --write .bench/findings.json
//   ... change the engine, `npx tsc -b` ...
//   node scripts/findings-snapshot.mjs --compare .bench/findings.json
//
// The corpus is the bench's (`node scripts/bench.mjs --list`, same --files/--root), plus every
// file under test/fixtures. Each finding is kept whole (rule, severity, range, message, data
// types, flow, fixes), so a change in any of them shows. Recordings hold results over
// node_modules and belong in .bench/ (ignored), never in the repository.
//
// Options:
//   --write FILE     record the findings into FILE
//   --compare FILE   compare with FILE; exit 1 and list the differing files when they differ
//   --server DIR     the compiled engine to run (default out/server/src), e.g. another checkout's
//   --files N, --root DIR   passed to the bench's corpus selection

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function fail(message) {
  process.stderr.write(`findings-snapshot: ${message}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const options = { write: undefined, compare: undefined, server: path.join(ROOT, 'out/server/src'), benchArgs: [] };
  for (let i = 0; i < argv.length; i++) {
    const value = () => argv[++i] ?? fail(`${argv[i - 1]} needs a value`);
    switch (argv[i]) {
      case '--write':
        options.write = path.resolve(value());
        break;
      case '--compare':
        options.compare = path.resolve(value());
        break;
      case '--server':
        options.server = path.resolve(value());
        break;
      case '--files':
      case '--root':
        options.benchArgs.push(argv[i], value());
        break;
      default:
        fail(`unknown argument "${argv[i]}"`);
    }
  }
  if (!options.write === !options.compare) fail('give exactly one of --write FILE or --compare FILE');
  return options;
}

function fixtureFiles() {
  const files = [];
  const visit = (dir) => {
    const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.isFile()) files.push(path.relative(ROOT, full));
    }
  };
  visit(path.join(ROOT, 'test/fixtures'));
  return files;
}

async function record(options) {
  const corpus = execFileSync(process.execPath, [path.join(ROOT, 'scripts/bench.mjs'), '--list', ...options.benchArgs], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    .split('\n')
    .filter(Boolean);
  const files = [...corpus, ...fixtureFiles()];
  const { bundledCatalog } = require(path.join(options.server, 'catalog/catalog.js'));
  const { defaultConfig } = require(path.join(options.server, 'config/config.js'));
  const { Linter } = require(path.join(options.server, 'engine/linter.js'));
  const adapters = path.join(options.server, 'parse/adapters.js');
  if (fs.existsSync(adapters)) await require(adapters).prepareAdapters?.();
  const linter = new Linter(bundledCatalog(), defaultConfig(ROOT));
  const results = {};
  for (const file of files) {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
    try {
      const output = linter.lint(path.join(ROOT, file), text);
      results[file] = { parsed: output.parsed, findings: output.findings };
    } catch (error) {
      results[file] = { threw: String(error?.message ?? error) };
    }
  }
  return results;
}

const options = parseArgs(process.argv.slice(2));
const results = await record(options);
const count = (recorded) => Object.values(recorded).reduce((sum, entry) => sum + (entry.findings?.length ?? 0), 0);
if (options.write) {
  fs.mkdirSync(path.dirname(options.write), { recursive: true });
  fs.writeFileSync(options.write, JSON.stringify(results));
  process.stdout.write(`recorded ${count(results)} findings over ${Object.keys(results).length} files into ${path.relative(ROOT, options.write)}\n`);
} else {
  const expected = JSON.parse(fs.readFileSync(options.compare, 'utf8'));
  const differing = [];
  for (const file of new Set([...Object.keys(expected), ...Object.keys(results)])) {
    if (JSON.stringify(expected[file]) !== JSON.stringify(results[file])) differing.push(file);
  }
  if (differing.length === 0) {
    process.stdout.write(`identical: ${count(results)} findings over ${Object.keys(results).length} files\n`);
  } else {
    process.stdout.write(`DIFFERENT in ${differing.length} files (recorded ${count(expected)} findings, now ${count(results)}):\n`);
    for (const file of differing.slice(0, 20)) {
      const before = expected[file]?.findings?.length ?? '-';
      const after = results[file]?.findings?.length ?? '-';
      process.stdout.write(`  ${file}: ${before} -> ${after} findings\n`);
    }
    process.exitCode = 1;
  }
}
