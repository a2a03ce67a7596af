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
   * Inserts a suppression directive on its own line above the line where `node` starts, with that
   * line's indentation: `{/* ... *\/}` when the line is among JSX children, where `//` would be
   * text. Undefined when that line starts inside a template literal: any line inserted there
   * would become part of the string.
   */
  suppressAbove(node: TSESTree.Node, directive: string): TextEdit | undefined {
    const line = this.lines.positionAt(node.range[0]).line;
    const lineStart = this.lines.lineStart(line);
    const indent = /^\s*/.exec(this.lines.lineText(line))![0];
    const firstToken = lineStart + indent.length;
    const ancestors = this.ancestorsOf(node);
    if (ancestors.some((ancestor) => ancestor.type === 'TemplateLiteral' && ancestor.range[0] < lineStart && lineStart < ancestor.range[1])) return undefined;
    // The outermost node that begins where the line's code begins tells what kind of line it is.
    const lineNode = [node, ...ancestors].filter((candidate) => candidate.range[0] === firstToken).pop();
    const parent = lineNode && this.script.parents.get(lineNode);
    const inJsxChildren = parent !== undefined && (parent.type === 'JSXElement' || parent.type === 'JSXFragment') && (parent.children as TSESTree.Node[]).includes(lineNode!);
    const comment = inJsxChildren ? `{/* ${directive} */}` : `// ${directive}`;
    const at = { line, character: 0 };
    return { range: { start: at, end: at }, newText: `${indent}${comment}${this.lines.eol}` };
  }

  private ancestorsOf(node: TSESTree.Node): TSESTree.Node[] {
    const ancestors: TSESTree.Node[] = [];
    for (let current = this.script.parents.get(node); current; current = this.script.parents.get(current)) ancestors.push(current);
    return ancestors;
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
