import type { TSESTree } from '@typescript-eslint/types';
import type { Bindings } from '../analysis/bindings';
import type { LineIndex } from '../core/lineIndex';
import type { TextEdit } from '../core/types';
import type { ParsedScript } from '../parse/typescript';

/** Builds text edits on a TypeScript/JavaScript file. Each fixer returns edits, never applies them. */
export class ScriptFixer {
  constructor(
    private readonly text: string,
    private readonly lines: LineIndex,
    private readonly script: ParsedScript,
    private readonly bindings: Bindings,
  ) {}

  replace(node: TSESTree.Node, newText: string): TextEdit {
    return { range: this.lines.range(node.range[0], node.range[1]), newText };
  }

  source(node: TSESTree.Node): string {
    return this.text.slice(node.range[0], node.range[1]);
  }

  /**
   * Wraps a value in a call: `patient.ssn` -> `redact(patient.ssn)`. A shorthand property
   * `{ ssn }` becomes `{ ssn: redact(ssn) }`.
   */
  wrap(node: TSESTree.Node, helper: string, shorthand?: TSESTree.Property): TextEdit {
    if (shorthand) return this.replace(shorthand, `${this.source(shorthand.key)}: ${helper}(${this.source(node)})`);
    return this.replace(node, `${helper}(${this.source(node)})`);
  }

  /** Whether a name is usable at module level: imported or declared in the file. */
  hasModuleBinding(name: string): boolean {
    return this.bindings.moduleBinding(name) !== undefined;
  }

  /**
   * Adds `import { helper } from 'module'` after the last import (or a require in a CommonJS
   * file), unless the file already binds the name.
   */
  addNamedImport(name: string, module: string): TextEdit | undefined {
    if (this.hasModuleBinding(name)) return undefined;
    const body = this.script.ast.body;
    const imports = body.filter((statement) => statement.type === 'ImportDeclaration');
    const eol = this.lines.eol;
    const quote = this.preferredQuote();
    if (imports.length > 0) {
      const last = imports[imports.length - 1];
      const at = this.lines.positionAt(last.range[1]);
      return { range: { start: at, end: at }, newText: `${eol}import { ${name} } from ${quote}${module}${quote};` };
    }
    const statement = this.usesRequire()
      ? `const { ${name} } = require(${quote}${module}${quote});`
      : `import { ${name} } from ${quote}${module}${quote};`;
    // After a 'use strict' directive or a shebang, which must stay first.
    const first = body[0];
    const directive = first?.type === 'ExpressionStatement' && first.directive ? first : undefined;
    if (directive) {
      const at = this.lines.positionAt(directive.range[1]);
      return { range: { start: at, end: at }, newText: `${eol}${statement}` };
    }
    const line = this.text.startsWith('#!') ? 1 : 0;
    const at = { line, character: 0 };
    return { range: { start: at, end: at }, newText: `${statement}${eol}` };
  }

  /**
   * Inserts a suppression directive on its own line above the statement holding `node`, with the
   * statement's indentation; `{/* ... *\/}` when that line sits among JSX children.
   */
  suppressAbove(node: TSESTree.Node, directive: string): TextEdit {
    const line = this.lines.positionAt(node.range[0]).line;
    const lineText = this.lines.lineText(line);
    const indent = /^\s*/.exec(lineText)![0];
    const comment = this.isInJsxChildren(node, line) ? `{/* ${directive} */}` : `// ${directive}`;
    const at = { line, character: 0 };
    return { range: { start: at, end: at }, newText: `${indent}${comment}${this.lines.eol}` };
  }

  private isInJsxChildren(node: TSESTree.Node, line: number): boolean {
    let current: TSESTree.Node | undefined = node;
    while (current) {
      const parent: TSESTree.Node | undefined = this.script.parents.get(current);
      if (current.type === 'JSXExpressionContainer' && parent && (parent.type === 'JSXElement' || parent.type === 'JSXFragment')) {
        // Only when the container starts the line: otherwise the line begins with a tag or code.
        return this.lines.positionAt(current.range[0]).line === line && /^\s*$/.test(this.lines.lineText(line).slice(0, this.lines.positionAt(current.range[0]).character));
      }
      if (current.type.endsWith('Statement') || current.type === 'Program') return false;
      current = parent;
    }
    return false;
  }

  private usesRequire(): boolean {
    return /\brequire\s*\(/.test(this.text);
  }

  private preferredQuote(): string {
    const firstImport = this.script.ast.body.find((statement) => statement.type === 'ImportDeclaration');
    if (firstImport) return this.text[firstImport.source.range[0]] === '"' ? '"' : "'";
    return "'";
  }
}
