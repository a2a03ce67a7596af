#!/usr/bin/env node
// Benchmarks a full phi-lint scan against parsing alone, over a fixed selection of real JS/TS files.
//
//   npm run bench [-- options]
//
// The figure to quote is `ratio scan/parse`: the time to lint the corpus with the engine divided
// by the time to only parse the same files with typescript-estree (with the options the engine
// uses), both measured in the same run. Machines are shared and noisy, so absolute times mean
// little from one run to the next; the ratio isolates what the analysis costs on top of parsing.
//
// Corpus: JS/TS files under node_modules (nobody here wrote them), walked in sorted order without
// following symlinks; declaration files, files over 256 KB and minified files (average line over
// 300 characters) are left out. When more files qualify than --files asks for, the ones whose path
// hashes lowest are kept, so that the set spreads over all packages and barely moves when a
// package is added. The list's size and sha256 are printed: runs are comparable when they match.
//
// Each timed run is a fresh child process running one mode, so that its peak RSS belongs to that
// mode alone. A child reads every file first (IO is not timed), warms up on the first files, then
// times one pass. Rounds alternate the order of the modes (parse-scan, scan-parse, ...) and the
// median per mode is reported, with the CPU time of the pass (user+system, all threads) beside the
// wall time: on a loaded machine the CPU-time ratio moves less than the wall-time one.
//
// Options:
//   --files N      corpus size (default 3000; fewer when fewer files qualify)
//   --runs N       timed runs per mode (default 3)
//   --warmup N     files each child runs untimed before timing (default 200)
//   --root DIR     walk DIR instead of ./node_modules (repeatable)
//   --json         print a machine-readable summary instead of the table
//   --cli          also time the real CLI end to end over a copy of the corpus (one run)
//   --profile [N]  also profile one more pass per mode (CPU profiles in .bench/) and print the
//                  time by package and the top N functions of the scan (default 10)
//   --list         print the selected files and exit
//   --help         print this help

