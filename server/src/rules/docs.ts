import * as fs from 'fs';
import * as path from 'path';
import { packageRoot } from '../catalog/packageRoot';

const DOCS_BASE = 'https://github.com/phi-lint/phi-lint/blob/main/rules/docs';

/** Where a rule's doc is published; SARIF helpUri and the diagnostic's code link use it. */
export function ruleDocsUrl(ruleId: string): string {
  return `${DOCS_BASE}/${ruleId}.md`;
}

/** The rule's doc as shipped with phi-lint, for SARIF `help` and offline viewing. */
export function ruleDocsMarkdown(ruleId: string): string | undefined {
  try {
    return fs.readFileSync(path.join(packageRoot(), 'rules', 'docs', `${ruleId}.md`), 'utf8');
  } catch {
    return undefined;
  }
}
