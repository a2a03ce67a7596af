import * as path from 'path';

/**
 * Inline expectations in fixture files and rule-doc examples, written in comments of the file's
 * language:
 *
 *   logger.info(patient.ssn); // expect: no-phi-in-logs
 *   // expect: no-phi-in-logs x2
 *   logger.info(`${patient.firstName} ${patient.lastName}`);
 *   logger.info(patient.id); // ok: no-phi-in-logs
 *
 * A marker on a line with code is about that line; a marker on a line holding only a comment is
 * about the next line (stacked marker-only lines are all about the first line after them). `expect: <rule>` means a finding of that rule starts on the line (repeat
 * the marker or add `xN` for several); `ok: <rule>` means a finding of that rule there is wrong.
 */

export type MarkerKind = 'expect' | 'ok';

export interface Marker {
  kind: MarkerKind;
  ruleId: string;
  /** 0-based line the marker is about (where the finding starts). */
  line: number;
  /** 0-based line the marker is written on. */
  writtenOn: number;
}

export interface Expectations {
  /** One entry per expected finding (a marker with `x3` gives three). */
  expected: Marker[];
  ok: Marker[];
  /** Markers that could not be read, for the harness to fail on. */
  problems: string[];
}

/** Comment leaders per file extension; unknown extensions get the C-like and hash leaders. */
const COMMENT_LEADERS: Record<string, string[]> = {
  '.ts': ['//', '/*'],
  '.tsx': ['//', '/*'],
  '.mts': ['//', '/*'],
  '.cts': ['//', '/*'],
  '.js': ['//', '/*'],
  '.jsx': ['//', '/*'],
  '.mjs': ['//', '/*'],
  '.cjs': ['//', '/*'],
  '.yaml': ['#'],
  '.yml': ['#'],
  '.template': ['#'],
  // JSON has no comments: markers go in `"//"` keys, the JSON idiom for one
  // (`"//": "expect: iac-s3-encryption",` on the line before the finding).
  '.json': ['"//":'],
  '.tf': ['#', '//', '/*'],
  '.bicep': ['//', '/*'],
  '.sql': ['--', '/*'],
  '.prisma': ['//'],
};

const MARKER = /\b(expect|ok):\s*([A-Za-z0-9_-]+)(?:\s+x(\d+)\b)?/g;

/**
 * Where a comment starts on a line: the first comment leader on it, or -1. Deliberately naive
 * (no string tracking, so an apostrophe in JSX text cannot hide a marker): a leader inside a
 * string earlier on the line only makes the line count as code, which it is anyway.
 */
function commentStart(line: string, leaders: readonly string[]): number {
  let first = -1;
  for (const leader of leaders) {
    const at = line.indexOf(leader);
    if (at >= 0 && (first < 0 || at < first)) first = at;
  }
  return first;
}

/**
 * Reads the markers of a text. `fileName` picks the comment syntax by extension. Rule ids are
 * checked against `knownRuleIds` when given, so that a misspelt marker fails instead of silently
 * asserting nothing.
 */
export function parseExpectations(text: string, fileName: string, knownRuleIds?: ReadonlySet<string>): Expectations {
  const leaders = COMMENT_LEADERS[path.extname(fileName).toLowerCase()] ?? ['//', '/*', '#'];
  const lines = text.split(/\r\n|\r|\n/);
  const result: Expectations = { expected: [], ok: [], problems: [] };
  const read = lines.map((line) => {
    const start = commentStart(line, leaders);
    if (start < 0) return undefined;
    const comment = line.slice(start);
    const codeBefore = line.slice(0, start).trim();
    // `{/* expect: x */}` alone on a line among JSX children is a comment-only line too.
    const commentOnly = codeBefore === '' || (codeBefore === '{' && /\*\/\s*}\s*$/.test(comment));
    return { comment, commentOnly, markers: [...comment.matchAll(MARKER)] };
  });
  const markerOnly = (index: number) => read[index]?.commentOnly === true && read[index]!.markers.length > 0;
  read.forEach((entry, index) => {
    if (!entry) return;
    let target = index;
    if (entry.commentOnly) {
      target = index + 1;
      while (target < lines.length && markerOnly(target)) target++;
    }
    for (const match of entry.markers) {
      const kind = match[1] as MarkerKind;
      const ruleId = match[2];
      const count = match[3] === undefined ? 1 : Number(match[3]);
      if (knownRuleIds && !knownRuleIds.has(ruleId)) {
        result.problems.push(`${fileName}:${index + 1}: marker names unknown rule "${ruleId}"`);
        continue;
      }
      if (kind === 'ok' && match[3] !== undefined) {
        result.problems.push(`${fileName}:${index + 1}: an ok: marker takes no count`);
        continue;
      }
      if (count < 1) {
        result.problems.push(`${fileName}:${index + 1}: marker count must be at least 1`);
        continue;
      }
      if (target >= lines.length) {
        result.problems.push(`${fileName}:${index + 1}: marker on the last line points past the end of the file`);
        continue;
      }
      const marker: Marker = { kind, ruleId, line: target, writtenOn: index };
      if (kind === 'ok') result.ok.push(marker);
      else for (let i = 0; i < count; i++) result.expected.push({ ...marker });
    }
  });
  for (const ok of result.ok) {
    if (result.expected.some((expected) => expected.ruleId === ok.ruleId && expected.line === ok.line)) {
      result.problems.push(`${fileName}:${ok.line + 1}: both expect: and ok: ${ok.ruleId} are about this line`);
    }
  }
  return result;
}

