import { randomBytes } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The fs calls writeFileAtomic makes; tests swap them to fail midway. */
export interface AtomicFs {
  open: typeof fsp.open;
  rename: typeof fsp.rename;
  rm: typeof fsp.rm;
  stat: typeof fsp.stat;
}

export interface WriteFileAtomicOptions {
  fs?: AtomicFs;
}

/**
 * Writes `bytes` to `path` so that a reader (or a crash) sees the old file or the whole new one, never
 * a torn one: write a temp file in the same directory (rename is atomic only within one file system),
 * fsync it, then rename it over `path`. On failure the old file is untouched and the temp file removed.
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array, opts: WriteFileAtomicOptions = {}): Promise<void> {
  const fs = opts.fs ?? fsp;
  const dir = dirname(path);
  // Cut the name so the suffix cannot push it past the usual 255-byte limit.
  const temp = join(dir, `.${basename(path).slice(0, 200)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const oldMode = await fs.stat(path).then((s) => s.mode & 0o7777, () => undefined);
  let handle: fsp.FileHandle | undefined;
  try {
    handle = await fs.open(temp, 'wx'); // 'wx': fail rather than reuse a file someone else made
    if (oldMode !== undefined) await handle.chmod(oldMode); // replacing a file keeps its permissions
    await handle.writeFile(bytes);
    await handle.sync(); // the data must be on disk before the rename makes it visible
    await handle.close();
    handle = undefined;
    await fs.rename(temp, path);
  } catch (err) {
    await handle?.close().catch(() => {});
    await fs.rm(temp, { force: true }).catch(() => {});
    throw err;
  }
  await syncDir(fs, dir);
}

/** Makes the rename itself durable. Best effort: Windows and some file systems cannot fsync a directory. */
async function syncDir(fs: AtomicFs, dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r').catch(() => undefined);
  if (!handle) return;
  await handle.sync().catch(() => {});
  await handle.close().catch(() => {});
}
