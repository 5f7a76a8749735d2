import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './test-helpers';
import type { EpochRecord } from './run-files';

describe('dnn train on the embedded subset (the CI run)', () => {
  it('gets the modern LeNet-5 well above chance in one epoch, and dnn eval reproduces the number', async () => {
    const out = join(await tempDir(), 'ci');
    const run = await runCli(['train', 'lenet5', '--subset', '--epochs', '1', '--seed', '0', '--out', out]);
    expect(run.stderr).not.toMatch(/error/);
    expect(run.code).toBe(0);
    const [record] = JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8')) as EpochRecord[];
    // one epoch = 94 steps of 64 images, Adam lr 1e-3, seed 0: measured test accuracy 0.715 (test
    // loss 0.768) on the subset's 1,000 test images; chance is 0.1
    expect(record!.testAccuracy).toBeGreaterThanOrEqual(0.65);
    expect(record!.testLoss).toBeLessThan(0.9);
    expect(record!.trainLoss).toBeLessThan(1.3);

    const ev = await runCli(['eval', join(out, 'checkpoint.safetensors'), '--subset']);
    expect(ev.code).toBe(0);
    expect(ev.stdout).toContain(`accuracy ${(record!.testAccuracy * 100).toFixed(2)}% (${Math.round(record!.testAccuracy * 1000)} of 1,000)`);
    expect(ev.stdout).toContain(`test loss ${record!.testLoss.toFixed(4)}`);
    expect(ev.stdout).toContain('trained 1 epoch');
    // the subset has 100 test images per class; each class's row names it
    const rows = ev.stdout.split('\n').filter((l) => /^\d /.test(l));
    expect(rows).toHaveLength(10);
    expect(rows[0]).toMatch(/^0 T-shirt\/top\s+\d+\/100\s+\d+\.\d%$/);
    expect(rows[9]).toMatch(/^9 Ankle boot\s+\d+\/100/);
    const correct = rows.reduce((s, r) => s + Number(/(\d+)\/100/.exec(r)![1]), 0);
    expect(correct).toBe(Math.round(record!.testAccuracy * 1000));
  });
});
