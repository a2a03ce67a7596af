import { MarkupKind, type Hover, type Position } from 'vscode-languageserver/node';
import { comparePositions } from '../core/lineIndex';
import type { DataGroup, Finding, Range } from '../core/types';
import { ruleDocsMarkdown } from '../rules/docs';
import { ruleDocLink, type RuleDocLinkStyle } from './ruleDocLinks';

const GROUP_NAMES: Record<DataGroup, string> = { phi: 'PHI', pii: 'PII', personal: 'personal data' };

/**
 * The explanation shown when hovering a flagged value, built from the findings the engine already
 * produced for the document: what data, which sink, the path the value took, why it matters (the
 * rule doc's own words and its HIPAA/CPRA references) and the fixes on offer. Undefined when no
 * finding covers the position.
 */
export function hoverFor(findings: readonly Finding[], position: Position, docLinks: RuleDocLinkStyle): Hover | undefined {
  const covering = findings.filter((finding) => contains(finding.range, position));
  if (covering.length === 0) return undefined;
  return {
    contents: { kind: MarkupKind.Markdown, value: covering.map((finding) => explain(finding, docLinks)).join('\n\n---\n\n') },
    range: covering[0].range,
  };
}

/** One finding as Markdown, in paragraphs. Messages and flow steps are written with inline code already. */
function explain(finding: Finding, docLinks: RuleDocLinkStyle): string {
  const paragraphs: string[] = [`**phi-lint** \`${finding.ruleId}\` (${finding.severity})`, finding.message];
  // Markdown line breaks (two trailing spaces) keep data and sink on lines of their own.
  const facts: string[] = [];
  if (finding.dataTypes.length > 0) {
    const types = finding.dataTypes.map((type) => `${type.label} (${type.category.label}; ${GROUP_NAMES[type.category.group]})`);
    facts.push(`**Data:** ${types.join('; ')}`);
  }
  if (finding.sink) facts.push(`**Sink:** \`${finding.sink}\``);
  if (facts.length > 0) paragraphs.push(facts.join('  \n'));
  if (finding.flow.length > 0) {
    const steps = finding.flow.map((step, index) => `${index + 1}. line ${step.range.start.line + 1}: ${step.message}`);
    steps.push(`${finding.flow.length + 1}. line ${finding.range.start.line + 1}: flagged here`);
    paragraphs.push(`**Path:**\n\n${steps.join('\n')}`);
  }
  const why = whyItMatters(finding.ruleId);
  if (why) paragraphs.push(`**Why it matters:** ${why}`);
  if (finding.references.length > 0) {
    // <...> destinations: reference URLs hold parentheses, as in `section-164.312#p-164.312(b)`.
    const references = finding.references.map((reference) => `${reference.url ? `[${reference.id}](<${reference.url}>)` : reference.id} ${reference.title}`);
    paragraphs.push(`**References:** ${references.join(' · ')}`);
  }
  if (finding.fixes.length > 0) {
    const fixes = finding.fixes.map((fix) => `- ${fix.title}${fix.safe ? ' (applied by *Fix all*)' : ''}`);
    paragraphs.push(`**Fix:**\n\n${fixes.join('\n')}`);
  }
  paragraphs.push(`[Rule documentation: ${finding.ruleId}](${ruleDocLink(finding.ruleId, docLinks)})`);
  return paragraphs.join('\n\n');
}

const whyCache = new Map<string, string | undefined>();

/** The first paragraph of the rule doc's "Why it matters" section, unwrapped to one line. */
function whyItMatters(ruleId: string): string | undefined {
  if (whyCache.has(ruleId)) return whyCache.get(ruleId);
  const doc = ruleDocsMarkdown(ruleId);
  const section = doc?.split(/^## /m).find((part) => part.startsWith('Why it matters'));
  const paragraph = section
    ?.slice(section.indexOf('\n') + 1)
    .trim()
    .split(/\n\s*\n/)[0]
    ?.replace(/\s*\n\s*/g, ' ')
    .trim();
  const why = paragraph || undefined;
  whyCache.set(ruleId, why);
  return why;
}

function contains(range: Range, position: Position): boolean {
  return comparePositions(range.start, position) <= 0 && comparePositions(position, range.end) <= 0;
}
