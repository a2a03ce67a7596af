/**
 * The small contract the VS Code client, the CLI and the server share: custom request names,
 * initialization options and settings. Leaf module: it imports nothing, so the client can use it
 * without pulling server code into its bundle.
 */

/** Editor-only behaviour. Everything that changes findings lives in .phi-lint.yaml instead. */
export interface PhiLintSettings {
  enable: boolean;
  /** Lint as the user types, or only when a document is saved. */
  run: 'onType' | 'onSave';
  /** Delay after the last keystroke before an open document is linted again. */
  debounceMs: number;
}

export const DEFAULT_SETTINGS: PhiLintSettings = { enable: true, run: 'onType', debounceMs: 200 };

export interface InitializationOptions {
  /**
   * 'push' publishes diagnostics for open documents (the VS Code client asks for it, as
   * vscode-eslint does, so pulled and pushed results never show twice); 'pull' answers
   * textDocument/diagnostic only. Default: pull when the client can pull, else push.
   */
  diagnosticMode?: 'push' | 'pull';
  /** A config file to use instead of looking for .phi-lint.yaml (the CLI's --config). */
  configFile?: string;
  /** Settings for clients that do not answer workspace/configuration (the CLI). */
  settings?: Partial<PhiLintSettings>;
  /**
   * What schema changes are judged against (phi-column-needs-purpose): 'HEAD' (the default, so an
   * editor flags a new column as it is typed), a git ref (the CLI's --changed-since), or 'none'
   * (a full scan: every column counts).
   */
  schemaBase?: 'none' | 'HEAD' | { ref: string };
}

/** Lists the files under the given paths that phi-lint would lint, after ignore rules. */
export const ListFilesRequest = 'phiLint/listFiles';
export interface ListFilesParams {
  /** Absolute file or folder paths; empty means the workspace root. */
  paths: string[];
}
export interface ListFilesResult {
  files: string[];
  /** Paths that were given explicitly but are ignored or not supported, with the reason. */
  skipped: { path: string; reason: string }[];
  /** Paths that do not exist. */
  missing: string[];
}

/** The state of the configuration: the CLI stops with exit code 2 when it is not ok. */
export const ConfigStatusRequest = 'phiLint/configStatus';
export interface ConfigProblem {
  file: string;
  /** Dotted path of the offending key, as written in the file: "rules.no-phi-in-logs". */
  key: string;
  message: string;
  line?: number;
  character?: number;
}
export interface ConfigStatusResult {
  ok: boolean;
  configFile?: string;
  problems: ConfigProblem[];
}

/** Lints every file of the workspace, publishing diagnostics as it goes; cancellable. */
export const ScanWorkspaceRequest = 'phiLint/scanWorkspace';
export interface ScanWorkspaceResult {
  files: number;
  findings: number;
  cancelled: boolean;
}
export const ScanProgressNotification = 'phiLint/scanProgress';
export interface ScanProgressParams {
  scanned: number;
  total: number;
}

/** Describes the registered rules: the CLI builds SARIF rule metadata from it. */
export const RulesRequest = 'phiLint/rules';
export interface RuleDescription {
  id: string;
  description: string;
  defaultSeverity: string;
  /** The severity in force under the current configuration, or 'off'. */
  severity: string;
  category: string;
  docsUrl: string;
  /** The rule's markdown doc, when the server has it. */
  help?: string;
  references: { id: string; title: string; url?: string }[];
  fixable: boolean;
  /** The rule judges what a change adds itself: the CLI's changed-lines filter does not apply to it. */
  judgesChanges?: boolean;
  /** Equivalent checks of peer scanners by tool (`checkov`, `trivy`, `cfn_nag`), for IaC rules. */
  peers?: Record<string, string[]>;
}

/** Extra detail carried in Diagnostic.data for clients that want more than the message. */
export interface DiagnosticData {
  ruleId: string;
  dataTypes: { id: string; label: string; category: string; group: string }[];
  references: { id: string; title: string; url?: string }[];
  /** Titles of the fixes on offer; the edits come from code actions. */
  fixes: { title: string; safe: boolean }[];
}

export const DIAGNOSTIC_SOURCE = 'phi-lint';
export const FIX_ALL_KIND = 'source.fixAll.phiLint';
