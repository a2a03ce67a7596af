import * as fs from 'fs';
import * as path from 'path';
import type { Language as TsLanguage, Parser as TsParser } from 'web-tree-sitter';
import { packageRoot } from '../catalog/packageRoot';

/**
 * The Terraform and Bicep grammars run by web-tree-sitter:
 * WebAssembly, so the same bundle runs in VS Code, the CLI and CI without native modules, and
 * nothing is downloaded (the .wasm files ship in npm packages, and the bundle copies them into
 * dist/). Loading WebAssembly is asynchronous while linting is not, so loading happens once per
 * process through prepareTreeSitter(), which the server awaits before it answers `initialize`.
 */

const RUNTIME_WASM = 'tree-sitter.wasm';

/** The grammars phi-lint runs on web-tree-sitter, with the npm package each wasm ships in. */
const GRAMMARS = {
  // tree-sitter-hcl's Terraform dialect (ABI 14).
  terraform: { wasm: 'tree-sitter-terraform.wasm', packageName: '@tree-sitter-grammars/tree-sitter-hcl', label: 'Terraform' },
  // tree-sitter-bicep (ABI 14, which web-tree-sitter 0.25 loads).
  bicep: { wasm: 'tree-sitter-bicep.wasm', packageName: 'tree-sitter-bicep', label: 'Bicep' },
} as const;

export type GrammarName = keyof typeof GRAMMARS;

let runtime: Promise<typeof import('web-tree-sitter') | Error> | undefined;
const loading = new Map<GrammarName, Promise<void>>();
const parsers = new Map<GrammarName, TsParser>();
const loadErrors = new Map<GrammarName, Error>();

function findWasm(name: string, packageName: string): string {
  const candidates = [path.join(__dirname, name), path.join(packageRoot(), 'dist', name)];
  try {
    candidates.push(require.resolve(`${packageName}/${name}`));
  } catch {
    // Not installed as a package (the bundled extension): dist/ holds the copies.
  }
  const found = candidates.find((candidate) => fs.existsSync(candidate));
  if (!found) throw new Error(`cannot find ${name} (looked in ${candidates.join(', ')})`);
  return found;
}

/** The web-tree-sitter runtime, initialized once per process. */
function loadRuntime(): Promise<typeof import('web-tree-sitter') | Error> {
  runtime ??= (async () => {
    try {
      // Required here rather than imported at the top, so that nothing else pays for it.
      const module = require('web-tree-sitter') as typeof import('web-tree-sitter');
      await module.Parser.init({ wasmBinary: fs.readFileSync(findWasm(RUNTIME_WASM, 'web-tree-sitter')) });
      return module;
    } catch (error) {
      return error as Error;
    }
  })();
  return runtime;
}

/** Loads the runtime and one grammar; later calls return the same promise. */
export function prepareGrammar(name: GrammarName): Promise<void> {
  let promise = loading.get(name);
  if (!promise) {
    promise = (async () => {
      const module = await loadRuntime();
      if (module instanceof Error) {
        loadErrors.set(name, module);
        return;
      }
      try {
        const grammar = GRAMMARS[name];
        const language: TsLanguage = await module.Language.load(fs.readFileSync(findWasm(grammar.wasm, grammar.packageName)));
        const created = new module.Parser();
        created.setLanguage(language);
        parsers.set(name, created);
      } catch (error) {
        loadErrors.set(name, error as Error);
      }
    })();
    loading.set(name, promise);
  }
  return promise;
}

/** A grammar's parser, or why there is none. */
export function grammarParser(name: GrammarName): TsParser | Error {
  const parser = parsers.get(name);
  if (parser) return parser;
  return loadErrors.get(name) ?? new Error(`the ${GRAMMARS[name].label} grammar is not loaded yet (prepareAdapters() was not awaited)`);
}

/** Loads the runtime and the Terraform grammar; later calls return the same promise. */
export function prepareTreeSitter(): Promise<void> {
  return prepareGrammar('terraform');
}

/** The Terraform parser, or why there is none. */
export function terraformParser(): TsParser | Error {
  return grammarParser('terraform');
}