import { fork, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(import.meta.url);
const ROOT = path.resolve(path.dirname(SCRIPT), '..');
const require = createRequire(import.meta.url);

const EXTENSIONS = new Set(['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx']);
const DECLARATION = /\.d\.[mc]?ts$/i;
const MAX_BYTES = 256 * 1024;
const MAX_AVERAGE_LINE = 300;
const SKIPPED_DIRS = new Set(['.git', '.bin', '.cache']);

// ---------------------------------------------------------------------------------------------
// Shared helpers

function lineCount(text) {
  if (text.length === 0) return 0;
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  return text.endsWith('\n') ? count : count + 1;
}

function byCodePoint(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function toPosix(file) {
  return file.split(path.sep).join('/');
}

// ---------------------------------------------------------------------------------------------
// Worker: one mode, one timed pass, in its own process.

function runWorker() {
  process.on('disconnect', () => process.exit(1));
  process.once('message', (job) => {
    try {
      process.send({ ok: true, result: measure(job) }, () => process.exit(0));
    } catch (error) {
      process.send({ ok: false, error: error?.stack ?? String(error) }, () => process.exit(1));
    }
  });
}

function measure({ mode, files, warmup, profileFile }) {
  const run = mode === 'parse' ? parseOnlyRunner() : scanRunner();
  const corpus = files.map((file) => ({ file, text: fs.readFileSync(file, 'utf8') }));
  let lines = 0;
  for (const { text } of corpus) lines += lineCount(text);

  run(corpus.slice(0, warmup));
  globalThis.gc?.();

  const session = profileFile ? startProfile() : undefined;
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const outcome = run(corpus);
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  if (session) stopProfile(session, profileFile);

  return { mode, files: corpus.length, lines, ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssKb: process.resourceUsage().maxRSS, ...outcome };
}

/** Parsing alone, with exactly the options server/src/parse/typescript.ts passes. */
function parseOnlyRunner() {
  const { parse } = require('@typescript-eslint/typescript-estree');
  return (corpus) => {
    const failed = [];
    let nodes = 0;
    for (const { file, text } of corpus) {
      const extension = path.extname(file).toLowerCase();
      try {
        const ast = parse(text, {
          comment: true,
          range: true,
          loc: false,
          jsx: extension !== '.ts' && extension !== '.mts' && extension !== '.cts',
          filePath: file,
          errorOnUnknownASTType: false,
          suppressDeprecatedPropertyWarnings: true,
        });
        nodes += ast.body.length;
      } catch {
        failed.push(file);
      }
    }
    return { failed, findings: 0, findingsByRule: {}, threw: [], sink: nodes };
  };
}

function scanRunner() {
  const out = path.join(ROOT, 'out/server/src');
  const { bundledCatalog } = require(path.join(out, 'catalog/catalog.js'));
  const { defaultConfig } = require(path.join(out, 'config/config.js'));
  const { Linter } = require(path.join(out, 'engine/linter.js'));
  const linter = new Linter(bundledCatalog(), defaultConfig(ROOT));
  return (corpus) => {
    const failed = [];
    const threw = [];
    const findingsByRule = {};
    let findings = 0;
    for (const { file, text } of corpus) {
      try {
        const output = linter.lint(file, text);
        if (!output.parsed) failed.push(file);
        for (const finding of output.findings) {
          findings++;
          findingsByRule[finding.ruleId] = (findingsByRule[finding.ruleId] ?? 0) + 1;
        }
      } catch (error) {
        threw.push(`${file}: ${String(error?.message ?? error).split('\n')[0]}`);
      }
    }
    return { failed, findings, findingsByRule, threw, sink: 0 };
  };
}

// The inspector profiles the timed pass only: not module loading, reading files or warming up.
function startProfile() {
  const inspector = require('node:inspector');
  const session = new inspector.Session();
  session.connect();
  const post = (method, params) => {
    let result;
    let failure;
    session.post(method, params, (error, value) => {
      failure = error;
      result = value;
    });
    // Session.post calls back synchronously for the Profiler domain.
    if (failure) throw failure;
    return result;
  };
  post('Profiler.enable');
  post('Profiler.setSamplingInterval', { interval: 200 });
  post('Profiler.start');
  return { session, post };
}

function stopProfile({ session, post }, profileFile) {
  const { profile } = post('Profiler.stop');
  session.disconnect();
  fs.mkdirSync(path.dirname(profileFile), { recursive: true });
  fs.writeFileSync(profileFile, JSON.stringify(profile));
}

// ---------------------------------------------------------------------------------------------
// Parent: select the corpus, run the children, report.

function parseArgs(argv) {
  const options = { files: 3000, runs: 3, warmup: 200, roots: [], json: false, cli: false, profile: 0, list: false };
  const number = (name, value, min) => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min) fail(`${name} needs a whole number of ${min} or more (got "${value ?? ''}")`);
    return parsed;
  };
  for (let i = 0; i < argv.length; i++) {
    const [arg, inline] = argv[i].startsWith('--') && argv[i].includes('=') ? [argv[i].slice(0, argv[i].indexOf('=')), argv[i].slice(argv[i].indexOf('=') + 1)] : [argv[i], undefined];
    const value = () => inline ?? argv[++i];
    switch (arg) {
      case '--files':
        options.files = number(arg, value(), 1);
        break;
      case '--runs':
        options.runs = number(arg, value(), 1);
        break;
      case '--warmup':
        options.warmup = number(arg, value(), 0);
        break;
      case '--root':
        options.roots.push(path.resolve(value() ?? fail('--root needs a folder')));
        break;
      case '--json':
        options.json = true;
        break;
      case '--cli':
        options.cli = true;
        break;
      case '--profile':
        if (inline !== undefined) options.profile = number(arg, inline, 1);
        else if (/^\d+$/.test(argv[i + 1] ?? '')) options.profile = number(arg, argv[++i], 1);
        else options.profile = 10;
        break;
      case '--list':
        options.list = true;
        break;
      case '--help':
      case '-h': {
        const text = fs.readFileSync(SCRIPT, 'utf8');
        const header = text.slice(text.indexOf('\n') + 1, text.indexOf('\nimport'));
        process.stdout.write(`${header.replace(/^\/\/ ?/gm, '').trim()}\n`);
        return process.exit(0);
      }
      default:
        fail(`unknown argument "${argv[i]}" (see --help)`);
    }
  }
  if (options.roots.length === 0) options.roots.push(path.join(ROOT, 'node_modules'));
  return options;
}

