/**
 * The engine's own vocabulary. Plain data, no dependencies: the LSP server, the CLI and SARIF
 * output convert from these at their edges.
 */

/** 0-based line and UTF-16 code-unit column, the convention of both TypeScript and LSP. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeveritySetting = Severity | 'off';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info', 'hint'];

/** Where a data type sits in the taxonomy: PHI within PII within personal data. */
export type DataGroup = 'phi' | 'pii' | 'personal';

export interface DataCategory {
  id: string;
  /** Reads after a data type's label: "a HIPAA identifier", "health information". */
  label: string;
  group: DataGroup;
}

export interface DataType {
  id: string;
  /** Human name: "Social Security number". */
  label: string;
  category: DataCategory;
}

export interface ComplianceReference {
  /** "HIPAA 164.312(b)", "CWE-532". */
  id: string;
  title: string;
  url?: string;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** Safe fixes run in fix-all (editor on save, CLI --fix); the rest are offered one by one. */
  safe: boolean;
}

/** A step on the way from where a value came from to the sink that receives it. */
export interface FlowStep {
  range: Range;
  message: string;
}

/** What an IaC finding judges: the check and the resource (a PHI store's posture follows from it). */
export interface IacSubject {
  check: string;
  /** The resource whose posture the finding concerns (a bucket, for its separate Terraform policy). */
  resource: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  range: Range;
  message: string;
  dataTypes: DataType[];
  /** Where the value came from, first step first. Empty when the sink's argument is the origin. */
  flow: FlowStep[];
  /** The call or API that receives the value (`logger.info`), when the rule knows one: hovers name it. */
  sink?: string;
  /** IaC: the check (rules/iac/<rule>.yaml) that found it and the resource it judges (audit report posture). */
  iac?: IacSubject;
  references: ComplianceReference[];
  fixes: Fix[];
}

export interface RuleMeta {
  id: string;
  /** One line, for rule lists and SARIF shortDescription. */
  description: string;
  defaultSeverity: Severity;
  category: 'logs' | 'meta' | 'parse' | 'storage' | 'crypto' | 'secrets' | 'schema' | 'infrastructure';
  languages: readonly string[];
  references: ComplianceReference[];
  /**
   * The equivalent checks of peer scanners, by tool (`checkov`, `trivy`, `cfn_nag`), so users can
   * map findings they know; SARIF rule properties carry them.
   */
  peers?: Record<string, string[]>;
  /** Whether any of the rule's fixes can be safe (for fix-all). */
  fixable: boolean;
  /**
   * The rule itself judges what a change adds, against the schema at the base
   * (phi-column-needs-purpose): `--changed-since` keeps its findings on unchanged lines too.
   */
  judgesChanges?: boolean;
}
