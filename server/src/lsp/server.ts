import * as fs from 'fs';
import * as path from 'path';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  TextDocumentSyncKind,
  TextDocuments,
  type CancellationToken,
  type CodeAction,
  type CodeActionParams,
  type CompletionItem,
  type CompletionParams,
  type Hover,
  type HoverParams,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
  type WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { packageVersion } from '../catalog/packageRoot';
import { CONFIG_FILE_NAME } from '../config/config';
import { LineIndex } from '../core/lineIndex';
import type { Finding } from '../core/types';
import { formatProblem } from '../schema/yamlValidation';
import { fixAll, minimalEdit } from '../engine/fixAll';
import type { LintOutput } from '../engine/linter';
import type { Project } from '../engine/project';
import {
  ConfigStatusRequest,
  DEFAULT_SETTINGS,
  InventoryRequest,
  ReportControlsRequest,
  DIAGNOSTIC_SOURCE,
  FIX_ALL_KIND,
  ListFilesRequest,
  RulesRequest,
  ScanProgressNotification,
  ScanWorkspaceRequest,
  type ConfigStatusResult,
  type FileInventoryResult,
  type InventoryParams,
  type ReportControlsResult,
  type InitializationOptions,
  type ListFilesParams,
  type ListFilesResult,
  type PhiLintSettings,
  type RuleDescription,
  type ScanWorkspaceResult,
} from '../protocol';
import { ALL_RULES, RULES } from '../rules';
import { ruleDocsMarkdown, ruleDocsUrl } from '../rules/docs';
import { directiveCompletions } from './completion';
import { configProblemDiagnostic, pathToUri, toDiagnostic, uriToPath } from './convert';
import { hoverFor } from './hover';
import { ruleFixAllActions } from './ruleFixAll';
import type { RuleDocLinkStyle } from './ruleDocLinks';
import { fileInventory, reportControls } from './inventory';
import { ProjectRegistry } from './projects';

interface CachedLint {
  text: string;
  /** The commit the schema baseline was read from: a new commit makes the result stale. */
  baseCommit?: string;
  output: LintOutput;
}