function fail(message) {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

function progress(message) {
  process.stderr.write(`bench: ${message}\n`);
}

/** Every qualifying file under the roots, sorted by path relative to the repository. */
function eligibleFiles(roots) {
  const excluded = [path.join(ROOT, 'dist') + path.sep, path.join(ROOT, 'out') + path.sep];
  const stats = { candidates: 0, declarations: 0, large: 0, minified: 0 };
  const eligible = [];
  const seen = new Set();
  const visit = (dir) => {
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => byCodePoint(a.name, b.name));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      // Symlinks are not followed (nor counted): .bin links and linked packages would repeat files.
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name) && !excluded.some((prefix) => (full + path.sep).startsWith(prefix))) visit(full);
        continue;
      }
      if (!entry.isFile() || !EXTENSIONS.has(path.extname(entry.name).toLowerCase())) continue;
      if (seen.has(full) || excluded.some((prefix) => full.startsWith(prefix))) continue;
      seen.add(full);
      stats.candidates++;
      if (DECLARATION.test(entry.name)) {
        stats.declarations++;
        continue;
      }
      if (fs.statSync(full).size > MAX_BYTES) {
        stats.large++;
        continue;
      }
      const text = fs.readFileSync(full, 'utf8');
      const lines = lineCount(text);
      if (lines === 0 || text.length / lines > MAX_AVERAGE_LINE) {
        stats.minified++;
        continue;
      }
      eligible.push({ file: full, rel: toPosix(path.relative(ROOT, full)), lines, bytes: Buffer.byteLength(text) });
    }
  };
  for (const root of roots) {
    if (!fs.existsSync(root)) fail(`no such folder: ${root}`);
    visit(root);
  }
  eligible.sort((a, b) => byCodePoint(a.rel, b.rel));
  return { eligible, stats };
}

function selectCorpus(options) {
  const { eligible, stats } = eligibleFiles(options.roots);
  let chosen = eligible;
  if (eligible.length > options.files) {
    const rank = (entry) => createHash('sha256').update(entry.rel).digest('hex');
    chosen = eligible
      .map((entry) => ({ entry, key: rank(entry) }))
      .sort((a, b) => byCodePoint(a.key, b.key) || byCodePoint(a.entry.rel, b.entry.rel))
      .slice(0, options.files)
      .map(({ entry }) => entry)
      .sort((a, b) => byCodePoint(a.rel, b.rel));
  }
  const sha256 = createHash('sha256').update(chosen.map((entry) => entry.rel).join('\n')).digest('hex');
  const byExtension = {};
  for (const entry of chosen) {
    const extension = path.extname(entry.rel).toLowerCase();
    byExtension[extension] = (byExtension[extension] ?? 0) + 1;
  }
  return {
    files: chosen,
    requested: options.files,
    eligible: eligible.length,
    ...stats,
    lines: chosen.reduce((sum, entry) => sum + entry.lines, 0),
    bytes: chosen.reduce((sum, entry) => sum + entry.bytes, 0),
    byExtension: Object.fromEntries(Object.entries(byExtension).sort(([a], [b]) => byCodePoint(a, b))),
    sha256,
  };
}

/** Warns when a compiled engine file is older than its source (others may be mid-edit). */
function checkBuild() {
  const source = path.join(ROOT, 'server/src');
  const compiled = path.join(ROOT, 'out/server/src');
  if (!fs.existsSync(path.join(compiled, 'engine/linter.js'))) fail('out/server/src is missing: run `npm run build` (or `npx tsc -b`) first');
  const stale = [];
  const visit = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        const target = path.join(compiled, path.relative(source, full)).replace(/\.ts$/, '.js');
        if (!fs.existsSync(target) || fs.statSync(target).mtimeMs < fs.statSync(full).mtimeMs) stale.push(path.relative(ROOT, full));
      }
    }
  };
  visit(source);
  if (stale.length > 0) progress(`warning: out/ is older than ${stale.length} source file(s) (${stale.slice(0, 3).join(', ')}${stale.length > 3 ? ', ...' : ''}); run \`npx tsc -b\` to measure the current code`);
}

