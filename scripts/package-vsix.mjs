// Packages the VS Code extension as phi-lint.vsix from the esbuild bundles in dist/ (run
// `npm run build` first; `npm run package` does both).
//
// The npm package (the CLI) is described by package.json's "files"; the extension by
// .vscodeignore. vsce refuses a folder that has both, so the extension is packaged from a staging
// folder holding only what it ships: the manifest without "files", README, the bundles, rules/
// (data and docs) and syntaxes/. --no-dependencies: the bundles carry their dependencies, so
// nothing from node_modules goes in.
//
// Usage: node scripts/package-vsix.mjs [--out <file.vsix>]
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outIndex = process.argv.indexOf('--out');
const out = resolve(outIndex >= 0 ? process.argv[outIndex + 1] : join(root, 'phi-lint.vsix'));

/** What the extension needs at run time, besides the manifest. LICENSE goes in when there is one. */
const SHIPPED = ['README.md', 'LICENSE', '.vscodeignore', 'dist', 'rules', 'syntaxes'];
const REQUIRED = ['dist/extension.js', 'dist/server.js', 'rules/docs', 'syntaxes'];

function main() {
  const missing = REQUIRED.filter((entry) => !existsSync(join(root, entry)));
  if (missing.length > 0) {
    console.error(`package: missing ${missing.join(', ')}; run \`npm run build\` first`);
    return 1;
  }
  const staging = mkdtempSync(join(tmpdir(), 'phi-lint-vsix-'));
  try {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    delete manifest.files;
    // Lifecycle scripts belong to the repository (prepare runs the build): none may run here.
    delete manifest.scripts;
    writeFileSync(join(staging, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    for (const entry of SHIPPED) {
      if (existsSync(join(root, entry))) cpSync(join(root, entry), join(staging, entry), { recursive: true });
    }
    const vsce = createRequire(import.meta.url).resolve('@vscode/vsce/vsce');
    const args = [vsce, 'package', '--no-dependencies', '--out', out];
    if (!existsSync(join(root, 'LICENSE'))) args.push('--skip-license');
    const result = spawnSync(process.execPath, args, { cwd: staging, stdio: 'inherit' });
    if (result.status !== 0) return result.status ?? 1;
    console.log(`package: ${out} ${(statSync(out).size / 1024).toFixed(1)} kB`);
    return 0;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

process.exitCode = main();
