import * as fs from 'fs';
import ignore, { type Ignore } from 'ignore';
import * as path from 'path';
import { bundledCatalog, type Catalog } from '../catalog/catalog';
import { defaultConfig, findConfigFile, loadConfigFile, type PhiLintConfig } from '../config/config';
import type { YamlProblem } from '../schema/yamlValidation';
import { languageOf } from '../parse/languages';
import { RULE_IDS } from '../rules';
import { GitSchemaBaselines, type FileSchemaBaseline, type SchemaBaseSpec } from './baseline';
import { Linter } from './linter';

/** Folders no project wants linted, whatever its ignore files say. */
const ALWAYS_IGNORED = ['node_modules/', '.git/', '.hg/', '.svn/'];

export interface ListedFiles {
  files: string[];
  skipped: { path: string; reason: string }[];
  missing: string[];
}

interface LoadedConfig {
  file?: string;
  linter: Linter;
  problems: YamlProblem[];
  ignore: Ignore;
}

/**
 * One project root: the configurations under it, its ignore rules and the linters built from
 * them. A file follows the nearest .phi-lint.yaml at or above its folder, up to the root (as
 * ESLint's cascade does, without merging), unless one config file was given explicitly. The LSP
 * server keeps one project per workspace folder; the CLI reaches the same ones through it.
 */
export class Project {
  private readonly configs = new Map<string, LoadedConfig>();
  private readonly configOfDir = new Map<string, string>();
  private readonly gitignores = new Map<string, Ignore | null>();
  private baselines?: GitSchemaBaselines;

  /** `schemaBase`: what schema changes are judged against (default 'none': every column counts). */
  constructor(
    readonly root: string,
    private readonly options: { configFile?: string; catalog?: Catalog; schemaBase?: SchemaBaseSpec } = {},
  ) {
    this.configFor(root);
  }

  /** The linter for a file, built from the configuration that governs it. */
  linterFor(filePath: string): Linter {
    return this.configFor(path.dirname(filePath)).linter;
  }

  /**
   * The schema at the base a file's changes are judged against (engine/baseline.ts), or undefined
   * when there is none: no base asked for, no git repository, no such commit.
   */
  baselineFor(filePath: string): FileSchemaBaseline | undefined {
    this.baselines ??= new GitSchemaBaselines(this.root, this.options.schemaBase ?? 'none', {
      isIgnored: (file) => this.contains(file) && this.isIgnored(file),
    });
    return this.baselines.baselineFor(filePath);
  }

  /** The root configuration's linter: rule metadata and severities for reports. */
  get linter(): Linter {
    return this.configFor(this.root).linter;
  }

  /** Problems in the config files read so far; a config with problems is replaced by defaults. */
  get problems(): YamlProblem[] {
    return [...this.configs.values()].flatMap((config) => config.problems);
  }

  /** Config files read so far. */
  get configFiles(): string[] {
    return [...new Set([...this.configs.values()].map((config) => config.file).filter((file): file is string => file !== undefined))];
  }

  /** Re-reads configs and ignore files (after they change on disk). */
  reload(): void {
    this.configs.clear();
    this.configOfDir.clear();
    this.gitignores.clear();
    this.baselines = undefined;
    this.configFor(this.root);
  }

  contains(filePath: string): boolean {
    const relative = path.relative(this.root, filePath);
    return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
  }

