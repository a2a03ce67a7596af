import { SHOW_RULE_DOC_COMMAND } from '../protocol';
import { ruleDocsUrl } from '../rules/docs';

export type RuleDocLinkStyle = 'web' | 'command';

/**
 * Where a diagnostic's code and a hover link a rule's doc. 'command' asks the VS Code client to
 * render the doc it ships (works offline); 'web' is the published page, for every other client.
 */
export function ruleDocLink(ruleId: string, style: RuleDocLinkStyle): string {
  if (style === 'command') return `command:${SHOW_RULE_DOC_COMMAND}?${encodeURIComponent(JSON.stringify([ruleId]))}`;
  return ruleDocsUrl(ruleId);
}
