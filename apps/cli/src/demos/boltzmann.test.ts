import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../test-helpers';

const PNG_SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

async function train(name: string, args: string[]): Promise<{ out: string; metrics: Record<string, number>[] }> {
  const out = join(await tempDir(), name);
  const r = await runCli(['train', name, '--out', out, ...args]);
  expect(r.stderr).not.toContain('rror');
  expect(r.code).toBe(0);
  return { out, metrics: JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8')) as Record<string, number>[] };
}

async function expectSamples(name: string, out: string): Promise<void> {
  const s = await runCli(['sample', name, join(out, 'checkpoint.safetensors'), '--count', '4']);
  expect(s.code).toBe(0);
  expect(s.stdout).toContain('samples.png (4 images)');
  for (const file of ['samples.png', 'filters.png']) expect([...(await readFile(join(out, file))).subarray(0, 8)]).toEqual(PNG_SIGNATURE);
}

// An untrained RBM reconstructs every pixel as ½: a squared error of 784/4 = 196 per image. The
// figures asserted are well below it (measured on the subset: RBM CD-1 79 after 40 steps, DBN 103 after
// 60, DBM 107 after 60).
describe('Boltzmann demos through dnn train and dnn sample (embedded subset)', () => {
  it('rbm (PCD): the test reconstruction error falls below 120 in 40 steps; samples and filters as PNG', async () => {
    const { out, metrics } = await train('rbm', ['--subset', '--variant', 'pcd', '--epochs', '2', '--max-steps', '20']);
    expect(metrics[1]!.testLoss).toBeLessThan(120);
    await expectSamples('rbm', out);
  });

  it('dbn: greedy pretraining of layer 1 then layer 2 (one epoch each) brings the error below 150', async () => {
    const { out, metrics } = await train('dbn', ['--subset', '--epochs', '2', '--max-steps', '30']);
    expect(metrics.map((m) => m.trainLayer)).toEqual([1, 2]);
    expect(metrics[1]!.testLoss).toBeLessThan(150);
    await expectSamples('dbn', out);
  });

  it('dbm: two pretraining phases and joint training keep the mean-field error below 150', async () => {
    const { out, metrics } = await train('dbm', ['--subset', '--epochs', '3', '--max-steps', '20']);
    expect(metrics.map((m) => m.trainPhase)).toEqual([1, 2, 3]);
    expect(metrics[2]!.testLoss).toBeLessThan(150);
    await expectSamples('dbm', out);
  });

  it('bm-encoder: 1000 steps of the Boltzmann learning rule complete every pattern (seed 0)', async () => {
    const { metrics } = await train('bm-encoder', ['--epochs', '20']);
    expect(metrics[19]!.testLoss).toBe(0);
  });
});