/** A finding as the comparison needs it: rule, 0-based start line, message. */
export interface ActualFinding {
  ruleId: string;
  line: number;
  message: string;
}

export interface Comparison {
  missing: Marker[];
  extra: (ActualFinding & { markedOk: boolean })[];
}

/**
 * Compares findings with expectations as multisets of (rule, line), for the rules in `ruleIds`
 * only. A finding on a line marked `ok:` for its rule is extra, and says so.
 */
export function compareFindings(expectations: Expectations, findings: readonly ActualFinding[], ruleIds: ReadonlySet<string>): Comparison {
  const remaining = expectations.expected.filter((marker) => ruleIds.has(marker.ruleId));
  const extra: Comparison['extra'] = [];
  for (const finding of findings) {
    if (!ruleIds.has(finding.ruleId)) continue;
    const index = remaining.findIndex((marker) => marker.ruleId === finding.ruleId && marker.line === finding.line);
    if (index >= 0) remaining.splice(index, 1);
    else extra.push({ ...finding, markedOk: expectations.ok.some((ok) => ok.ruleId === finding.ruleId && ok.line === finding.line) });
  }
  return { missing: remaining, extra };
}

/** The readable report a failing fixture prints: Missing and Extra, one line each, file:line first. */
export function formatComparison(displayName: string, comparison: Comparison, lines?: readonly string[]): string {
  const out: string[] = [];
  const source = (line: number) => (lines && lines[line] !== undefined ? `    | ${lines[line].trim()}` : '');
  if (comparison.missing.length > 0) {
    out.push('Missing (expected, not reported):');
    for (const marker of [...comparison.missing].sort((a, b) => a.line - b.line)) {
      out.push(`  ${displayName}:${marker.line + 1}  ${marker.ruleId}${source(marker.line) ? `\n${source(marker.line)}` : ''}`);
    }
  }
  if (comparison.extra.length > 0) {
    out.push('Extra (reported, not expected):');
    for (const finding of [...comparison.extra].sort((a, b) => a.line - b.line)) {
      out.push(`  ${displayName}:${finding.line + 1}  ${finding.ruleId}${finding.markedOk ? ' (line is marked ok)' : ''}: ${finding.message}${source(finding.line) ? `\n${source(finding.line)}` : ''}`);
    }
  }
  return out.join('\n');
}

export function isClean(comparison: Comparison): boolean {
  return comparison.missing.length === 0 && comparison.extra.length === 0;
}

/**
 * The text with every marker blanked out (same length, so positions stay put): linting it must
 * give the same findings as linting the original, or the markers are steering the engine.
 */
export function blankMarkers(text: string, fileName: string): string {
  const leaders = COMMENT_LEADERS[path.extname(fileName).toLowerCase()] ?? ['//', '/*', '#'];
  return text
    .split(/(\r\n|\r|\n)/)
    .map((part) => {
      if (part === '\n' || part === '\r\n' || part === '\r') return part;
      const start = commentStart(part, leaders);
      if (start < 0) return part;
      return part.slice(0, start) + part.slice(start).replace(MARKER, (match) => ' '.repeat(match.length));
    })
    .join('');
}
