import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic, type AtomicFs } from './atomic';

let dir: string;
beforeEach(async () => {
  dir = await fsp.mkdtemp(join(tmpdir(), 'dnn-atomic-'));
});
afterEach(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

const bytes = (...b: number[]): Uint8Array => new Uint8Array(b);
const read = async (p: string): Promise<number[]> => [...(await fsp.readFile(p))];

/** Real fs, except that the temp file's handle fails at `method`, after writing half the data for writeFile. */
function failingAt(method: 'writeFile' | 'sync'): AtomicFs {
  return {
    ...fsp,
    open: (async (...args: Parameters<typeof fsp.open>) => {
      const handle = await fsp.open(...args);
      if (!String(args[0]).endsWith('.tmp')) return handle;
      return new Proxy(handle, {
        get(target, prop) {
          if (prop === method) {
            return async (data: Uint8Array) => {
              if (method === 'writeFile') await target.write(data.subarray(0, data.length >> 1));
              throw new Error(`simulated ${method} failure`);
            };
          }
          const v = Reflect.get(target, prop, target) as unknown;
          return typeof v === 'function' ? v.bind(target) : v;
        },
      });
    }) as typeof fsp.open,
  };
}

describe('writeFileAtomic', () => {
  it('creates a file and leaves nothing else behind', async () => {
    const p = join(dir, 'model.safetensors');
    await writeFileAtomic(p, bytes(1, 2, 3));
    expect(await read(p)).toEqual([1, 2, 3]);
    expect(await fsp.readdir(dir)).toEqual(['model.safetensors']);
  });

  it('replaces an existing file', async () => {
    const p = join(dir, 'f');
    await fsp.writeFile(p, bytes(9, 9, 9, 9, 9));
    await writeFileAtomic(p, bytes(1));
    expect(await read(p)).toEqual([1]);
    expect(await fsp.readdir(dir)).toEqual(['f']);
  });

  it.each(['writeFile', 'sync'] as const)('keeps the old file and removes the temp file when %s fails midway', async (method) => {
    const p = join(dir, 'f');
    await fsp.writeFile(p, bytes(7, 7, 7));
    const big = new Uint8Array(1 << 16).fill(1);
    await expect(writeFileAtomic(p, big, { fs: failingAt(method) })).rejects.toThrow(`simulated ${method} failure`);
    expect(await read(p)).toEqual([7, 7, 7]);
    expect(await fsp.readdir(dir)).toEqual(['f']);
  });

  it('removes the temp file when the rename fails', async () => {
    const p = join(dir, 'taken');
    await fsp.mkdir(p);
    await fsp.writeFile(join(p, 'inside'), 'x'); // a non-empty directory cannot be renamed over
    await expect(writeFileAtomic(p, bytes(1))).rejects.toThrow();
    expect(await fsp.readdir(dir)).toEqual(['taken']);
    expect(await fsp.readdir(p)).toEqual(['inside']);
  });

  it('fails cleanly when the directory does not exist', async () => {
    await expect(writeFileAtomic(join(dir, 'missing', 'f'), bytes(1))).rejects.toThrow(/ENOENT/);
    expect(await fsp.readdir(dir)).toEqual([]);
  });

  it.skipIf(process.platform === 'win32')('keeps the permissions of the file it replaces', async () => {
    const p = join(dir, 'f');
    await fsp.writeFile(p, bytes(1));
    await fsp.chmod(p, 0o640);
    await writeFileAtomic(p, bytes(2));
    expect((await fsp.stat(p)).mode & 0o777).toBe(0o640);
  });

  it('leaves one whole file when writers race', async () => {
    const p = join(dir, 'f');
    const payloads = Array.from({ length: 16 }, (_, i) => new Uint8Array(4096).fill(i));
    await Promise.all(payloads.map((b) => writeFileAtomic(p, b)));
    const got = await fsp.readFile(p);
    expect(got.length).toBe(4096);
    expect(got.every((b) => b === got[0])).toBe(true);
    expect(await fsp.readdir(dir)).toEqual(['f']);
  });
});