  /** Whether a file is excluded by its config's `ignore`, a .gitignore, or the built-in list. */
  isIgnored(filePath: string, isDirectory = false): boolean {
    const relative = path.relative(this.root, filePath).split(path.sep).join('/');
    if (!relative || relative.startsWith('..')) return false;
    const probe = isDirectory ? `${relative}/` : relative;
    if (ALWAYS_IGNORED.some((dir) => `/${probe}`.includes(`/${dir}`))) return true;
    const config = this.configFor(isDirectory ? filePath : path.dirname(filePath));
    const relativeToConfig = path.relative(config.linter.config.baseDir, filePath).split(path.sep).join('/');
    if (relativeToConfig && !relativeToConfig.startsWith('..') && config.ignore.ignores(isDirectory ? `${relativeToConfig}/` : relativeToConfig)) return true;
    return this.isGitIgnored(relative, isDirectory);
  }
  /** Lintable files under the given paths (files or folders), in a stable order. */
  listFiles(paths: readonly string[]): ListedFiles {
    const result: ListedFiles = { files: [], skipped: [], missing: [] };
    const seen = new Set<string>();
    const add = (file: string) => {
      if (!seen.has(file)) {
        seen.add(file);
        result.files.push(file);
      }
    };
    for (const given of paths.length > 0 ? paths : [this.root]) {
      const absolute = path.resolve(this.root, given);
      let stat: fs.Stats;
      try {
        stat = fs.statSync(absolute);
      } catch {
        result.missing.push(given);
        continue;
      }
      if (stat.isDirectory()) {
        if (this.isIgnored(absolute, true)) {
          result.skipped.push({ path: given, reason: 'ignored' });
          continue;
        }
        this.walkDirectory(absolute, add);
      } else if (!languageOf(absolute)) {
        result.skipped.push({ path: given, reason: 'not a file type phi-lint reads' });
      } else if (this.isIgnored(absolute)) {
        result.skipped.push({ path: given, reason: 'ignored' });
      } else {
        add(absolute);
      }
    }
    return result;
  }

  private walkDirectory(dir: string, add: (file: string) => void): void {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!this.isIgnored(full, true)) this.walkDirectory(full, add);
      } else if (entry.isFile() && languageOf(full) && !this.isIgnored(full) && this.reads(full)) {
        add(full);
      }
    }
  }

  /**
   * Whether a rule would read the file: every script, and a YAML, JSON or SQL file only when a
   * rule claims it (a template, a migration), so that folder scans never count or report the
   * rest (package.json, Kubernetes manifests).
   */
  private reads(file: string): boolean {
    if (languageOf(file) === 'javascript') return true;
    try {
      return this.linterFor(file).reads(file, fs.readFileSync(file, 'utf8'));
    } catch {
      return false;
    }
  }

  /** .gitignore files apply from their own folder down, as git reads them. */
  private isGitIgnored(relative: string, isDirectory: boolean): boolean {
    const parts = relative.split('/');
    for (let depth = 0; depth < parts.length; depth++) {
      const dir = parts.slice(0, depth).join('/');
      const rules = this.gitignoreAt(dir);
      if (!rules) continue;
      const rest = parts.slice(depth).join('/') + (isDirectory ? '/' : '');
      if (rules.ignores(rest)) return true;
    }
    return false;
  }

  private gitignoreAt(dir: string): Ignore | null {
    let rules = this.gitignores.get(dir);
    if (rules === undefined) {
      const file = path.join(this.root, dir, '.gitignore');
      try {
        rules = ignore().add(fs.readFileSync(file, 'utf8'));
      } catch {
        rules = null;
      }
      this.gitignores.set(dir, rules);
    }
    return rules;
  }

  private configFor(dir: string): LoadedConfig {
    const file = this.options.configFile ? path.resolve(this.root, this.options.configFile) : this.configFileFor(dir);
    const key = file ?? '';
    let loaded = this.configs.get(key);
    if (!loaded) {
      loaded = this.load(file);
      this.configs.set(key, loaded);
    }
    return loaded;
  }

  private configFileFor(dir: string): string | undefined {
    const resolved = path.resolve(dir);
    let file = this.configOfDir.get(resolved);
    if (file === undefined) {
      file = (this.contains(resolved) ? findConfigFile(resolved, this.root) : findConfigFile(resolved)) ?? '';
      this.configOfDir.set(resolved, file);
    }
    return file || undefined;
  }

  private load(file: string | undefined): LoadedConfig {
    const catalog = this.options.catalog ?? bundledCatalog();
    let config = defaultConfig(file ? path.dirname(file) : this.root);
    let problems: YamlProblem[] = [];
    if (file) {
      const result = loadConfigFile(file, RULE_IDS);
      if (result.config) config = result.config;
      else problems = result.problems;
    }
    return { file, linter: new Linter(catalog, config), problems, ignore: ignore().add(config.ignore) };
  }
}
