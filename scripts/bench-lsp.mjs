#!/usr/bin/env node
// Benchmarks the editor loop: how long after a textDocument/didChange the language server
// publishes the document's diagnostics, on generated TypeScript files of about 100, 1,000 and
// 5,000 lines, next to the time typescript-estree takes to parse the same text in the same run.
//
//   npm run bench:lsp [-- --edits N] [-- --sizes 100,1000,5000] [-- --json]
//
// The real bundled server (dist/server.js; run `npm run build` first) is started over stdio,
// as an editor would, in push mode with debounceMs 0, so the figure is the server's own work
// (the editor's default 200 ms debounce comes on top). Each edit is one incremental change that
// turns a logged `patient.id` into `patient.ssn` or back, so every edit changes the findings;
// the clock stops at the publishDiagnostics carrying the edit's version. The parse baseline runs
// in this process with the options server/src/parse/typescript.ts uses.
//
// The figure to quote is the ratio (latency / parse time): machines here are shared and noisy,
// and the ratio says what linting costs on top of the parse that any TypeScript tool pays.
//
// Options:
//   --edits N    timed edits per size (default 30), after 5 untimed warm-up edits
//   --sizes L    comma-separated target line counts (default 100,1000,5000)
//   --json       print a machine-readable summary instead of the table

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const SERVER = path.join(ROOT, 'dist', 'server.js');
const WARMUP_EDITS = 5;

function option(name, fallback) {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : fallback;
}

const EDITS = Number(option('--edits', '30'));
const SIZES = option('--sizes', '100,1000,5000')
  .split(',')
  .map(Number);
const JSON_OUTPUT = process.argv.includes('--json');

// ---------------------------------------------------------------------------------------------
// The generated file: a service module repeated block by block. Each block has types, a clean
// log line, a log line the edits toggle, a leak through a local, an analytics call and ordinary
// code, so the engine has its usual mix of work.

const HEADER = [
  "import { logger } from './logger';",
  "import { redact } from './redact';",
  '',
  'declare const analytics: { track(event: string, props: Record<string, unknown>): void };',
  '',
];

function block(index) {
  return [
    `export interface Patient${index} { id: string; ssn: string; dateOfBirth: string; diagnosis: string; visits: number }`,
    '',
    `export function admit${index}(patient: Patient${index}, total: number): number {`,
    `  logger.info('admitted', { id: patient.id, total });`,
    `  logger.info(\`toggle ${index} \${patient.id}\`);`,
    `  const dob = patient.dateOfBirth;`,
    `  logger.warn('age check', { dob: redact(dob) });`,
    `  analytics.track('admitted', { visits: patient.visits });`,
    `  let score = 0;`,
    `  for (let step = 0; step < total; step++) {`,
    `    score += step % 3 === 0 ? patient.visits : 1;`,
    `  }`,
    `  if (score > 100) {`,
    `    logger.error(\`high score for \${patient.ssn}\`);`,
    `  }`,
    `  return score;`,
    `}`,
    '',
  ];
}

function generate(targetLines) {
  const lines = [...HEADER];
  for (let index = 0; lines.length < targetLines; index++) lines.push(...block(index));
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// A minimal LSP client over stdio.

async function startServer(root) {
  const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-jsonrpc/node');
  const child = spawn(process.execPath, [SERVER, '--stdio'], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiters = [];
  connection.onNotification('textDocument/publishDiagnostics', (params) => {
    const at = performance.now();
    for (const waiter of [...waiters]) {
      if (waiter.matches(params)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve({ params, at });
      }
    }
  });
  connection.onRequest(() => null);
  connection.listen();
  const rootUri = pathToFileURL(root).toString();
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: 'bench' }],
    capabilities: {},
    initializationOptions: { diagnosticMode: 'push', settings: { debounceMs: 0, run: 'onType' } },
  });
  await connection.sendNotification('initialized', {});
  return {
    connection,
    published(matches) {
      return new Promise((resolve) => waiters.push({ matches, resolve }));
    },
    async close() {
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
      connection.dispose();
      child.kill();
    },
  };
}

// ---------------------------------------------------------------------------------------------

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function parseTimes(text, runs) {
  const { parse } = require('@typescript-eslint/typescript-estree');
  const options = { comment: true, range: true, loc: false, jsx: false, filePath: 'service.ts', errorOnUnknownASTType: false, suppressDeprecatedPropertyWarnings: true };
  for (let i = 0; i < WARMUP_EDITS; i++) parse(text, options);
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    parse(text, options);
    times.push(performance.now() - start);
  }
  return times;
}

