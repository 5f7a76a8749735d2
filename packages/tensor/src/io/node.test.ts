import { describe, it, expect, afterAll } from 'vitest';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCheckpoint, saveFile, loadFile } from '@dnn/tensor/node';
import { tensor } from '../ops/creation';
import { Sequential, Linear } from '../nn/index';
import { ValueError } from '../errors';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('@dnn/tensor/node checkpoints', () => {
  it('saves atomically and loads back the same state', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dnn-ckpt-'));
    dirs.push(dir);
    const path = join(dir, 'model.safetensors');
    await writeFile(path, 'an older checkpoint');
    const net = new Sequential(new Linear(3, 2), new Linear(2, 1));
    await saveFile(path, net.stateDict(), { metadata: { epoch: '4' } });
    expect(await readdir(dir)).toEqual(['model.safetensors']); // no temp file left behind
    const { tensors: loaded, metadata } = await loadFile(path);
    expect(metadata).toEqual({ epoch: '4' });
    expect(Object.keys(await loadCheckpoint(path)).sort()).toEqual(Object.keys(loaded).sort()); // the deprecated alias
    const copy = new Sequential(new Linear(3, 2), new Linear(2, 1));
    copy.loadStateDict(loaded);
    const x = tensor([[1, -2, 0.5]]);
    expect(Array.from(copy.forward(x).dataSync())).toEqual(Array.from(net.forward(x).dataSync()));
    await expect(loadFile(join(dir, 'missing.safetensors'))).rejects.toThrow(/ENOENT/);
  });
});

describe('@dnn/tensor/node errors name the file', () => {
  it('a truncated checkpoint: the ValueError starts with its path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dnn-ckpt-'));
    dirs.push(dir);
    const path = join(dir, 'cut.safetensors');
    await saveFile(path, new Linear(3, 2).stateDict());
    const { readFile } = await import('node:fs/promises');
    const bytes = await readFile(path);
    await writeFile(path, bytes.subarray(0, bytes.length - 4));
    const err = await loadFile(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValueError);
    expect((err as Error).message).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: safetensors: tensor "(weight|bias)": data_offsets .* run past the data section`));
  });
  it('a path that is not a string: ValueError (fs would throw a TypeError)', async () => {
    await expect(loadFile(3 as never)).rejects.toThrow(ValueError);
    await expect(loadFile(3 as never)).rejects.toThrow('loadFile: path must be a non-empty string, got 3');
    await expect(saveFile(undefined as never, {})).rejects.toThrow('saveFile: path must be a non-empty string, got undefined');
  });
  it('a dict that cannot be saved names the target file', async () => {
    await expect(saveFile('/nonexistent-dir/x.safetensors', { a: 3 } as never)).rejects.toThrow(
      "/nonexistent-dir/x.safetensors: safetensors.encode: 'a' is not a tensor (got 3)");
  });
});
