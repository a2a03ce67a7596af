import * as fs from 'fs';
import * as path from 'path';
import type { CodeAction, Diagnostic, DocumentDiagnosticReport, TextEdit } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import { packageVersion } from '../catalog/packageRoot';
import { applyEdits } from '../core/lineIndex';
import {
  ConfigStatusRequest,
  FIX_ALL_KIND,
  InventoryRequest,
  ListFilesRequest,
  ReportControlsRequest,
  RulesRequest,
  type ConfigStatusResult,
  type FileInventoryResult,
  type ReportControlsResult,
  type ListFilesResult,
  type RuleDescription,
} from '../protocol';
import { parseArgs, USAGE, type CliOptions } from './args';
import { writeAuditReport } from './auditReport/write';
import { writeFileAtomic, languageIdOf } from './files';
import { formatJson } from './formatJson';
import { formatSarif } from './formatSarif';
import { formatText } from './formatText';
import { changedLinesSince, GitError, repositoryRoot, resolveCommit, stagedContent, stagedFiles, type ChangedLines } from './git';
import { severityName, totals, type FileReport, type RunReport } from './report';
import { ResultCache } from './cache';
import { ServerConnection } from './serverConnection';

/** Exit codes: the contract hooks and CI rely on. */
export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

class UsageError extends Error {}

/** How many files are in flight to the server at once: enough to keep it busy between replies. */
const PIPELINE_DEPTH = 16;

export async function run(argv: readonly string[]): Promise<number> {
  const parsed = parseArgs(argv, process.stdout.isTTY === true);
  switch (parsed.kind) {
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return EXIT_CLEAN;
    case 'version':
      process.stdout.write(`${packageVersion()}\n`);
      return EXIT_CLEAN;
    case 'error':
      process.stderr.write(`phi-lint: ${parsed.message}\nRun phi-lint --help for usage.\n`);
      return EXIT_ERROR;
  }
  const options = parsed.options;
  let server: ServerConnection | undefined;
  try {
    const cwd = process.cwd();
    const root = repositoryRoot(cwd) ?? cwd;
    const configFile = options.config ? path.resolve(cwd, options.config) : undefined;
    if (configFile && !fs.existsSync(configFile)) throw new UsageError(`--config: no such file: ${options.config}`);
    const selection = selectChanges(root, options);
    // New schema columns are judged against the commit the run compares with; a full scan has no base.
    const schemaBase = options.changedSince ? { ref: options.changedSince } : options.staged ? 'HEAD' : 'none';
    server = await ServerConnection.start(root, { configFile, settings: { enable: true }, schemaBase });
    const files = await listFiles(server, cwd, options, selection);
    const status = await server.request<ConfigStatusResult>(ConfigStatusRequest, {});
    if (!status.ok) {
      for (const problem of status.problems) {
        const where = problem.line ? `${path.relative(cwd, problem.file)}:${problem.line}:${problem.character ?? 1}` : path.relative(cwd, problem.file);
        process.stderr.write(`phi-lint: ${where}: ${problem.key ? `${problem.key}: ` : ''}${problem.message}\n`);
      }
      return EXIT_ERROR;
    }
    const cache = options.cache && !options.fix ? new ResultCache(path.resolve(cwd, options.cacheLocation), packageVersion(), runKey(root, options, configFile), root) : undefined;
    const reports = await lintAll(server, files, options, root, cache);
    cache?.save();
    const rules = await server.request<RuleDescription[]>(RulesRequest, {});
    const judgesChanges = new Set(rules.filter((rule) => rule.judgesChanges).map((rule) => rule.id));
    const filtered = reports.map((report) => ({ ...report, diagnostics: keepReported(report, options, selection, judgesChanges) }));
    const runReport: RunReport = { root, cwd, version: packageVersion(), files: filtered, rules };
    if (options.command === 'report') {
      const controls = await server.request<ReportControlsResult | null>(ReportControlsRequest, {});
      if (!controls) throw new Error('phi-lint-server could not read rules/controls.yaml');
      writeAuditReport(runReport, controls, options);
      announceParseFailures(filtered, cwd);
      // Written is success: the report is evidence, whatever it found.
      return EXIT_CLEAN;
    }
    writeReport(runReport, options);
    announceParseFailures(filtered, cwd);
    return exitCodeFor(filtered, options);
  } catch (error) {
    const message = error instanceof UsageError || error instanceof GitError ? error.message : `internal error: ${(error as Error).stack ?? String(error)}`;
    process.stderr.write(`phi-lint: ${message}\n`);
    return EXIT_ERROR;
  } finally {
    clearProgress();
    await server?.stop();
  }
}

