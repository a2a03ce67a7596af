import * as fs from 'fs';
import * as path from 'path';

/** The repository root, found from the compiled test's location (out/test/...). */
export const REPO_ROOT = (() => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) || !fs.existsSync(path.join(dir, 'rules'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no repository root above ${__dirname}`);
    dir = parent;
  }
  return dir;
})();

export const FIXTURES_DIR = path.join(REPO_ROOT, 'test', 'fixtures');
export const CLI_BIN = path.join(REPO_ROOT, 'bin', 'phi-lint.js');
export const SERVER_BIN = path.join(REPO_ROOT, 'bin', 'phi-lint-server.js');
