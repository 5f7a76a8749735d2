/**
 * The Node-only helpers (file system, paths, home directory). Every node: module is imported
 * lazily inside a function, so the package still loads in a browser as long as these are not called.
 */

export async function readBytes(path: string): Promise<Uint8Array> {
  const fs = await import('node:fs/promises');
  const buf = await fs.readFile(path);
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

export async function isFile(path: string): Promise<boolean> {
  const fs = await import('node:fs/promises');
  try {
    return (await fs.stat(path)).isFile();
  } catch {
    return false;
  }
}

export async function joinPath(...parts: string[]): Promise<string> {
  const path = await import('node:path');
  return path.join(...parts);
}

export async function baseName(p: string): Promise<string> {
  const path = await import('node:path');
  return path.basename(p);
}

/** `$XDG_CACHE_HOME/dnn/<name>`, else `~/.cache/dnn/<name>` (the XDG default). */
export async function userCacheDir(name: string): Promise<string> {
  const path = await import('node:path');
  const os = await import('node:os');
  const xdg = process.env.XDG_CACHE_HOME;
  const root = xdg !== undefined && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), '.cache');
  return path.join(root, 'dnn', name);
}

/** This package's own `subset/` folder: `../subset` from src/ (development) and from dist/ alike. */
export async function packageSubsetDir(): Promise<string> {
  const url = await import('node:url');
  return url.fileURLToPath(new URL('../subset', import.meta.url));
}

/** Writes through a temporary file and a rename, so a killed download never leaves a partial file. */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const fs = await import('node:fs/promises');
  const p = await import('node:path');
  await fs.mkdir(p.dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.part`;
  await fs.writeFile(tmp, bytes);
  await fs.rename(tmp, path);
}
