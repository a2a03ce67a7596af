import * as fs from 'fs';
import * as path from 'path';
import type { Language as TsLanguage, Parser as TsParser } from 'web-tree-sitter';
import { packageRoot } from '../catalog/packageRoot';

/**
 * The Terraform grammar (tree-sitter-hcl's Terraform dialect, ABI 14) run by web-tree-sitter:
 * WebAssembly, so the same bundle runs in VS Code, the CLI and CI without native modules, and
 * nothing is downloaded (both .wasm files ship in npm packages, and the bundle copies them into
 * dist/). Loading WebAssembly is asynchronous while linting is not, so loading happens once per
 * process through prepareTreeSitter(), which the server awaits before it answers `initialize`.
 */

const RUNTIME_WASM = 'tree-sitter.wasm';
const TERRAFORM_WASM = 'tree-sitter-terraform.wasm';

let loading: Promise<void> | undefined;
let parser: TsParser | undefined;
let loadError: Error | undefined;

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

/** Loads the runtime and the Terraform grammar; later calls return the same promise. */
export function prepareTreeSitter(): Promise<void> {
  loading ??= (async () => {
    try {
      // Required here rather than imported at the top, so that nothing else pays for it.
      const { Parser, Language } = require('web-tree-sitter') as typeof import('web-tree-sitter');
      const runtime = fs.readFileSync(findWasm(RUNTIME_WASM, 'web-tree-sitter'));
      await Parser.init({ wasmBinary: runtime });
      const language: TsLanguage = await Language.load(fs.readFileSync(findWasm(TERRAFORM_WASM, '@tree-sitter-grammars/tree-sitter-hcl')));
      const created = new Parser();
      created.setLanguage(language);
      parser = created;
    } catch (error) {
      loadError = error as Error;
    }
  })();
  return loading;
}

/** The Terraform parser, or why there is none. */
export function terraformParser(): TsParser | Error {
  if (parser) return parser;
  return loadError ?? new Error('the Terraform grammar is not loaded yet (prepareAdapters() was not awaited)');
}
