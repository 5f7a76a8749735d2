import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  files?: string[];
  engines?: Record<string, string>;
  repository?: { type: string; url: string; directory: string };
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  exports?: Record<string, unknown>;
  publishConfig?: { exports?: Record<string, unknown> };
}

export interface WorkspacePackage {
  /** Folder relative to the repository root, e.g. `packages/conv`. */
  folder: string;
  manifest: Manifest;
}

/** The workspace's projects matched by `folders` globs of the form `dir/*` (pnpm-workspace.yaml's form). */
export function workspaceProjects(parents = ['packages', 'apps', 'tooling']): WorkspacePackage[] {
  const out: WorkspacePackage[] = [];
  for (const parent of parents) {
    for (const entry of readdirSync(join(repoRoot, parent)).sort()) {
      const file = join(repoRoot, parent, entry, 'package.json');
      if (!existsSync(file)) continue;
      out.push({ folder: `${parent}/${entry}`, manifest: JSON.parse(readFileSync(file, 'utf8')) as Manifest });
    }
  }
  return out;
}

/** Every library published from `packages/*` (a package.json without `private`), in folder order. */
export function publishedLibraries(): WorkspacePackage[] {
  return workspaceProjects(['packages']).filter((p) => !p.manifest.private);
}

/** The @dnn packages `p` needs beside it at run time (peers and dependencies), transitively. */
export function dnnRequirements(p: WorkspacePackage, all: WorkspacePackage[]): WorkspacePackage[] {
  const byName = new Map(all.map((q) => [q.manifest.name, q]));
  const seen = new Set<string>();
  const visit = (q: WorkspacePackage) => {
    const deps = { ...q.manifest.dependencies, ...q.manifest.peerDependencies };
    for (const name of Object.keys(deps)) {
      const dep = byName.get(name);
      if (dep && !seen.has(name)) {
        seen.add(name);
        visit(dep);
      }
    }
  };
  visit(p);
  return [...seen].map((n) => byName.get(n)!);
}
