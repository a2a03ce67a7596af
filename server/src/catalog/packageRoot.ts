import * as fs from 'fs';
import * as path from 'path';

let cached: string | undefined;

/**
 * The folder holding rules/ and package.json. Found by walking up from this module, so it works
 * from the compiled tree (out/server/...) and from the bundles (dist/server.js) alike.
 */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = __dirname;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'rules', 'data-types.yaml')) && fs.existsSync(path.join(dir, 'package.json'))) {
      cached = dir;
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`phi-lint: cannot find its rules/ folder above ${__dirname}`);
    dir = parent;
  }
}

export function packageVersion(): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
}