let activeChild;
let temporaryDir;

function cleanUp() {
  activeChild?.kill('SIGTERM');
  if (temporaryDir) fs.rmSync(temporaryDir, { recursive: true, force: true });
}

function runChild(job) {
  return new Promise((resolve, reject) => {
    const child = fork(SCRIPT, ['--worker'], { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    activeChild = child;
    let answer;
    child.on('message', (message) => (answer = message));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      activeChild = undefined;
      if (answer?.ok) resolve(answer.result);
      else reject(new Error(answer?.error ?? `${job.mode} worker exited with ${signal ?? `code ${code}`}`));
    });
    child.send(job);
  });
}

/** Times `node bin/phi-lint.js --format json` over a copy of the corpus (node_modules is always ignored by the CLI, so the copy renames it). */
async function runCli(corpus) {
  temporaryDir = fs.mkdtempSync(path.join(os.tmpdir(), 'phi-lint-bench-'));
  const base = path.join(temporaryDir, 'corpus');
  for (const entry of corpus.files) {
    const target = path.join(base, entry.rel.split('/').map((part) => (part === 'node_modules' ? 'node_modules_' : part)).join(path.sep));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(entry.file, target);
  }
  const reportFile = path.join(temporaryDir, 'report.json');
  const start = performance.now();
  const { code, stderr } = await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/phi-lint.js'), '--format', 'json', '--output', reportFile, '.'], {
      cwd: base,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    activeChild = child;
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      activeChild = undefined;
      resolve({ code, stderr });
    });
  });
  const ms = performance.now() - start;
  let report;
  try {
    report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
  } catch {
    throw new Error(`the CLI exited with ${code} and wrote no report:\n${stderr.slice(0, 2000)}`);
  }
  fs.rmSync(temporaryDir, { recursive: true, force: true });
  temporaryDir = undefined;
  const findings = report.files.reduce((sum, file) => sum + file.findings.length, 0);
  const parseFailures = report.files.filter((file) => file.findings.some((finding) => finding.ruleId === 'parse-error')).length;
  return { ms, exitCode: code, files: report.summary.files, findings, parseFailures };
}

