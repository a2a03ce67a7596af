import * as vscode from 'vscode';

/** Where the extension ships the rule docs (rules/docs/<id>.md, packaged with the extension). */
const DOCS_FOLDER = 'rules/docs';
/** Rule ids are kebab-case words: anything else is not a doc name (and never a path). */
const RULE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * The `phiLint.showRuleDoc` command: renders a rule's bundled doc in VS Code's Markdown preview,
 * so it works offline. Without an argument it asks which rule. Diagnostics' code links and
 * hovers call it with the rule id.
 */
export async function showRuleDoc(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, ruleId?: unknown): Promise<boolean> {
  const id = typeof ruleId === 'string' && RULE_ID.test(ruleId) ? ruleId : await pickRule(context);
  if (!id) return false;
  const doc = vscode.Uri.joinPath(context.extensionUri, DOCS_FOLDER, `${id}.md`);
  try {
    await vscode.workspace.fs.stat(doc);
  } catch {
    void vscode.window.showWarningMessage(`phi-lint: there is no documentation for a rule named "${id}".`);
    return false;
  }
  try {
    // The built-in Markdown extension renders it; should that be disabled, show the source instead.
    await vscode.commands.executeCommand('markdown.showPreview', doc);
  } catch (error) {
    output.warn(`Markdown preview unavailable (${error instanceof Error ? error.message : String(error)}); opening ${id}.md as text.`);
    await vscode.window.showTextDocument(doc, { preview: true });
  }
  return true;
}

async function pickRule(context: vscode.ExtensionContext): Promise<string | undefined> {
  const entries = await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(context.extensionUri, DOCS_FOLDER));
  const ids = entries
    .filter(([name, type]) => type === vscode.FileType.File && name.endsWith('.md'))
    .map(([name]) => name.slice(0, -'.md'.length))
    .sort();
  return vscode.window.showQuickPick(ids, { title: 'phi-lint: show rule documentation', placeHolder: 'Rule id' });
}
