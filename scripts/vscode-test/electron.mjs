// The same extension-host suite in desktop VS Code, through @vscode/test-electron, for machines
// that can download VS Code (this project's CI cannot: it runs run.mjs on code-server instead).
//
//   npm run build && node scripts/vscode-test/electron.mjs [--version=1.91.0]
//
// The UI tests (ui.mjs) are specific to the web workbench and do not run here.
import { runTests } from '@vscode/test-electron';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createWorkspace, EDITOR_SETTINGS, REPO } from './workspace.mjs';

const version = process.argv.find((arg) => arg.startsWith('--version='))?.slice('--version='.length) ?? 'stable';
const tsc = spawnSync(process.execPath, [path.join(REPO, 'node_modules/typescript/bin/tsc'), '-b', 'test/vscode'], { cwd: REPO, stdio: 'inherit' });
if (tsc.status !== 0) process.exit(1);

const root = mkdtempSync(path.join(tmpdir(), 'phi-lint-electron-'));
const workspace = createWorkspace(root);
mkdirSync(path.join(root, 'user-data', 'User'), { recursive: true });
writeFileSync(path.join(root, 'user-data', 'User', 'settings.json'), JSON.stringify(EDITOR_SETTINGS, null, 1));
try {
  await runTests({
    version,
    extensionDevelopmentPath: REPO,
    extensionTestsPath: path.join(REPO, 'out/vscode-test/suite/index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', path.join(root, 'user-data')],
  });
  console.log('editor suite (desktop VS Code): passed');
} catch (error) {
  console.error(`editor suite (desktop VS Code): failed — ${error?.message ?? error}`);
  process.exitCode = 1;
} finally {
  rmSync(root, { recursive: true, force: true });
}
