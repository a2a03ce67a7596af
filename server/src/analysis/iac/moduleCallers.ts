import * as fs from 'fs';
import * as path from 'path';
import { isLiteral, type IacDocument, type IacValue } from './model';

/**
 * Callers of a module or a nested template. A Terraform folder is a module that `module "db" {
 * source = "./modules/rds" storage_encrypted = true }` calls; a CloudFormation template is a
 * nested stack that an `AWS::CloudFormation::Stack` (or SAM `AWS::Serverless::Application`)
 * with a local `TemplateURL` / `Location` creates with `Parameters`. Its variables or parameters
 * take what the callers pass; their defaults only matter to callers that pass nothing. When the
 * linted file is called so from the folders around it, each variable resolves to what the
 * callers pass: the literal when every caller passes the same one, unknown when they differ or
 * pass something computed. So a module whose caller turns encryption on is not reported for its
 * default of `false`, and one whose caller turns it off is, naming the caller.
 */

export interface ModuleCall {
  /** `module` (Terraform) or `stack` (CloudFormation), for messages. */
  kind: 'module' | 'stack';
  /** The module block's label, the stack's logical id. */
  name: string;
  /** The file it is written in. */
  file: string;
  /** The called module's folder or template file, resolved. */
  target: string;
  /** What it passes, by variable or parameter name. */
  args: Map<string, IacValue>;
}

/**
 * Folders searched for callers: the file's ancestors up to the repository's root (a folder
 * holding `.git` or `.phi-lint.yaml`), and their subfolders this deep, within a budget.
 */
const ANCESTORS = 3;
const DEPTH_BELOW = 2;
const MAX_FOLDERS = 100;
const SKIPPED = new Set(['.git', '.terraform', 'node_modules', 'cdk.out', '.aws-sam']);
const ROOT_MARKERS = ['.git', '.phi-lint.yaml'];

/** A scan serves every file linted in the next seconds (a CLI run, a burst of keystrokes). */
const SCAN_TTL_MS = 5000;
const scans = new Map<string, { at: number; calls: ModuleCall[] }>();

/**
 * The calls written in files with these extensions around `dir` (in its own folder too when
 * `own` is set), as `callsIn` reads them; `kind` names the reader in the cache key.
 */
export function callsAround(dir: string, kind: ModuleCall['kind'], extensions: readonly string[], own: boolean, callsIn: (file: string) => ModuleCall[]): ModuleCall[] {
  const key = `${kind}\n${dir}`;
  const now = Date.now();
  const cached = scans.get(key);
  if (cached && now - cached.at < SCAN_TTL_MS) return cached.calls;
  const calls = scan(dir, extensions, own).flatMap(callsIn);
  scans.set(key, { at: now, calls });
  if (scans.size > 500) scans.delete(scans.keys().next().value!);
  return calls;
}

function scan(start: string, extensions: readonly string[], own: boolean): string[] {
  const files: string[] = [];
  const seen = new Set<string>([start]);
  let folders = 0;
  const visit = (dir: string, depth: number) => {
    if (folders >= MAX_FOLDERS) return;
    folders++;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isFile() && extensions.some((extension) => entry.name.endsWith(extension)) && !/\.fixed\.[^.]+$/.test(entry.name)) files.push(full);
      else if (entry.isDirectory() && depth > 0 && !SKIPPED.has(entry.name) && !seen.has(full)) {
        seen.add(full);
        visit(full, depth - 1);
      }
    }
  };
  const isRoot = (dir: string) => ROOT_MARKERS.some((marker) => fs.existsSync(path.join(dir, marker)));
  if (own) visit(start, 0);
  let dir = start;
  for (let level = 0; level < ANCESTORS && !isRoot(dir); level++) {
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
    if (!seen.has(dir)) {
      seen.add(dir);
      visit(dir, DEPTH_BELOW);
    }
  }
  return files;
}

/** Sets each variable's or parameter's `passed` from the calls of `target` (the module folder, the nested template). */
export function applyCallers(document: IacDocument, target: string, calls: readonly ModuleCall[]): void {
  if (document.parameters.size === 0 || !path.isAbsolute(target)) return;
  const callers = calls.filter((call) => call.target === target && call.file !== document.file);
  if (callers.length === 0) return;
  const from = path.dirname(document.file);
  for (const parameter of [...document.parameters.values()]) {
    const passing = callers.filter((call) => call.args.has(parameter.name));
    if (passing.length === 0) continue;
    const where = (call: ModuleCall) => `${call.kind} \`${call.name}\` in ${path.relative(from, call.file).split(path.sep).join('/')}`;
    // Callers that pass nothing get the default: it must agree with what the others pass.
    const values = [...passing.map((call) => call.args.get(parameter.name)!), ...(passing.length < callers.length && parameter.default ? [parameter.default] : [])];
    const first = values[0];
    const same = values.every((value) => isLiteral(value) && String((value as { value?: unknown }).value).toLowerCase() === String((first as { value?: unknown }).value).toLowerCase());
    const by = passing.length === 1 ? `passed by ${where(passing[0])}` : `passed by ${passing.length} callers (${passing.map(where).join(', ')})`;
    // A copy: the parameter may belong to a sibling file's cached model.
    document.parameters.set(parameter.name, { ...parameter, passed: same ? { value: first, by } : { by } });
  }
}