/** Self time per function, and inclusive time for engine functions, from a .cpuprofile. */
function summarizeProfile(profileFile, top) {
  const profile = JSON.parse(fs.readFileSync(profileFile, 'utf8'));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const selfUs = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const serverPrefix = toPosix(path.join(ROOT, 'out/server/src')) + '/';
  const where = (url) => {
    const file = url.startsWith('file://') ? fileURLToPath(url) : url;
    const posix = toPosix(file);
    if (posix.startsWith(serverPrefix)) return { area: 'engine', name: posix.slice(serverPrefix.length) };
    const modules = posix.lastIndexOf('/node_modules/');
    if (modules !== -1) {
      const rest = posix.slice(modules + '/node_modules/'.length);
      const parts = rest.split('/');
      const pkg = parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
      return { area: pkg, name: rest };
    }
    return { area: posix ? 'node' : '(vm)', name: posix };
  };
  const functions = new Map();
  const areas = new Map();
  let total = 0;
  const keys = new Map();
  for (const node of profile.nodes) {
    const frame = node.callFrame;
    const { area, name } = where(frame.url);
    const label = `${frame.functionName || '(anonymous)'} ${name ? `${name}:${frame.lineNumber + 1}` : ''}`.trim();
    keys.set(node.id, { key: `${area}|${label}`, area, label });
  }
  for (const [id, us] of selfUs) {
    const { key, area, label } = keys.get(id);
    const functionName = byId.get(id).callFrame.functionName;
    const bucket = ['(garbage collector)', '(program)', '(idle)'].includes(functionName) ? functionName : area;
    total += us;
    areas.set(bucket, (areas.get(bucket) ?? 0) + us);
    const entry = functions.get(key) ?? { area, label, selfUs: 0, totalUs: 0 };
    entry.selfUs += us;
    functions.set(key, entry);
  }
  // Inclusive time: each sample counts once for every distinct function on its stack.
  for (let i = 0; i < profile.samples.length; i++) {
    const us = profile.timeDeltas[i] ?? 0;
    const onStack = new Set();
    for (let id = profile.samples[i]; id !== undefined; id = parentOf.get(id)) onStack.add(id);
    const counted = new Set();
    for (const id of onStack) {
      const { key, area, label } = keys.get(id);
      if (counted.has(key)) continue;
      counted.add(key);
      const entry = functions.get(key) ?? { area, label, selfUs: 0, totalUs: 0 };
      entry.totalUs += us;
      functions.set(key, entry);
    }
  }
  const ranked = [...functions.values()].filter((entry) => entry.label !== '(root)');
  const pick = (filter, field) =>
    ranked
      .filter(filter)
      .sort((a, b) => b[field] - a[field] || byCodePoint(a.label, b.label))
      .slice(0, top)
      .map((entry) => ({ area: entry.area, function: entry.label, selfMs: entry.selfUs / 1000, totalMs: entry.totalUs / 1000, selfPct: (100 * entry.selfUs) / total }));
  return {
    file: path.relative(ROOT, profileFile),
    totalMs: total / 1000,
    areas: [...areas.entries()].sort((a, b) => b[1] - a[1]).map(([area, us]) => ({ area, ms: us / 1000, pct: (100 * us) / total })),
    topSelf: pick(() => true, 'selfUs'),
    topEngineSelf: pick((entry) => entry.area === 'engine', 'selfUs'),
    topEngineTotal: pick((entry) => entry.area === 'engine' && !entry.label.startsWith('(anonymous)'), 'totalUs'),
  };
}

function summarizeMode(results) {
  const ms = results.map((result) => result.ms);
  const first = results[0];
  const medianMs = median(ms);
  return {
    files: first.files,
    lines: first.lines,
    runsMs: ms.map((value) => Math.round(value * 10) / 10),
    medianMs: Math.round(medianMs * 10) / 10,
    cpuRunsMs: results.map((result) => Math.round(result.cpuMs)),
    medianCpuMs: Math.round(median(results.map((result) => result.cpuMs))),
    filesPerSec: Math.round(first.files / (medianMs / 1000)),
    linesPerSec: Math.round(first.lines / (medianMs / 1000)),
    peakRssMb: Math.round((Math.max(...results.map((result) => result.maxRssKb)) / 1024) * 10) / 10,
    parseFailures: first.failed.length,
    failedFiles: first.failed.map((file) => toPosix(path.relative(ROOT, file))),
    threw: first.threw,
    findings: first.findings,
    findingsByRule: Object.fromEntries(Object.entries(first.findingsByRule).sort(([a], [b]) => byCodePoint(a, b))),
  };
}

function table(rows) {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => String(row[column]).length)));
  return rows.map((row) => row.map((cell, column) => (column === 0 ? String(cell).padEnd(widths[column]) : String(cell).padStart(widths[column]))).join('  ')).join('\n');
}

const formatNumber = (value) => Math.round(value).toLocaleString('en-US');

