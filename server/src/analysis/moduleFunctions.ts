import type { TSESTree } from '@typescript-eslint/types';
import * as fs from 'fs';
import * as path from 'path';
import { LineIndex } from '../core/lineIndex';
import { isParseFailure } from '../parse/documents';
import { parseScript } from '../parse/typescript';
import { Bindings } from './bindings';
import { localFunction, type ExportedValue, type FunctionNode, type ModuleFunctions, type PhiValueFinder } from './phiValues';
import { resolveModule } from './typeIndex';

interface ModuleEntry {
  mtimeMs: number;
  bindings?: Bindings;
  exports: Map<string, TSESTree.Identifier | FunctionNode>;
  finder?: PhiValueFinder;
}

/**
 * The functions other files export, for summaries across files: `import { describe } from
 * './format'` makes `describe(patient)` carry what describe returns. Each module is parsed once
 * per modification time; a finder of its own evaluates its functions.
 */
export class ModuleFunctionIndex implements ModuleFunctions {
  private readonly modules = new Map<string, ModuleEntry>();

  constructor(private readonly makeFinder: (filePath: string, text: string, bindings: Bindings) => PhiValueFinder) {}

  exportedFunction(fromFile: string, specifier: string, name: string): { fn: FunctionNode; finder: PhiValueFinder } | undefined {
    const file = resolveModule(path.dirname(fromFile), specifier);
    if (!file || file.endsWith('.d.ts')) return undefined;
    const entry = this.load(file);
    const exported = entry?.exports.get(name);
    if (!entry?.bindings || !entry.finder || !exported) return undefined;
    const fn = exported.type === 'Identifier' ? localFunction(entry.bindings, exported) : exported;
    return fn ? { fn, finder: entry.finder } : undefined;
  }

  /**
   * What an exported `const` was initialised with, with its own file's bindings to read it by:
   * `export const FAX_URL = 'http://...'`, `export const api = axios.create(...)`.
   */
  exportedValue(fromFile: string, specifier: string, name: string): ExportedValue | undefined {
    const file = resolveModule(path.dirname(fromFile), specifier);
    if (!file || file.endsWith('.d.ts')) return undefined;
    const entry = this.load(file);
    const exported = entry?.exports.get(name);
    if (!entry?.bindings || exported?.type !== 'Identifier') return undefined;
    const binding = entry.bindings.lookup(exported);
    return binding?.kind === 'variable' && !binding.reassigned && !binding.property && !binding.elementOf && binding.init ? { init: binding.init, bindings: entry.bindings } : undefined;
  }

  private load(file: string): ModuleEntry | undefined {
    let mtimeMs: number;
    try {
      mtimeMs = fs.statSync(file).mtimeMs;
    } catch {
      return undefined;
    }
    const cached = this.modules.get(file);
    if (cached && cached.mtimeMs === mtimeMs) return cached;
    const entry: ModuleEntry = { mtimeMs, exports: new Map() };
    this.modules.set(file, entry);
    const text = fs.readFileSync(file, 'utf8');
    const script = parseScript(file, text, new LineIndex(text));
    if (isParseFailure(script)) return entry;
    entry.bindings = new Bindings(script);
    entry.finder = this.makeFinder(file, text, entry.bindings);
    for (const statement of script.ast.body) collectExports(statement, entry.exports);
    return entry;
  }
}

/** `export function f`, `export const f = () => ...`, `export default function`, `export { g as f }`. */
function collectExports(statement: TSESTree.ProgramStatement, exports: Map<string, TSESTree.Identifier | FunctionNode>): void {
  if (statement.type === 'ExportDefaultDeclaration') {
    const declaration = statement.declaration;
    if (declaration.type === 'FunctionDeclaration' || declaration.type === 'ArrowFunctionExpression' || declaration.type === 'FunctionExpression') exports.set('default', declaration);
    else if (declaration.type === 'Identifier') exports.set('default', declaration);
    return;
  }
  if (statement.type !== 'ExportNamedDeclaration') return;
  const declaration = statement.declaration;
  if (declaration?.type === 'FunctionDeclaration' && declaration.id) exports.set(declaration.id.name, declaration);
  if (declaration?.type === 'VariableDeclaration') {
    for (const declarator of declaration.declarations) if (declarator.id.type === 'Identifier') exports.set(declarator.id.name, declarator.id);
  }
  if (!statement.source) {
    for (const specifier of statement.specifiers) {
      if (specifier.local.type === 'Identifier' && specifier.exported.type === 'Identifier') exports.set(specifier.exported.name, specifier.local);
    }
  }
}