interface ChangeSelection {
  /** Files to lint from git, or undefined to take the paths as given. */
  files?: string[];
  changedLines?: ChangedLines;
}

function selectChanges(root: string, options: CliOptions): ChangeSelection {
  if (options.staged) {
    if (!repositoryRoot(root)) throw new UsageError('--staged needs a git repository');
    return { files: stagedFiles(root) };
  }
  if (options.changedSince) {
    if (!repositoryRoot(root)) throw new UsageError('--changed-since needs a git repository');
    const changedLines = changedLinesSince(root, options.changedSince);
    return { files: [...changedLines.keys()], changedLines };
  }
  return {};
}

async function listFiles(server: ServerConnection, cwd: string, options: CliOptions, selection: ChangeSelection): Promise<string[]> {
  const given = options.paths.map((item) => path.resolve(cwd, item));
  const missing = given.filter((item) => !fs.existsSync(item));
  if (missing.length > 0) throw new UsageError(`no such file or folder: ${missing.map((item) => path.relative(cwd, item) || item).join(', ')}`);
  if (selection.files) {
    const inScope = selection.files.filter((file) => given.length === 0 || given.some((base) => file === base || file.startsWith(`${base}${path.sep}`)));
    if (inScope.length === 0) return [];
    const present = inScope.filter((file) => options.staged || fs.existsSync(file));
    const listed = await server.request<ListFilesResult>(ListFilesRequest, { paths: present });
    // Staged files deleted from the working tree still have staged content to check.
    return [...listed.files, ...(options.staged ? listed.missing.map((file) => path.resolve(file)) : [])].sort();
  }
  const listed = await server.request<ListFilesResult>(ListFilesRequest, { paths: given.length > 0 ? given : [cwd] });
  const explicit = listed.skipped.filter((entry) => given.includes(path.resolve(entry.path)) && !fs.statSync(entry.path).isDirectory());
  if (explicit.length > 0 && !options.quiet) {
    process.stderr.write(`phi-lint: skipped ${explicit.length} file${explicit.length === 1 ? '' : 's'} (${[...new Set(explicit.map((entry) => entry.reason))].join('; ')})\n`);
  }
  return listed.files;
}

async function lintAll(server: ServerConnection, files: string[], options: CliOptions, root: string, cache: ResultCache | undefined): Promise<FileReport[]> {
  const reports: FileReport[] = new Array(files.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < files.length) {
      const index = next++;
      const file = files[index];
      const text = options.staged ? stagedContent(root, file) : fs.readFileSync(file, 'utf8');
      const key = cache?.keyFor(file, text);
      const cached = key ? cache!.get(file, key) : undefined;
      reports[index] = cached ? { path: file, diagnostics: cached, fixesApplied: 0, text } : await lintOne(server, file, text, options);
      if (key && !cached) cache!.set(file, key, reports[index].diagnostics);
      done++;
      showProgress(done, files.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PIPELINE_DEPTH, files.length) }, worker));
  return reports;
}

/** What besides a file's content its findings depend on in this run: the base a change is judged against, the config given. */
function runKey(root: string, options: CliOptions, configFile: string | undefined): string {
  const base = options.changedSince ?? (options.staged ? 'HEAD' : undefined);
  const baseCommit = base ? (resolveCommit(root, base) ?? base) : '';
  return JSON.stringify({ base, baseCommit, configFile: configFile ?? null });
}

