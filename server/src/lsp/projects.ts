import * as fs from 'fs';
import * as path from 'path';
import { CONFIG_FILE_NAME } from '../config/config';
import type { SchemaBaseSpec } from '../engine/baseline';
import { Project } from '../engine/project';

/**
 * The projects of a session: one per workspace folder, and one for each file opened outside
 * them (rooted where its config or repository starts).
 */
export class ProjectRegistry {
  private readonly projects = new Map<string, Project>();

  constructor(
    private readonly configFile?: string,
    private readonly schemaBase: SchemaBaseSpec = 'HEAD',
  ) {}

  setRoots(roots: readonly string[]): void {
    for (const root of roots) this.ensure(root);
  }

  removeRoot(root: string): void {
    this.projects.delete(path.resolve(root));
  }

  all(): Project[] {
    return [...this.projects.values()];
  }

  forFile(filePath: string): Project {
    let best: Project | undefined;
    for (const project of this.projects.values()) {
      if (project.contains(filePath) && (!best || project.root.length > best.root.length)) best = project;
    }
    return best ?? this.ensure(adHocRoot(filePath));
  }

  reloadAll(): void {
    for (const project of this.projects.values()) project.reload();
  }

  private ensure(root: string): Project {
    const resolved = path.resolve(root);
    let project = this.projects.get(resolved);
    if (!project) {
      project = new Project(resolved, { configFile: this.configFile, schemaBase: this.schemaBase });
      this.projects.set(resolved, project);
    }
    return project;
  }
}

/** For a file outside every workspace folder: the nearest folder with a config, else a repo root. */
function adHocRoot(filePath: string): string {
  let dir = path.dirname(filePath);
  let repoRoot: string | undefined;
  for (;;) {
    if (fs.existsSync(path.join(dir, CONFIG_FILE_NAME))) return dir;
    if (!repoRoot && fs.existsSync(path.join(dir, '.git'))) repoRoot = dir;
    const parent = path.dirname(dir);
    if (parent === dir) return repoRoot ?? path.dirname(filePath);
    dir = parent;
  }
}
