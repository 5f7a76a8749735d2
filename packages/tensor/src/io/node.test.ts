import { describe, it, expect, afterAll } from 'vitest';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveCheckpoint, loadCheckpoint } from '@dnn/tensor/node';
import { tensor } from '../ops/creation';
import { Sequential, Linear } from '../nn/index';

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
    await saveCheckpoint(path, net.stateDict(), { metadata: { epoch: '4' } });
    expect(await readdir(dir)).toEqual(['model.safetensors']); // no temp file left behind
    const loaded = await loadCheckpoint(path);
    const copy = new Sequential(new Linear(3, 2), new Linear(2, 1));
    copy.loadStateDict(loaded);
    const x = tensor([[1, -2, 0.5]]);
    expect(Array.from(copy.forward(x).dataSync())).toEqual(Array.from(net.forward(x).dataSync()));
    await expect(loadCheckpoint(join(dir, 'missing.safetensors'))).rejects.toThrow(/ENOENT/);
  });
});
