import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { train } from './commands/train';
import { loadCheckpoint, disposeCheckpoint } from './checkpoint';
import { BufferSink } from './io';
import { tempDir } from './test-helpers';

const args = (out: string) => ['lenet5', '--subset', '--epochs', '2', '--max-steps', '3', '--batch-size', '16', '--augment', '--seed', '7', '--out', out];

async function modelBytes(dir: string): Promise<Map<string, Uint8Array>> {
  const c = await loadCheckpoint(join(dir, 'checkpoint.safetensors'));
  const out = new Map<string, Uint8Array>();
  for (const [k, t] of Object.entries(c.model)) out.set(k, new Uint8Array((await t.data()).slice().buffer));
  for (const [i, s] of Object.entries(c.optimizer.state)) {
    for (const [k, v] of Object.entries(s)) out.set(`optim.${i}.${k}`, typeof v === 'number' ? new Uint8Array(Float64Array.of(v).buffer) : new Uint8Array((await v.data()).slice().buffer));
  }
  disposeCheckpoint(c);
  return out;
}

describe('checkpoint and resume', () => {
  it('an interrupted run resumed from its last checkpoint ends bit for bit where an uninterrupted run ends', async () => {
    const root = await tempDir();
    const straight = join(root, 'straight');
    const broken = join(root, 'broken');
    const io = () => ({ stdout: new BufferSink(), stderr: new BufferSink() });

    expect(await train(args(straight), io())).toBe(0);

    // Ctrl-C during epoch 2: the loop sees the aborted signal and stops after the step in progress
    const controller = new AbortController();
    const first = { ...io(), signal: controller.signal };
    const code = await train(args(broken), first, {
      onStep: (s) => {
        if (s.epoch === 2 && s.step === 1) controller.abort();
      },
    });
    expect(code).toBe(130);
    expect(first.stderr.text).toContain('interrupted during epoch 2 (after step 1 of 3)');
    expect(first.stderr.text).toContain(`the checkpoint of epoch 1 is in ${join(broken, 'checkpoint.safetensors')}`);
    expect(first.stderr.text).toMatch(/resume with: dnn train lenet5 --variant modern --out \S+ --subset --epochs 2 --max-steps 3 --resume/);
    const ckpt = await loadCheckpoint(join(broken, 'checkpoint.safetensors'));
    expect(ckpt.epoch).toBe(1);
    expect(ckpt.metrics.map((r) => r.epoch)).toEqual([1]);
    expect(ckpt.config).toMatchObject({ seed: 7, batchSize: 16, augment: true, maxSteps: 3, optimizer: 'adam' });
    expect(ckpt.optimizer.state[0]!.step).toBe(3); // Adam's step count survives the file
    disposeCheckpoint(ckpt);
    const checkpointAfterEpoch1 = await readFile(join(broken, 'checkpoint.safetensors'));

    // resuming takes the rest of the configuration from the checkpoint
    const second = io();
    expect(await train(['lenet5', '--subset', '--out', broken, '--resume'], second)).toBe(0);
    expect(second.stdout.text).toContain('resuming');
    expect(second.stdout.text).toContain('after epoch 1 of 2');
    expect(await readFile(join(broken, 'checkpoint.safetensors'))).not.toEqual(checkpointAfterEpoch1);

    const a = await modelBytes(straight);
    const b = await modelBytes(broken);
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    expect(a.size).toBe(10 + 30); // 10 parameters; Adam's two moments and step count for each
    for (const [k, bytes] of a) expect(b.get(k), k).toEqual(bytes);

    // and the metrics of both runs agree on everything but the timings
    const strip = (s: string) => (JSON.parse(s) as Record<string, number>[]).map(({ imagesPerSecond: _, seconds: __, ...r }) => r);
    const ma = strip(await readFile(join(straight, 'metrics.json'), 'utf8'));
    const mb = strip(await readFile(join(broken, 'metrics.json'), 'utf8'));
    expect(mb).toEqual(ma);
    expect(ma).toHaveLength(2);
    expect((await stat(join(broken, 'curves.svg'))).size).toBeGreaterThan(1000);
  });

  it('refuses to overwrite a run without --resume or --force, and to resume with changed options', async () => {
    const root = await tempDir();
    const out = join(root, 'run');
    const quick = ['lenet5', '--subset', '--epochs', '1', '--max-steps', '1', '--batch-size', '8', '--out', out];
    expect(await train(quick, { stdout: new BufferSink(), stderr: new BufferSink() })).toBe(0);
    await expect(train(quick, { stdout: new BufferSink(), stderr: new BufferSink() })).rejects.toThrow(
      `dnn train: ${out} already holds a checkpoint; pass --resume to continue that run, --force to replace it, or --out DIR to start elsewhere`,
    );
    await expect(train([...quick, '--resume', '--lr', '0.5'], { stdout: new BufferSink(), stderr: new BufferSink() })).rejects.toThrow(
      '--resume continues the run as it was started; these options differ: lr 0.5 (the checkpoint has 0.002)',
    );
    const done = { stdout: new BufferSink(), stderr: new BufferSink() };
    expect(await train([...quick, '--resume'], done)).toBe(0);
    expect(done.stdout.text).toContain('already trained 1 epoch; pass --epochs N (N > 1) with --resume to train further');
    await expect(train(['lenet5', '--subset', '--out', join(root, 'nothing'), '--resume'], { stdout: new BufferSink(), stderr: new BufferSink() }))
      .rejects.toThrow(`--resume: no checkpoint at ${join(root, 'nothing', 'checkpoint.safetensors')}`);
  });
});
