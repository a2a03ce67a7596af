// Bundles the extension, the language server and the CLI into dist/ with esbuild.
// The server and CLI bundles carry all their dependencies, so the packaged extension and the npm
// bins need no node_modules at run time beyond what npm installs for the bins anyway.
//
// PHI_LINT_BUNDLE_PARTIAL=1 skips entries whose source does not exist yet (while the server is
// being written); otherwise a missing entry is an error.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const bundles = [
  // 'vscode' is provided by the extension host and cannot be bundled.
  { entry: 'client/src/extension.ts', outfile: 'dist/extension.js', external: ['vscode'] },
  { entry: 'server/src/lsp/main.ts', outfile: 'dist/server.js', external: [] },
  { entry: 'server/src/cli/bin.ts', outfile: 'dist/cli.js', external: [] },
];

const sharedOptions = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  // Unminified, so that stack traces from users stay readable.
  minify: false,
  metafile: true,
  logLevel: 'warning',
  absWorkingDir: root,
};

const allowPartial = process.env.PHI_LINT_BUNDLE_PARTIAL === '1';

function selectBundles() {
  const missing = bundles.filter((bundle) => !existsSync(join(root, bundle.entry)));
  for (const bundle of missing) {
    const what = `bundle: missing entry ${bundle.entry}`;
    console.error(allowPartial ? `${what}; skipping ${bundle.outfile}` : `${what} (PHI_LINT_BUNDLE_PARTIAL=1 skips it)`);
  }
  if (missing.length > 0 && !allowPartial) {
    return undefined;
  }
  return bundles.filter((bundle) => !missing.includes(bundle));
}

function formatSize(bytes) {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} kB` : `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}

async function build(bundle) {
  const result = await esbuild.build({
    ...sharedOptions,
    entryPoints: [bundle.entry],
    outfile: bundle.outfile,
    external: bundle.external,
  });
  // Metafile keys are relative to absWorkingDir, with forward slashes: the outfile as written here.
  const output = result.metafile.outputs[bundle.outfile];
  return `${bundle.outfile} ${formatSize(output.bytes)}`;
}

// The Terraform and Bicep grammars run on web-tree-sitter: its runtime and the grammars are WebAssembly
// files that a bundle cannot inline. They go next to the bundles (server/src/parse/treeSitter.ts
// looks there first), so that the packaged extension needs no node_modules.
const WASM_FILES = ['web-tree-sitter/tree-sitter.wasm', '@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm', 'tree-sitter-bicep/tree-sitter-bicep.wasm'];

function copyWasm() {
  const require = createRequire(import.meta.url);
  mkdirSync(join(root, 'dist'), { recursive: true });
  for (const file of WASM_FILES) copyFileSync(require.resolve(file), join(root, 'dist', file.split('/').pop()));
}

async function main() {
  const selected = selectBundles();
  if (selected === undefined) {
    return 1;
  }
  if (selected.length === 0) {
    console.error('bundle: nothing to bundle');
    return 1;
  }
  try {
    copyWasm();
    const sizes = await Promise.all(selected.map(build));
    console.log(`bundled ${sizes.join(', ')}`);
    return 0;
  } catch {
    // esbuild has already printed the errors with their locations.
    return 1;
  }
}

process.exitCode = await main();
