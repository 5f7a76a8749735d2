import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

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

export interface Packed {
  /** A fresh temporary folder holding everything below. */
  tmp: string;
  /** The tarball, as `pnpm publish` would upload it. */
  tarball: string;
}

/**
 * Builds and packs one workspace package the way it is published, without touching its dist/: the
 * package's own tsup config builds into a staging folder (so tests and apps reading dist/ meanwhile are
 * not disturbed), its package.json and files are staged beside it, and `pnpm pack` applies publishConfig.
 */
export async function buildAndPack(packageFolder: string): Promise<Packed> {
  const src = join(repoRoot, packageFolder);
  const tmp = await mkdtemp(join(tmpdir(), 'dnn-packaging-'));
  const stage = join(tmp, 'stage');
  await mkdir(stage);
  // the package's build script is plain `tsup`: the same build, with the output folder moved
  await sh('pnpm', ['exec', 'tsup', '--out-dir', join(stage, 'dist')], src);
  for (const f of ['package.json', 'README.md', 'LICENSE']) {
    if (existsSync(join(src, f))) await cp(join(src, f), join(stage, f));
  }
  await sh('pnpm', ['pack', '--pack-destination', tmp], stage);
  const tgz = (await readdir(tmp)).filter((f) => f.endsWith('.tgz'));
  if (tgz.length !== 1) throw new Error(`pnpm pack made ${tgz.length} tarballs in ${tmp}`);
  return { tmp, tarball: join(tmp, tgz[0]!) };
}

/** Installs a tarball into a new, empty project with plain npm and no network; returns the project. */
export async function installIntoEmptyProject(tmp: string, tarball: string): Promise<string> {
  const project = join(tmp, 'consumer');
  await mkdir(project);
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, version: '1.0.0' }));
  await sh('npm', ['install', '--offline', '--no-audit', '--no-fund', '--no-package-lock', tarball], project);
  return project;
}