/**
 * The language server: a thin adapter from LSP to the engine. Every handler is guarded so that
 * a failure answers empty and is logged, never taking the server down.
 */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const lintCache = new Map<string, CachedLint>();
  const pending = new Map<string, NodeJS.Timeout>();
  let projects = new ProjectRegistry();
  let settings: PhiLintSettings = { ...DEFAULT_SETTINGS };
  let mode: 'push' | 'pull' = 'push';
  let docLinks: RuleDocLinkStyle = 'web';
  let canPullConfiguration = false;
  let canRefreshDiagnostics = false;
  let canRegisterConfiguration = false;
  let canRegisterWatchers = false;
  const reportedConfigProblems = new Set<string>();

  const log = (message: string) => connection.console.log(`[phi-lint] ${message}`);
  const logError = (where: string, error: unknown) =>
    connection.console.error(`[phi-lint] ${where} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);

  function guarded<A extends unknown[], R>(where: string, fallback: R, handler: (...args: A) => R): (...args: A) => R {
    return (...args: A) => {
      try {
        const result = handler(...args);
        if (result instanceof Promise) {
          return result.catch((error: unknown) => {
            logError(where, error);
            return fallback;
          }) as R;
        }
        return result;
      } catch (error) {
        logError(where, error);
        return fallback;
      }
    };
  }

  connection.onInitialize(
    guarded('initialize', { capabilities: {} } as InitializeResult, (params: InitializeParams): InitializeResult => {
      const options = (params.initializationOptions ?? {}) as InitializationOptions;
      const capabilities = params.capabilities;
      const canPull = capabilities.textDocument?.diagnostic !== undefined;
      mode = options.diagnosticMode ?? (canPull ? 'pull' : 'push');
      docLinks = options.ruleDocLinks ?? 'web';
      canPullConfiguration = capabilities.workspace?.configuration === true;
      canRefreshDiagnostics = capabilities.workspace?.diagnostics?.refreshSupport === true;
      canRegisterConfiguration = capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
      canRegisterWatchers = capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
      settings = { ...DEFAULT_SETTINGS, ...options.settings };
      projects = new ProjectRegistry(options.configFile, options.schemaBase ?? 'HEAD');
      const roots = (params.workspaceFolders ?? []).map((folder) => uriToPath(folder.uri)).filter((root): root is string => root !== undefined);
      const rootUri = params.rootUri ? uriToPath(params.rootUri) : undefined;
      if (roots.length === 0 && rootUri) roots.push(rootUri);
      if (roots.length === 0 && params.rootPath) roots.push(params.rootPath);
      projects.setRoots(roots);
      return {
        capabilities: {
          textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
          codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND, CodeActionKind.SourceFixAll], resolveProvider: false },
          hoverProvider: true,
          // Space and comma: after `phi-lint-disable-next-line` and between rule ids.
          completionProvider: { triggerCharacters: [' ', ','], resolveProvider: false },
          ...(mode === 'pull' ? { diagnosticProvider: { identifier: DIAGNOSTIC_SOURCE, interFileDependencies: false, workspaceDiagnostics: true } } : {}),
          workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
        },
        serverInfo: { name: 'phi-lint-server', version: packageVersion() },
      };
    }),
  );

  connection.onInitialized(
    guarded('initialized', undefined, () => {
      if (canRegisterConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'phiLint' });
      if (canRegisterWatchers) {
        void connection.client.register(DidChangeWatchedFilesNotification.type, {
          watchers: [{ globPattern: `**/${CONFIG_FILE_NAME}` }, { globPattern: '**/.gitignore' }],
        });
      }
      if (canPullConfiguration) void refreshSettings();
      for (const project of projects.all()) announceConfigProblems(project);
      log(`started in ${mode} mode for ${projects.all().map((project) => project.root).join(', ') || 'no workspace folder'}`);
    }),
  );

  async function refreshSettings(): Promise<void> {
    if (!canPullConfiguration) return;
    const [section] = (await connection.workspace.getConfiguration([{ section: 'phiLint' }])) as (Partial<PhiLintSettings> | null)[];
    settings = { ...DEFAULT_SETTINGS, ...(section ?? {}) };
  }

  function announceConfigProblems(project: Project): void {
    for (const file of project.configFiles) {
      const problems = project.problems.filter((problem) => problem.file === file);
      if (mode === 'push') void connection.sendDiagnostics({ uri: pathToUri(file), diagnostics: problems.map(configProblemDiagnostic) });
      if (problems.length > 0 && !reportedConfigProblems.has(file)) {
        reportedConfigProblems.add(file);
        void connection.window.showErrorMessage(`phi-lint: ${formatProblem(problems[0])}. Using the defaults until it is fixed.`);
      }
      if (problems.length === 0) reportedConfigProblems.delete(file);
    }
  }

  /** Lints a document's text, reusing the last result for the same text. */
  function lintText(uri: string, filePath: string, text: string): LintOutput {
    const project = projects.forFile(filePath);
    const baseline = project.baselineFor(filePath);
    const cached = lintCache.get(uri);
    if (cached && cached.text === text && cached.baseCommit === baseline?.commit) return cached.output;
    const output = project.linterFor(filePath).lint(filePath, text, { baseline });
    lintCache.set(uri, { text, baseCommit: baseline?.commit, output });
    return output;
  }

  /** Findings for a URI as a client should see them: none for ignored files or when disabled. */
  function findingsFor(uri: string, text?: string): Finding[] {
    const filePath = uriToPath(uri);
    if (!filePath || !settings.enable) return [];
    const project = projects.forFile(filePath);
    if (project.isIgnored(filePath)) return [];
    const content = text ?? documents.get(uri)?.getText() ?? readFile(filePath);
    if (content === undefined) return [];
    return lintText(uri, filePath, content).findings;
  }

  function diagnosticsFor(uri: string, text?: string): Diagnostic[] {
    const filePath = uriToPath(uri);
    if (filePath && path.basename(filePath) === CONFIG_FILE_NAME) {
      const problems = projects.forFile(filePath).problems.filter((problem) => problem.file === filePath);
      return problems.map(configProblemDiagnostic);
    }
    return findingsFor(uri, text).map((finding) => toDiagnostic(finding, uri, docLinks));
  }

  function publish(document: TextDocument): void {
    if (mode !== 'push') return;
    const diagnostics = diagnosticsFor(document.uri, document.getText());
    void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
  }

  function schedule(document: TextDocument, delay: number): void {
    clearTimeout(pending.get(document.uri));
    pending.set(
      document.uri,
      setTimeout(
        guarded('lint', undefined, () => {
          pending.delete(document.uri);
          const current = documents.get(document.uri);
          if (current) publish(current);
        }),
        delay,
      ),
    );
  }

  function relintOpenDocuments(): void {
    lintCache.clear();
    if (mode === 'push') for (const document of documents.all()) schedule(document, 0);
    else if (canRefreshDiagnostics) void connection.languages.diagnostics.refresh();
  }

  documents.onDidOpen(guarded('didOpen', undefined, (event) => schedule(event.document, 0)));
  documents.onDidChangeContent(
    guarded('didChange', undefined, (event) => {
      if (settings.run === 'onType') schedule(event.document, settings.debounceMs);
    }),
  );
  documents.onDidSave(guarded('didSave', undefined, (event) => schedule(event.document, 0)));
  documents.onDidClose(
    guarded('didClose', undefined, (event) => {
      clearTimeout(pending.get(event.document.uri));
      pending.delete(event.document.uri);
      lintCache.delete(event.document.uri);
      if (mode === 'push') void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
    }),
  );

  connection.languages.diagnostics.on(
    guarded('textDocument/diagnostic', { kind: DocumentDiagnosticReportKind.Full, items: [] }, (params) => ({
      kind: DocumentDiagnosticReportKind.Full,
      items: diagnosticsFor(params.textDocument.uri),
    })),
  );

  connection.languages.diagnostics.onWorkspace(
    guarded('workspace/diagnostic', Promise.resolve({ items: [] as WorkspaceDocumentDiagnosticReport[] }), async (_params, token) => {
      const items: WorkspaceDocumentDiagnosticReport[] = [];
      await forEachWorkspaceFile(token, (uri) => {
        items.push({ uri, version: documents.get(uri)?.version ?? null, kind: DocumentDiagnosticReportKind.Full, items: diagnosticsFor(uri) });
      });
      return { items };
    }),
  );

  /** Visits every lintable file of every project, yielding between files so cancellation lands. */
  async function forEachWorkspaceFile(token: CancellationToken, visit: (uri: string, index: number, total: number) => void): Promise<boolean> {
    const files = projects.all().flatMap((project) => project.listFiles([]).files);
    for (let index = 0; index < files.length; index++) {
      if (token.isCancellationRequested) return false;
      visit(pathToUri(files[index]), index, files.length);
      if (index % 8 === 7) await new Promise((resolve) => setImmediate(resolve));
    }
    return true;
  }

  connection.onCodeAction(guarded('codeAction', [] as CodeAction[], (params: CodeActionParams) => codeActions(params)));

  // From the lint cache: the document's current text was linted when its diagnostics were
  // published, so a hover only looks the findings up (it lints only text not yet linted).
  connection.onHover(
    guarded('hover', null as Hover | null, (params: HoverParams) => hoverFor(findingsFor(params.textDocument.uri), params.position, docLinks) ?? null),
  );

  connection.onCompletion(
    guarded('completion', [] as CompletionItem[], (params: CompletionParams): CompletionItem[] => {
      const document = documents.get(params.textDocument.uri);
      if (!document) return [];
      const lineBeforeCursor = document.getText({ start: { line: params.position.line, character: 0 }, end: params.position });
      const flaggedOn = (line: number) => new Set(findingsFor(document.uri).filter((finding) => finding.range.start.line === line).map((finding) => finding.ruleId));
      return directiveCompletions(lineBeforeCursor, params.position, RULES.map((rule) => rule.meta), flaggedOn);
    }),
  );

  function codeActions(params: CodeActionParams): CodeAction[] {
    const uri = params.textDocument.uri;
    const document = documents.get(uri);
    const filePath = uriToPath(uri);
    const text = document?.getText() ?? (filePath ? readFile(filePath) : undefined);
    if (!filePath || text === undefined) return [];
    const only = params.context.only;
    const wants = (kind: string) => !only || only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
    const actions: CodeAction[] = [];
    if (wants(CodeActionKind.QuickFix)) {
      const findings = findingsFor(uri, text);
      for (const diagnostic of params.context.diagnostics) {
        if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
        const finding = findings.find((candidate) => candidate.ruleId === diagnostic.code && sameRange(candidate.range, diagnostic.range));
        finding?.fixes.forEach((fix) => {
          actions.push({
            title: fix.title,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            // The first safe fix is the one "auto fix" may apply unseen; suppressions never are.
            isPreferred: fix === finding.fixes.find((candidate) => candidate.safe),
            edit: { changes: { [uri]: fix.edits } },
          });
        });
      }
      const project = projects.forFile(filePath);
      const contextRules = params.context.diagnostics.filter((diagnostic) => diagnostic.source === DIAGNOSTIC_SOURCE).map((diagnostic) => String(diagnostic.code));
      if (contextRules.length > 0 && settings.enable && !project.isIgnored(filePath)) {
        actions.push(...ruleFixAllActions(project.linterFor(filePath), filePath, uri, text, findings, contextRules));
      }
    }
    if (only && (wants(FIX_ALL_KIND) || only.includes(CodeActionKind.SourceFixAll)) && settings.enable) {
      const project = projects.forFile(filePath);
      if (!project.isIgnored(filePath)) {
        const result = fixAll(project.linterFor(filePath), filePath, text);
        const edit = minimalEdit(text, result.text);
        if (edit) {
          const lines = new LineIndex(text);
          actions.push({
            title: `Fix all safe phi-lint findings (${result.applied})`,
            kind: FIX_ALL_KIND,
            edit: { changes: { [uri]: [{ range: lines.range(edit.start, edit.end), newText: edit.newText }] } },
          });
        }
      }
    }
    return actions;
  }

  connection.onDidChangeConfiguration(
    guarded('didChangeConfiguration', Promise.resolve(), async (change) => {
      if (canPullConfiguration) await refreshSettings();
      else if (change.settings?.phiLint) settings = { ...DEFAULT_SETTINGS, ...(change.settings.phiLint as Partial<PhiLintSettings>) };
      relintOpenDocuments();
      if (!settings.enable && mode === 'push') for (const document of documents.all()) void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
    }),
  );

  connection.onDidChangeWatchedFiles(
    guarded('didChangeWatchedFiles', undefined, (params) => {
      const relevant = params.changes.some((change) => /(\.phi-lint\.yaml|\.gitignore)$/.test(change.uri));
      if (!relevant) return;
      projects.reloadAll();
      for (const project of projects.all()) announceConfigProblems(project);
      relintOpenDocuments();
      log('configuration reloaded');
    }),
  );

  connection.onNotification('workspace/didChangeWorkspaceFolders', guarded('didChangeWorkspaceFolders', undefined, (params: { event: { added: { uri: string }[]; removed: { uri: string }[] } }) => {
    for (const removed of params.event.removed) {
      const root = uriToPath(removed.uri);
      if (root) projects.removeRoot(root);
    }
    projects.setRoots(params.event.added.map((folder) => uriToPath(folder.uri)).filter((root): root is string => root !== undefined));
  }));

  connection.onRequest(
    ListFilesRequest,
    guarded('listFiles', { files: [], skipped: [], missing: [] } as ListFilesResult, (params: ListFilesParams): ListFilesResult => {
      const result: ListFilesResult = { files: [], skipped: [], missing: [] };
      const roots = projects.all();
      const byProject = new Map<Project, string[]>();
      for (const given of params.paths) {
        const project = roots.find((candidate) => candidate.contains(given)) ?? projects.forFile(path.join(given, 'file'));
        byProject.set(project, [...(byProject.get(project) ?? []), given]);
      }
      if (params.paths.length === 0) for (const project of roots) byProject.set(project, []);
      for (const [project, paths] of byProject) {
        const listed = project.listFiles(paths);
        result.files.push(...listed.files);
        result.skipped.push(...listed.skipped);
        result.missing.push(...listed.missing);
      }
      return result;
    }),
  );

  connection.onRequest(
    ConfigStatusRequest,
    guarded('configStatus', { ok: true, problems: [] } as ConfigStatusResult, (): ConfigStatusResult => {
      const problems = projects.all().flatMap((project) => project.problems.map((problem) => ({ ...problem, character: problem.column })));
      return { ok: problems.length === 0, configFile: projects.all()[0]?.configFiles[0], problems };
    }),
  );

  connection.onRequest(
    RulesRequest,
    guarded('rules', [] as RuleDescription[], (): RuleDescription[] => {
      const linter = projects.all()[0]?.linter;
      return ALL_RULES.map(({ meta }) => ({
        id: meta.id,
        description: meta.description,
        defaultSeverity: meta.defaultSeverity,
        severity: linter ? linter.severityOf(meta.id) : meta.defaultSeverity,
        category: meta.category,
        docsUrl: ruleDocsUrl(meta.id),
        help: ruleDocsMarkdown(meta.id),
        references: linter ? linter.referencesOf(meta) : meta.references,
        fixable: meta.fixable,
        judgesChanges: meta.judgesChanges === true,
        ...(meta.peers && Object.keys(meta.peers).length > 0 ? { peers: meta.peers } : {}),
      }));
    }),
  );

  // The audit report's inventory of a document, from the same (cached) lint as its diagnostics.
  connection.onRequest(
    InventoryRequest,
    guarded('inventory', null as FileInventoryResult | null, (params: InventoryParams): FileInventoryResult | null => {
      const uri = params.textDocument.uri;
      const filePath = uriToPath(uri);
      if (!filePath || !settings.enable) return null;
      const project = projects.forFile(filePath);
      if (project.isIgnored(filePath)) return null;
      const text = documents.get(uri)?.getText() ?? readFile(filePath);
      if (text === undefined) return null;
      return fileInventory(project.linterFor(filePath), filePath, text, lintText(uri, filePath, text));
    }),
  );

  connection.onRequest(
    ReportControlsRequest,
    guarded('reportControls', null as ReportControlsResult | null, (): ReportControlsResult | null => {
      const linter = projects.all()[0]?.linter;
      return linter ? reportControls(linter) : null;
    }),
  );

  connection.onRequest(
    ScanWorkspaceRequest,
    guarded('scanWorkspace', Promise.resolve<ScanWorkspaceResult>({ files: 0, findings: 0, cancelled: false }), async (_params: unknown, token: CancellationToken): Promise<ScanWorkspaceResult> => {
      let files = 0;
      let findings = 0;
      const completed = await forEachWorkspaceFile(token, (uri, index, total) => {
        const diagnostics = diagnosticsFor(uri);
        files++;
        findings += diagnostics.length;
        // Open documents are already published with their live text.
        if (mode === 'push' && !documents.get(uri)) void connection.sendDiagnostics({ uri, diagnostics });
        if (index % 20 === 0 || index === total - 1) void connection.sendNotification(ScanProgressNotification, { scanned: index + 1, total });
      });
      return { files, findings, cancelled: !completed };
    }),
  );

  documents.listen(connection);
  connection.listen();
}

function sameRange(a: { start: { line: number; character: number }; end: { line: number; character: number } }, b: typeof a): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

function readFile(filePath: string): string | undefined {
  try {
    return fs.readFileSync(filePath, 'utf8');
  } catch {
    return undefined;
  }
}
