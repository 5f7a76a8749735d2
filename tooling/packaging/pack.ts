import { execFile } from 'node:child_process';
import { mkdir, readFile, readdir, realpath, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot, type WorkspacePackage } from './workspace';

export { repoRoot };

const run = promisify(execFile);

/** The environment for child tools, without the npm_* settings that `pnpm test` exports to scripts. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(npm|pnpm)_/i.test(k)) env[k] = v;
  return { ...env, NO_COLOR: '1', FORCE_COLOR: '0' };
}

export async function sh(cmd: string, args: string[], cwd: string): Promise<string> {
  try {
    const { stdout } = await run(cmd, args, { cwd, env: cleanEnv(), maxBuffer: 64 << 20 });
    return stdout;
  } catch (e) {
    const err = e as Error & { stdout?: string; stderr?: string };
    throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) failed:\n${err.stdout ?? ''}\n${err.stderr ?? ''}\n${err.message}`);
  }
}

/** The newest modification time of the files under `dir` (0 when it does not exist). */
async function newest(dir: string): Promise<number> {
  if (!existsSync(dir)) return 0;
  let t = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) t = Math.max(t, (await stat(join(entry.parentPath, entry.name))).mtimeMs);
  }
  return t;
}

async function mtime(file: string): Promise<number> {
  return existsSync(file) ? (await stat(file)).mtimeMs : 0;
}

/**
 * Builds the published packages once (`pnpm run build`, the same build as CI's and `pnpm release`'s)
 * unless every package's dist/ is newer than its sources and build config; returns whether it built.
 */
export async function buildIfStale(packages: WorkspacePackage[]): Promise<boolean> {
  for (const p of packages) {
    const dir = join(repoRoot, p.folder);
    const sources = Math.max(
      await newest(join(dir, 'src')),
      await mtime(join(dir, 'tsup.config.ts')),
      await mtime(join(repoRoot, 'tooling/tsup/preset.ts')),
    );
    if ((await mtime(join(dir, 'dist', 'index.js'))) < sources) {
      await sh('pnpm', ['run', 'build'], repoRoot);
      return true;
    }
  }
  return false;
}

/**
 * Packs every package into `dest` with `pnpm pack`, as `pnpm publish` would upload it (publishConfig
 * applied, `workspace:` ranges replaced, @dnn peers narrowed by .pnpmfile.cjs), and beside them the
 * tarballs of their third-party runtime dependencies, packed from the workspace's installed copies, so
 * that a consumer installs offline. Returns tarball paths by package name.
 */
export async function packAll(packages: WorkspacePackage[], dest: string): Promise<Map<string, string>> {
  await mkdir(dest, { recursive: true });
  const tarballs = new Map<string, string>();
  for (const p of packages) {
    const before = new Set(await readdir(dest));
    await sh('pnpm', ['pack', '--pack-destination', dest], join(repoRoot, p.folder));
    tarballs.set(p.manifest.name, join(dest, newTarball(before, await readdir(dest))));
    for (const dep of Object.keys(p.manifest.dependencies ?? {})) {
      if (dep.startsWith('@dnn/') || tarballs.has(dep)) continue;
      const installed = await realpath(join(repoRoot, p.folder, 'node_modules', dep));
      const seen = new Set(await readdir(dest));
      await sh('npm', ['pack', installed, '--pack-destination', dest, '--silent'], dest);
      tarballs.set(dep, join(dest, newTarball(seen, await readdir(dest))));
    }
  }
  return tarballs;
}

function newTarball(before: Set<string>, after: string[]): string {
  const made = after.filter((f) => f.endsWith('.tgz') && !before.has(f));
  if (made.length !== 1) throw new Error(`expected one new tarball, got ${made.join(', ') || 'none'}`);
  return made[0]!;
}

/** Installs tarballs into a new, empty project with plain npm and no network; returns the project. */
export async function installIntoEmptyProject(project: string, tarballs: string[]): Promise<string> {
  await mkdir(project, { recursive: true });
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, version: '1.0.0' }));
  await sh('npm', ['install', '--offline', '--no-audit', '--no-fund', '--no-package-lock', ...tarballs], project);
  return project;
}

/**
 * Tarballs of packages installed at the repository root (with their dependencies found beside them in
 * pnpm's store), for consumers that need them: `@types/node` for the Node-only entry points.
 */
export async function packFromRoot(names: string[], dest: string): Promise<string[]> {
  const out: string[] = [];
  const pack = async (dir: string) => {
    const seen = new Set(await readdir(dest));
    await sh('npm', ['pack', dir, '--pack-destination', dest, '--silent'], dest);
    out.push(join(dest, newTarball(seen, await readdir(dest))));
  };
  for (const name of names) {
    const dir = await realpath(join(repoRoot, 'node_modules', name));
    await pack(dir);
    const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    // pnpm places a package's dependencies beside it: <store>/<pkg>/node_modules/<dep>
    const siblings = join(dir, ...name.split('/').map(() => '..'));
    for (const dep of Object.keys(manifest.dependencies ?? {})) await pack(await realpath(join(siblings, dep)));
  }
  return out;
}
