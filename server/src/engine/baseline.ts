import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ColumnSet, declaredColumns, SchemaState, type SchemaOp } from '../analysis/schema/columns';
import { SCRIPT_SCHEMA_MARKERS_ERE } from '../analysis/schema/jsSchemaReader';
import { readSchemaOfText } from '../analysis/schema/read';
import { languageOf } from '../parse/languages';
import type { SchemaBaseline } from '../rules/rule';

/**
 * What a schema change is judged against:
 * - 'none': no base, every column counts (a full scan, a folder that is no git repository);
 * - 'HEAD': the last commit (the editor, so that a column is flagged as it is typed; --staged);
 * - { ref }: any commit (--changed-since REF).
 */
export type SchemaBaseSpec = 'none' | 'HEAD' | { ref: string };

/** A baseline for one file, with the commit it was read from (so cached results can be keyed on it). */
export interface FileSchemaBaseline extends SchemaBaseline {
  readonly commit: string;
}

/** The schema at one commit: the cumulative state, and the columns each file declared. */
interface Snapshot {
  state: SchemaState;
  /** The schema files of the commit, by path. */
  files: Map<string, BaseFile>;
  /** Columns each file declared, filled in as files are asked about. */
  byFile: Map<string, ColumnSet | null>;
}

/** How long a resolved HEAD is trusted before asking git again (the editor lints on every pause in typing). */
const HEAD_TTL_MS = 2000;
/** Files larger than this are generated bundles or dumps, not hand-written schema. */
const MAX_BLOB_BYTES = 2 * 1024 * 1024;
const TEST_PATH = /(^|\/)(tests?|__tests__|__mocks__|spec|specs|fixtures?|e2e)\/|\.(test|spec)\.[^/]+$/i;
const SCRIPT_PATHSPECS = ['*.ts', '*.tsx', '*.mts', '*.cts', '*.js', '*.jsx', '*.mjs', '*.cjs'];

/**
 * The schema at a git base, read with the same readers the rule uses, from the commit's tree
 * (never the working tree): `git ls-tree` lists .sql and .prisma files, `git grep` the scripts
 * that mention a schema, `git cat-file --batch` reads them in one process. Migrations apply in
 * order: declarative sources (Prisma models, entities, Mongoose and Drizzle schemas) first, then
 * migrations in file-path order (timestamped names sort by time), so that ADD adds, DROP COLUMN
 * and DROP TABLE remove, RENAME moves.
 *
 * A column counts as present at the base when the cumulative state has it (so a column that
 * moved, was realigned or reformatted is not new), or when the same file declared it at the base
 * (so an old migration that created a column a later one dropped is not new either, while a new
 * migration that adds it again is).
 *
 * Snapshots are cached per commit and file contents per blob, so moving HEAD re-reads only what
 * changed. Any git failure means no baseline: every column counts.
 */
export class GitSchemaBaselines {
  private repoRoot: string | null | undefined;
  private projectReal?: string;
  private resolved?: { commit: string | undefined; at: number };
  private readonly snapshots = new Map<string, Snapshot>();
  /** Operations per blob and extension; null for a file that holds no schema. */
  private readonly extracted = new Map<string, SchemaOp[] | null>();

  constructor(
    private readonly projectRoot: string,
    private readonly spec: SchemaBaseSpec,
    private readonly options: { isIgnored?: (absolutePath: string) => boolean; now?: () => number } = {},
  ) {}

  /** The baseline for a file, or undefined when there is none (no base asked for, no git, no such ref). */
  baselineFor(filePath: string): FileSchemaBaseline | undefined {
    if (this.spec === 'none') return undefined;
    const root = this.repositoryRoot();
    if (!root) return undefined;
    const commit = this.resolveCommit(root);
    if (!commit) return undefined;
    const relative = path.relative(root, realPath(filePath)).split(path.sep).join('/');
    let snapshot: Snapshot | undefined;
    const load = () => (snapshot ??= this.snapshot(root, commit));
    return {
      commit,
      hasColumn: (table, column) => {
        const loaded = load();
        return loaded.state.has(table, column) || (this.declaredIn(root, loaded, relative)?.has(table, column) ?? false);
      },
    };
  }

  private repositoryRoot(): string | undefined {
    if (this.repoRoot === undefined) {
      try {
        this.repoRoot = path.resolve(git(this.projectRoot, ['rev-parse', '--show-toplevel']).toString('utf8').trim());
      } catch {
        this.repoRoot = null;
      }
    }
    return this.repoRoot ?? undefined;
  }

