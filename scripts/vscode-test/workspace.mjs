// Builds the folder the editor suite opens: a fresh copy each run, because the tests edit and save
// files in it. Its root holds no .phi-lint.yaml, so the extension is not activated by
// `workspaceContains` at start-up and the suite can see it activate when a file is opened.
//
//   telehealth-app/   examples/telehealth-app (with its own .phi-lint.yaml)
//   languages/        one rule fixture per language the extension lints besides TypeScript
//   no-phi-in-logs/   a fixture and its `*.fixed.*` fix-all output, for the quick-fix tests
//   fix-on-save/      the same fixture again, for fix-all on save (kept apart so tests stay independent)
import { cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FIXTURES = path.join(REPO, 'test/fixtures');

/** Fixture files copied into languages/, by the language VS Code gives them. */
const LANGUAGE_FIXTURES = [
  'no-phi-in-client-storage/storage-apis.tsx',
  'no-phi-in-logs/claims-export.job.js',
  'iac-s3-encryption/cloudformation/patient-data.yaml',
  'iac-s3-encryption/json/patient-data.json',
  'iac-azure-sql/bicep/main.bicep',
  'iac-s3-encryption/terraform/fix/main.tf',
  'phi-column-needs-purpose/sql/postgres.sql',
  'phi-column-needs-purpose/prisma/schema.prisma',
];

const FIX_FIXTURE = 'no-phi-in-logs/visit-notes.controller';

/** Creates the workspace under a new temporary folder; returns its path. */
export function createWorkspace(parent = mkdtempSync(path.join(tmpdir(), 'phi-lint-vscode-'))) {
  const workspace = path.join(parent, 'workspace');
  mkdirSync(workspace, { recursive: true });
  cpSync(path.join(REPO, 'examples/telehealth-app'), path.join(workspace, 'telehealth-app'), { recursive: true });
  mkdirSync(path.join(workspace, 'languages'), { recursive: true });
  for (const fixture of LANGUAGE_FIXTURES) {
    cpSync(path.join(FIXTURES, fixture), path.join(workspace, 'languages', path.basename(fixture)));
  }
  for (const folder of ['no-phi-in-logs', 'fix-on-save']) {
    mkdirSync(path.join(workspace, folder));
    for (const suffix of ['.ts', '.fixed.ts']) {
      const name = path.basename(FIX_FIXTURE) + suffix;
      cpSync(path.join(FIXTURES, FIX_FIXTURE + suffix), path.join(workspace, folder, name));
    }
  }
  return workspace;
}

/**
 * User settings for the editor under test: a quiet, deterministic workbench. They go to the user's
 * settings, not the workspace's .vscode/settings.json: opening that JSON file would activate the
 * extension (onLanguage:json) before the suite can watch it activate.
 */
export const EDITOR_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': 'off',
  'extensions.autoCheckUpdates': false,
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  // The desktop default. The web workbench's is afterDelay, which would save edits before the
  // tests do, and without the "explicit" code actions on save.
  'files.autoSave': 'off',
  // No chat or other panel beside the editor in the screenshots.
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  // The example's dependencies are not installed: TypeScript would flag every import, crowding the
  // squiggles, the Quick Fix menu and the two cores. phi-lint is what is under test.
  'typescript.validate.enable': false,
  'javascript.validate.enable': false,
};