async function main() {
  const options = parseArgs(process.argv.slice(2));
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      cleanUp();
      process.stderr.write(`\nbench: interrupted\n`);
      process.exit(130);
    });
  }
  process.on('exit', cleanUp);

  const corpus = selectCorpus(options);
  if (options.list) {
    for (const entry of corpus.files) process.stdout.write(`${entry.rel}\n`);
    return;
  }
  if (corpus.files.length === 0) fail(`no eligible files under ${options.roots.join(', ')}`);
  checkBuild();
  const files = corpus.files.map((entry) => entry.file);
  const warmup = Math.min(options.warmup, files.length);
  progress(`corpus: ${corpus.files.length} files, ${formatNumber(corpus.lines)} lines, sha256 ${corpus.sha256.slice(0, 16)}`);
  if (corpus.files.length < options.files) progress(`note: only ${corpus.eligible} files qualify under ${options.roots.map((root) => path.relative(ROOT, root) || '.').join(', ')} (${options.files} requested); add --root to widen the corpus`);

  const results = { parse: [], scan: [] };
  for (let round = 0; round < options.runs; round++) {
    const order = round % 2 === 0 ? ['parse', 'scan'] : ['scan', 'parse'];
    for (const mode of order) {
      const result = await runChild({ mode, files, warmup });
      results[mode].push(result);
      progress(`run ${round + 1}/${options.runs} ${mode.padEnd(5)} ${result.ms.toFixed(0)} ms, peak RSS ${(result.maxRssKb / 1024).toFixed(0)} MB`);
    }
  }
  const parse = summarizeMode(results.parse);
  const scan = summarizeMode(results.scan);
  const ratio = scan.medianMs / parse.medianMs;
  const roundRatios = results.scan.map((result, i) => result.ms / results.parse[i].ms);
  const cpuRatio = scan.medianCpuMs / parse.medianCpuMs;

  let cli;
  if (options.cli) {
    progress('cli: copying the corpus and running bin/phi-lint.js --format json');
    cli = await runCli(corpus);
    cli.ratioToParse = cli.ms / parse.medianMs;
    progress(`cli: ${cli.ms.toFixed(0)} ms, exit ${cli.exitCode}`);
  }

  let profile;
  if (options.profile) {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    profile = {};
    for (const mode of ['parse', 'scan']) {
      const profileFile = path.join(ROOT, '.bench', `${mode}-${stamp}.cpuprofile`);
      progress(`profile: one more ${mode} pass under the inspector (${path.relative(ROOT, profileFile)})`);
      await runChild({ mode, files, warmup, profileFile });
      profile[mode] = summarizeProfile(profileFile, options.profile);
    }
  }

  const summary = {
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: os.cpus().length,
    corpus: {
      roots: options.roots.map((root) => toPosix(path.relative(ROOT, root)) || '.'),
      files: corpus.files.length,
      requested: corpus.requested,
      eligible: corpus.eligible,
      candidates: corpus.candidates,
      excluded: { declarations: corpus.declarations, over256KB: corpus.large, minified: corpus.minified },
      byExtension: corpus.byExtension,
      lines: corpus.lines,
      bytes: corpus.bytes,
      sha256: corpus.sha256,
    },
    runs: options.runs,
    warmupFiles: warmup,
    parse,
    scan,
    ratio: Math.round(ratio * 100) / 100,
    roundRatios: roundRatios.map((value) => Math.round(value * 100) / 100),
    cpuRatio: Math.round(cpuRatio * 100) / 100,
    ...(cli ? { cli: { ...cli, ms: Math.round(cli.ms), ratioToParse: Math.round(cli.ratioToParse * 100) / 100 } } : {}),
    ...(profile ? { profile } : {}),
  };
  if (parse.parseFailures !== scan.parseFailures) {
    progress(`warning: parse-only failed on ${parse.parseFailures} files but the scan on ${scan.parseFailures}; the two modes do not parse alike`);
  }

  if (options.json) {
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return;
  }

  const out = [];
  const c = summary.corpus;
  out.push(`phi-lint bench: node ${summary.node}, ${summary.platform}, ${summary.cpus} CPUs`);
  out.push(
    `corpus: ${c.files} files (${c.requested} requested, ${c.eligible} eligible of ${c.candidates} under ${c.roots.join(', ')}; excluded ${c.excluded.declarations} .d.ts, ${c.excluded.over256KB} over 256 KB, ${c.excluded.minified} minified)`,
  );
  out.push(`        ${formatNumber(c.lines)} lines, ${(c.bytes / 1024 / 1024).toFixed(1)} MB, ${Object.entries(c.byExtension).map(([ext, n]) => `${n} ${ext}`).join(', ')}`);
  out.push(`        list sha256 ${c.sha256}`);
  out.push(`runs: ${summary.runs} per mode, alternating, one child process each; ${warmup} warm-up files untimed; medians below (cpu ms: user+system, all threads)`);
  out.push('');
  out.push(
    table([
      ['mode', 'files', 'lines', 'median ms', 'files/s', 'lines/s', 'peak RSS MB', 'cpu ms'],
      ...[
        ['parse', parse],
        ['scan', scan],
      ].map(([name, mode]) => [name, mode.files, formatNumber(mode.lines), mode.medianMs.toFixed(0), formatNumber(mode.filesPerSec), formatNumber(mode.linesPerSec), mode.peakRssMb.toFixed(0), mode.medianCpuMs]),
    ]),
  );
  out.push('');
  out.push(`ratio scan/parse: ${ratio.toFixed(2)}   (per round: ${summary.roundRatios.map((value) => value.toFixed(2)).join(' ')})`);
  out.push(`ratio of CPU time (user+system of the child, less sensitive to other load): ${cpuRatio.toFixed(2)}`);
  out.push(`runs ms: parse ${parse.runsMs.map((v) => v.toFixed(0)).join(' ')} | scan ${scan.runsMs.map((v) => v.toFixed(0)).join(' ')}`);
  out.push(`cpu ms:  parse ${parse.cpuRunsMs.join(' ')} | scan ${scan.cpuRunsMs.join(' ')}`);
  out.push(`findings: ${scan.findings}${scan.findings ? ` (${Object.entries(scan.findingsByRule).map(([rule, n]) => `${rule} ${n}`).join(', ')})` : ''}`);
  out.push(`unparsed files: parse ${parse.parseFailures}, scan ${scan.parseFailures} (counted in both modes)`);
  for (const file of scan.failedFiles.slice(0, 10)) out.push(`  ${file}`);
  if (scan.failedFiles.length > 10) out.push(`  ... and ${scan.failedFiles.length - 10} more`);
  if (scan.threw.length > 0) {
    out.push(`lint threw on ${scan.threw.length} files:`);
    for (const line of scan.threw.slice(0, 10)) out.push(`  ${line}`);
  }
  if (cli) {
    out.push('');
    out.push(
      `cli end to end (one run, includes startup, server spawn and file IO): ${cli.ms.toFixed(0)} ms, ${cli.files} files, ${formatNumber(cli.files / (cli.ms / 1000))} files/s, ${cli.findings} findings, ${cli.parseFailures} unparsed, exit ${cli.exitCode}; ${cli.ratioToParse.toFixed(2)}x the parse median`,
    );
  }
  if (profile) {
    const areas = (summary) => summary.areas.slice(0, 8).map((area) => `${area.area} ${area.pct.toFixed(1)}%`).join(', ');
    const rows = (entries) =>
      table([['  function', 'self ms', 'self %', 'total ms'], ...entries.map((entry) => [`  ${entry.function}`, entry.selfMs.toFixed(0), entry.selfPct.toFixed(1), entry.totalMs.toFixed(0)])]);
    out.push('');
    out.push(`profiles of one more pass per mode (in .bench/; open in Chrome DevTools or VS Code), sampled time by area:`);
    out.push(`  parse ${profile.parse.totalMs.toFixed(0)} ms: ${areas(profile.parse)}`);
    out.push(`  scan  ${profile.scan.totalMs.toFixed(0)} ms: ${areas(profile.scan)}`);
    out.push('  scan, top self time in engine code (out/server/src):');
    out.push(rows(profile.scan.topEngineSelf));
    out.push('  scan, top inclusive time in engine code:');
    out.push(rows(profile.scan.topEngineTotal));
    out.push('  scan, top self time overall:');
    out.push(rows(profile.scan.topSelf));
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

if (process.argv[2] === '--worker') {
  runWorker();
} else {
  main().catch((error) => {
    cleanUp();
    process.stderr.write(`bench: ${error?.stack ?? error}\n`);
    process.exit(1);
  });
}