async function measureSize(server, root, targetLines) {
  const text = generate(targetLines);
  const lines = text.split('\n');
  const file = path.join(root, `service-${targetLines}.ts`);
  fs.writeFileSync(file, text);
  const uri = pathToFileURL(file).toString();
  const opened = server.published((params) => params.uri === uri && params.version === 1);
  await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text } });
  const first = await opened;
  const baseFindings = first.params.diagnostics.length;

  // Toggle lines spread over the file: `patient.id` <-> `patient.ssn` in the "toggle" log calls.
  const toggles = lines.flatMap((line, index) => (line.includes('`toggle ') ? [index] : []));
  const current = new Map(toggles.map((line) => [line, 'id']));
  const latencies = [];
  let version = 1;
  let findingsChanged = 0;
  for (let edit = 0; edit < WARMUP_EDITS + EDITS; edit++) {
    const line = toggles[(edit * 7) % toggles.length];
    const from = current.get(line);
    const to = from === 'id' ? 'ssn' : 'id';
    const character = lines[line].indexOf(`\${patient.id}`) + '${patient.'.length;
    current.set(line, to);
    version++;
    const expectedVersion = version;
    const published = server.published((params) => params.uri === uri && params.version === expectedVersion);
    const start = performance.now();
    await server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line, character }, end: { line, character: character + from.length } }, text: to }],
    });
    const { params, at } = await published;
    if (edit >= WARMUP_EDITS) latencies.push(at - start);
    if (params.diagnostics.length !== baseFindings) findingsChanged++;
  }
  const parses = parseTimes(text, EDITS);
  return { targetLines, lines: lines.length, baseFindings, edits: EDITS, findingsChanged, latencies, parses };
}

function format(ms) {
  return ms < 10 ? ms.toFixed(2) : ms.toFixed(1);
}

async function main() {
  if (!fs.existsSync(SERVER)) {
    console.error('bench:lsp: dist/server.js is missing; run `npm run build` first');
    return 1;
  }
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'phi-lint-bench-lsp-'));
  fs.writeFileSync(path.join(root, '.phi-lint.yaml'), 'redaction:\n  module: ./redact\n');
  fs.writeFileSync(path.join(root, 'logger.ts'), 'export const logger = { info: (...a: unknown[]) => a, warn: (...a: unknown[]) => a, error: (...a: unknown[]) => a };\n');
  fs.writeFileSync(path.join(root, 'redact.ts'), "export function redact(value: unknown): string { return value === undefined ? '' : '[redacted]'; }\n");
  const server = await startServer(root);
  const results = [];
  try {
    for (const size of SIZES) results.push(await measureSize(server, root, size));
  } finally {
    await server.close();
    fs.rmSync(root, { recursive: true, force: true });
  }

  const rows = results.map((result) => {
    const latency50 = percentile(result.latencies, 50);
    const latency95 = percentile(result.latencies, 95);
    const parse50 = percentile(result.parses, 50);
    const parse95 = percentile(result.parses, 95);
    return { ...result, latency50, latency95, parse50, parse95, ratio50: latency50 / parse50, ratio95: latency95 / parse95 };
  });
  if (JSON_OUTPUT) {
    console.log(JSON.stringify(rows.map(({ latencies, parses, ...row }) => row), null, 2));
    return 0;
  }
  console.log(`phi-lint bench:lsp — didChange -> publishDiagnostics (push, debounceMs 0) vs typescript-estree parse, ${EDITS} edits per size, node ${process.version}, ${os.cpus().length} CPUs`);
  console.log('');
  console.log('| lines | findings | didChange→diagnostics p50 / p95 (ms) | parse p50 / p95 (ms) | ratio p50 / p95 |');
  console.log('|------:|---------:|-------------------------------------:|---------------------:|----------------:|');
  for (const row of rows) {
    console.log(
      `| ${row.lines} | ${row.baseFindings} | ${format(row.latency50)} / ${format(row.latency95)} | ${format(row.parse50)} / ${format(row.parse95)} | ${row.ratio50.toFixed(1)}× / ${row.ratio95.toFixed(1)}× |`,
    );
  }
  const stale = rows.filter((row) => row.findingsChanged === 0);
  if (stale.length > 0) {
    console.error(`bench:lsp: the findings never changed for ${stale.map((row) => row.lines).join(', ')} lines: the edits did not reach the linter`);
    return 1;
  }
  return 0;
}

process.exitCode = await main();