async function lintOne(server: ServerConnection, file: string, original: string, options: CliOptions): Promise<FileReport> {
  const uri = URI.file(file).toString();
  server.notify('textDocument/didOpen', { textDocument: { uri, languageId: languageIdOf(file), version: 1, text: original } });
  try {
    let text = original;
    let fixesApplied = 0;
    if (options.fix) {
      const actions = await server.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [], only: [FIX_ALL_KIND] },
      });
      const fixAll = actions.find((action) => action.kind === FIX_ALL_KIND);
      const edits: TextEdit[] = fixAll?.edit?.changes?.[uri] ?? [];
      if (edits.length > 0) {
        text = applyEdits(original, edits).text;
        fixesApplied = Number(/\((\d+)\)$/.exec(fixAll!.title)?.[1] ?? edits.length);
        // The edits were computed on `original`; a file changed since must not be overwritten.
        if (fs.readFileSync(file, 'utf8') !== original) throw new UsageError(`${file} changed while phi-lint was fixing it; run again`);
        writeFileAtomic(file, text);
        server.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text }] });
      }
    }
    const report = await server.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } });
    const diagnostics = report.kind === 'full' ? report.items : [];
    // The audit report's inventory, asked while the document is open: from the same lint.
    const inventory = options.command === 'report' ? await server.request<FileInventoryResult | null>(InventoryRequest, { textDocument: { uri } }) : null;
    return { path: file, diagnostics, fixesApplied, text, ...(inventory ? { inventory } : {}) };
  } finally {
    server.notify('textDocument/didClose', { textDocument: { uri } });
  }
}

/**
 * --changed-since keeps findings on changed lines; a parse error always stays (nothing was
 * checked), and so do the findings of rules that judge what the change added themselves (against
 * the same base: a decorator added above an unchanged property makes a new column).
 */
function keepReported(report: FileReport, options: CliOptions, selection: ChangeSelection, judgesChanges: ReadonlySet<string>): Diagnostic[] {
  let diagnostics = report.diagnostics;
  const changed = selection.changedLines?.get(report.path);
  if (selection.changedLines && changed !== 'all') {
    diagnostics = diagnostics.filter(
      (diagnostic) => diagnostic.code === 'parse-error' || judgesChanges.has(String(diagnostic.code)) || (changed?.has(diagnostic.range.start.line) ?? false),
    );
  }
  if (options.quiet) diagnostics = diagnostics.filter((diagnostic) => severityName(diagnostic) === 'error');
  return diagnostics;
}

function writeReport(report: RunReport, options: CliOptions): void {
  const text =
    options.format === 'json' ? formatJson(report) : options.format === 'sarif' ? formatSarif(report) : formatText(report, options.color && !options.output);
  if (options.output) {
    fs.mkdirSync(path.dirname(path.resolve(options.output)), { recursive: true });
    writeFileAtomic(path.resolve(options.output), text);
    if (options.format !== 'text') process.stderr.write(`phi-lint: wrote ${options.output}\n`);
  } else {
    process.stdout.write(text);
  }
}

/** Said on stderr too, so that a machine-readable report on stdout never hides an unchecked file. */
function announceParseFailures(files: readonly FileReport[], cwd: string): void {
  const failed = files.filter((file) => file.diagnostics.some((diagnostic) => diagnostic.code === 'parse-error'));
  for (const file of failed) {
    const diagnostic = file.diagnostics.find((candidate) => candidate.code === 'parse-error')!;
    process.stderr.write(`phi-lint: could not parse ${path.relative(cwd, file.path)}:${diagnostic.range.start.line + 1}:${diagnostic.range.start.character + 1}; it was not checked\n`);
  }
}

function exitCodeFor(files: readonly FileReport[], options: CliOptions): number {
  const sum = totals(files);
  if (sum.errors > 0) return EXIT_FINDINGS;
  if (sum.warnings > (options.maxWarnings ?? 0)) return EXIT_FINDINGS;
  return EXIT_CLEAN;
}

let progressShown = false;

function showProgress(done: number, total: number): void {
  if (!process.stderr.isTTY || total < 2) return;
  process.stderr.write(`\rphi-lint: ${done}/${total} files`);
  progressShown = true;
}

function clearProgress(): void {
  if (progressShown) process.stderr.write('\r\x1b[K');
  progressShown = false;
}
