import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@dnn/tensor/node';
import { TrainingError } from '@dnn/train';

const PROBE = '.dnn-write-probe-';

/**
 * Makes `dir` (and its parents) and proves it writable by writing and removing a probe file, so a
 * run finds an unwritable output folder before it trains, with a message naming the folder.
 */
export async function ensureWritableDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    const isDir = await stat(dir).then((s) => s.isDirectory());
    if (!isDir) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    const probe = join(dir, `${PROBE}${process.pid}`);
    await writeFileAtomic(probe, new Uint8Array(0));
    await rm(probe, { force: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOTDIR' || code === 'EEXIST' ? 'not a folder' : code === 'EROFS' ? 'read-only file system' : (e as Error).message;
    throw new TrainingError(`cannot write to the output folder ${dir}: ${why}`);
  }
}

/**
 * Removes the temp files that atomic writes of `names` left behind when a process was killed
 * mid-write (`.checkpoint.safetensors.<pid>.<random>.tmp`), and write probes of ensureWritableDir. Returns how many it removed.
 */
export async function removeStaleTempFiles(dir: string, names: readonly string[]): Promise<number> {
  const entries = await readdir(dir).catch(() => [] as string[]);
  const stale = entries.filter((e) => e.startsWith(PROBE) || names.some((n) => e.startsWith(`.${n.slice(0, 200)}.`) && e.endsWith('.tmp')));
  await Promise.all(stale.map((e) => rm(join(dir, e), { force: true })));
  return stale.length;
}

/** Writes text atomically: a reader or a crash sees the old file or the whole new one. */
export function writeTextAtomic(path: string, text: string): Promise<void> {
  return writeFileAtomic(path, new TextEncoder().encode(text));
}
