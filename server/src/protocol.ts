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
  /**
   * How diagnostics and hovers link to a rule's doc: 'web' (the default) links the published
   * page; 'command' links `command:phiLint.showRuleDoc`, which the VS Code client answers by
   * rendering the doc shipped inside the extension, so the link works offline.
   */
  ruleDocLinks?: 'web' | 'command';
}

/** The client command that renders a rule's bundled doc: arguments `[ruleId]`. */
export const SHOW_RULE_DOC_COMMAND = 'phiLint.showRuleDoc';

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
  /** The call or API that receives the value (`logger.info`), when the rule knows one: the audit report's data-flow map. */
  sink?: string;
}

export const DIAGNOSTIC_SOURCE = 'phi-lint';
export const FIX_ALL_KIND = 'source.fixAll.phiLint';

/**
 * The audit report's inventory of one open document (`phi-lint report`): what it declares about
 * personal data, read from the same lint as its diagnostics. 0-based LSP positions.
 */
export const InventoryRequest = 'phiLint/inventory';
export interface InventoryParams {
  textDocument: { uri: string };
}
export interface InventoryRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}
export interface InventoryDataType {
  id: string;
  label: string;
  category: string;
  group: string;
}
export interface FileInventoryResult {
  /** Interfaces, type aliases and classes whose fields hold personal data. */
  types: { name: string; range: InventoryRange; fields: { name: string; dataType: InventoryDataType }[] }[];
  /** Schema columns that hold personal data, with their `phi-purpose:` when stated. */
  columns: { table: string; name: string; dataType: InventoryDataType; purpose: { state: 'stated' | 'placeholder' | 'empty' | 'missing'; text?: string }; range: InventoryRange }[];
  /** IaC resources that hold PHI, with the posture aspects some check judges for their type. */
  stores: { name: string; type: string; format: string; reason?: string; range: InventoryRange; scope: string; checkedAspects: string[] }[];
  /** IaC findings, kept and suppressed, by the resource they judge. */
  storeFindings: { scope: string; resource: string; check: string; ruleId: string; aspects: string[]; range: InventoryRange; suppressed: boolean }[];
  /** Findings a phi-lint-disable directive covers: documented exceptions, with their reason. */
  exceptions: {
    ruleId: string;
    severity: string;
    message: string;
    range: InventoryRange;
    dataTypes: InventoryDataType[];
    references: { id: string; title: string; url?: string }[];
    sink?: string;
    reason?: string;
    directiveRange: InventoryRange;
  }[];
}

/** What the audit report is organised by (rules/controls.yaml), with the references' titles. */
export const ReportControlsRequest = 'phiLint/reportControls';
export interface ReportControlsResult {
  controls: { id: string; name: string; title: string; url?: string }[];
  sinks: { rule: string; label: string; thirdParty: boolean }[];
  posture: { aspect: string; label: string }[];
}
