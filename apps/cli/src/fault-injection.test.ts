import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { disposeCheckpoint, exists, loadCheckpoint } from './checkpoint';
import { runCli, tempDir } from './test-helpers';
import { spawnDnn } from './test-process';

const PRELOAD = fileURLToPath(new URL('../test/kill-during-write.mjs', import.meta.url));
const run = (out: string) => ['train', 'lenet5', '--subset', '--epochs', '2', '--max-steps', '3', '--batch-size', '16', '--seed', '3', '--out', out];

/** Every tensor of a checkpoint (model and optimizer state) as bytes, by name. */
async function stateBytes(dir: string): Promise<Map<string, string>> {
  const c = await loadCheckpoint(join(dir, 'checkpoint.safetensors'));
  const out = new Map<string, string>();
  for (const [k, t] of Object.entries(c.model)) out.set(k, Buffer.from((await t.data()).slice().buffer).toString('base64'));
  for (const [i, s] of Object.entries(c.optimizer.state)) {
    for (const [k, v] of Object.entries(s)) out.set(`optim.${i}.${k}`, typeof v === 'number' ? String(v) : Buffer.from((await v.data()).slice().buffer).toString('base64'));
  }
  disposeCheckpoint(c);
  return out;
}

/** After a kill: the checkpoint (if any) loads, metrics.json (if any) is whole and not ahead of it; then the run finishes bit for bit. */
async function checkAndFinish(out: string, straight: Map<string, string>): Promise<void> {
  const hasCheckpoint = await exists(join(out, 'checkpoint.safetensors'));
  let epoch = 0;
  if (hasCheckpoint) {
    const c = await loadCheckpoint(join(out, 'checkpoint.safetensors'));
    epoch = c.epoch;
    disposeCheckpoint(c);
  }
  if (await exists(join(out, 'metrics.json'))) {
    const metrics = JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8')) as unknown[];
    expect(metrics.length).toBeLessThanOrEqual(epoch);
  }
  const again = await runCli([...run(out), hasCheckpoint ? '--resume' : '--force']);
  expect(again.code, again.stderr).toBe(0);
  expect(await stateBytes(out)).toEqual(straight);
  expect(JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8'))).toHaveLength(2);
  expect((await readdir(out)).sort()).toEqual(['checkpoint.safetensors', 'curves.svg', 'metrics.json']);
}

describe('fault injection: kill -9', () => {
  it('at chosen points (mid checkpoint write, mid metrics write) and at random times, then resume ends bit for bit', async () => {
    const root = await tempDir();
    const straightDir = join(root, 'straight');
    expect((await runCli(run(straightDir))).code).toBe(0);
    const straight = await stateBytes(straightDir);

    // the checkpoint of epoch 2 torn mid-write: epoch 1's stays, whole
    const ckpt = join(root, 'ckpt');
    const a = await spawnDnn(run(ckpt), { preload: PRELOAD, env: { DNN_FAULT_FILE: 'checkpoint.safetensors', DNN_FAULT_NTH: '2' } });
    expect(a.signal).toBe('SIGKILL');
    expect((await readdir(ckpt)).some((f) => f.startsWith('.checkpoint.safetensors.') && f.endsWith('.tmp'))).toBe(true);
    expect((await loadCheckpoint(join(ckpt, 'checkpoint.safetensors'))).epoch).toBe(1);
    await checkAndFinish(ckpt, straight);

    // metrics.json of epoch 1 torn mid-write: the checkpoint of epoch 1 is there, metrics.json is not
    const metrics = join(root, 'metrics');
    const b = await spawnDnn(run(metrics), { preload: PRELOAD, env: { DNN_FAULT_FILE: 'metrics.json', DNN_FAULT_NTH: '1' } });
    expect(b.signal).toBe('SIGKILL');
    expect(await exists(join(metrics, 'metrics.json'))).toBe(false);
    await checkAndFinish(metrics, straight);

    // and at times drawn at random over the run (startup, training, the writes)
    const startup = Date.now();
    await spawnDnn(['summary', 'lenet5']);
    const base = Date.now() - startup;
    for (let k = 0; k < 2; k++) {
      const out = join(root, `random-${k}`);
      const at = base + Math.floor(Math.random() * 2500);
      const r = await spawnDnn(run(out), { killAfterMs: at });
      expect(r.signal === 'SIGKILL' || r.code === 0, `killed at ${at} ms`).toBe(true);
      await checkAndFinish(out, straight);
    }
  });
});