  private resolveCommit(root: string): string | undefined {
    const now = (this.options.now ?? Date.now)();
    const ref = this.spec === 'HEAD' ? 'HEAD' : (this.spec as { ref: string }).ref;
    // A fixed ref is resolved once; HEAD moves with every commit and checkout.
    if (this.resolved && (this.spec !== 'HEAD' || now - this.resolved.at < HEAD_TTL_MS)) return this.resolved.commit;
    let commit: string | undefined;
    try {
      commit = git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).toString('utf8').trim() || undefined;
    } catch {
      commit = undefined;
    }
    this.resolved = { commit, at: now };
    return commit;
  }

  private snapshot(root: string, commit: string): Snapshot {
    let snapshot = this.snapshots.get(commit);
    if (snapshot) return snapshot;
    snapshot = { state: new SchemaState(), files: new Map(), byFile: new Map() };
    try {
      const files = this.schemaFilesAt(root, commit);
      for (const file of files) snapshot.files.set(file.path, file);
      // Tests and fixtures hold sample schemas (a CREATE TABLE in a test string): they are not
      // the project's schema, and are read only when the file itself is linted (declaredIn).
      const schemaFiles = files.filter((file) => !TEST_PATH.test(file.path));
      this.readFiles(root, schemaFiles);
      const declarative: SchemaOp[] = [];
      const migrations: SchemaOp[] = [];
      for (const file of schemaFiles) {
        const ops = this.extracted.get(extractionKey(file));
        if (ops) for (const op of ops) (op.kind === 'column' && op.declarative ? declarative : migrations).push(op);
      }
      for (const op of [...declarative, ...migrations]) snapshot.state.apply(op);
    } catch {
      // An unreadable tree is an empty base: every column counts, as without git.
    }
    // Keep the last few commits only: the editor moves HEAD, the CLI asks for one base.
    if (this.snapshots.size >= 4) this.snapshots.delete(this.snapshots.keys().next().value!);
    this.snapshots.set(commit, snapshot);
    return snapshot;
  }

  /** The columns a file declared at the commit (undefined when it held none or did not exist). */
  private declaredIn(root: string, snapshot: Snapshot, relative: string): ColumnSet | undefined {
    let declared = snapshot.byFile.get(relative);
    if (declared === undefined) {
      declared = null;
      const file = snapshot.files.get(relative);
      if (file) {
        try {
          this.readFiles(root, [file]);
          const ops = this.extracted.get(extractionKey(file));
          if (ops) {
            declared = new ColumnSet();
            for (const column of declaredColumns({ ops, embeddedComments: [], columnComments: [] })) declared.add(column.table, column.name);
          }
        } catch {
          declared = null;
        }
      }
      snapshot.byFile.set(relative, declared);
    }
    return declared ?? undefined;
  }

  /** Schema files at a commit, in path order: every .sql and .prisma file, and scripts that mention a schema. */
  private schemaFilesAt(root: string, commit: string): BaseFile[] {
    const scripts = new Set<string>();
    try {
      const grep = git(root, ['grep', '-l', '-z', '-I', '-E', '-e', SCRIPT_SCHEMA_MARKERS_ERE, commit, '--', ...SCRIPT_PATHSPECS]).toString('utf8');
      for (const entry of grep.split('\0')) if (entry) scripts.add(entry.slice(commit.length + 1));
    } catch (error) {
      // git grep exits 1 when nothing matches.
      if ((error as { status?: number }).status !== 1) throw error;
    }
    const files: BaseFile[] = [];
    const listing = git(root, ['ls-tree', '-r', '-z', '-l', '--full-tree', commit]).toString('utf8');
    for (const entry of listing.split('\0')) {
      const tab = entry.indexOf('\t');
      if (tab < 0) continue;
      const [, type, blob, size] = entry.slice(0, tab).split(/\s+/);
      const file = entry.slice(tab + 1);
      if (type !== 'blob' || Number(size) > MAX_BLOB_BYTES || /(^|\/)node_modules\//.test(file)) continue;
      const language = languageOf(file);
      if (!language || (language === 'javascript' && !scripts.has(file))) continue;
      if (this.options.isIgnored?.(this.projectPath(path.join(root, file)))) continue;
      files.push({ path: file, blob });
    }
    return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /** A path under the repository's real root, spelt from the project root as the project knows it (which may pass through a symlink). */
  private projectPath(absolute: string): string {
    this.projectReal ??= (() => {
      try {
        return fs.realpathSync(this.projectRoot);
      } catch {
        return this.projectRoot;
      }
    })();
    const projectReal = this.projectReal;
    const relative = path.relative(projectReal, absolute);
    return relative.startsWith('..') || path.isAbsolute(relative) ? absolute : path.join(this.projectRoot, relative);
  }

  /** Reads and extracts the files not read before (by blob), all in one `git cat-file --batch`. */
  private readFiles(root: string, files: BaseFile[]): void {
    const wanted = files.filter((file) => !this.extracted.has(extractionKey(file)));
    const blobs = [...new Set(wanted.map((file) => file.blob))];
    if (blobs.length === 0) return;
    const output = git(root, ['cat-file', '--batch'], `${blobs.join('\n')}\n`);
    const contents = new Map<string, string>();
    let offset = 0;
    while (offset < output.length) {
      const headerEnd = output.indexOf(0x0a, offset);
      if (headerEnd < 0) break;
      const [blob, type, size] = output.subarray(offset, headerEnd).toString('utf8').split(' ');
      offset = headerEnd + 1;
      if (type === 'missing' || size === undefined) continue;
      const length = Number(size);
      contents.set(blob, output.subarray(offset, offset + length).toString('utf8'));
      offset += length + 1;
    }
    // Bounded: an editor session that moves HEAD for days must not keep every blob it ever read.
    if (this.extracted.size > 50000) this.extracted.clear();
    for (const file of wanted) {
      const text = contents.get(file.blob);
      this.extracted.set(extractionKey(file), text === undefined ? null : (readSchemaOfText(file.path, text)?.ops ?? null));
    }
  }
}

interface BaseFile {
  /** Relative to the repository root, with forward slashes. */
  path: string;
  blob: string;
}

/** Extraction depends on the content and on the extension (which says how to parse it). */
function extractionKey(file: BaseFile): string {
  return `${file.blob} ${path.extname(file.path).toLowerCase()}`;
}

/** git reports the repository's real path; a path through a symlink must compare with it. */
function realPath(filePath: string): string {
  try {
    return path.join(fs.realpathSync(path.dirname(filePath)), path.basename(filePath));
  } catch {
    return filePath;
  }
}

function git(cwd: string, args: string[], input?: string): Buffer {
  return execFileSync('git', ['-c', 'core.quotePath=false', ...args], {
    cwd,
    input,
    maxBuffer: 1024 * 1024 * 1024,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}
