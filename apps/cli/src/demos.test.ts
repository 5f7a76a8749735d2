import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Linear, mseLoss, randn, tensor, type Tensor } from '@dnn/tensor';
import { lossStep, type Batch } from '@dnn/train';
import { DEMOS } from './demos/index';
import type { Demo } from './demos/types';
import { checkXml, runCli, tempDir } from './test-helpers';

/** y = 3x − 1 plus nothing: batches of 8 points, the same every epoch. */
class Line implements AsyncIterable<Batch> {
  epoch = 0;
  readonly length = 4;
  async *[Symbol.asyncIterator](): AsyncIterator<Batch> {
    this.epoch++;
    for (let b = 0; b < this.length; b++) {
      const xs = Float32Array.from({ length: 8 }, (_, i) => (b * 8 + i) / 16 - 1);
      yield { x: tensor(xs, { shape: [8, 1] }), y: tensor(xs.map((v) => 3 * v - 1), { shape: [8, 1] }) };
    }
  }
}

let steps = 0;
/** A demo as a new family would add it: its own data, loss, step hook, no accuracy, and samples. */
const toy: Demo = {
  title: 'Toy line',
  variants: ['plain'],
  defaultVariant: 'plain',
  inputShape: [1],
  build: (_v, device) => new Linear(1, 1, { device }),
  defaults: () => ({ optimizer: 'sgd', lr: 0.3, momentum: 0, batchSize: 8, epochs: 3 }),
  data: async () => ({ train: new Line(), test: new Line(), trainCount: 32, description: 'data: a line, 32 points', origin: { source: 'toy', path: 'y = 3x - 1' } }),
  loss: (out: Tensor, y: Tensor) => mseLoss(out, y),
  lossName: 'mean squared error',
  metrics: {},
  step: ({ model, optimizer }) => (batch) => {
    steps++;
    return { loss: lossStep(model, batch, { optimizer, loss: (o, y) => mseLoss(o, y) }), batchMean: batch.y.mean() };
  },
  sample: async (model, o) => {
    const x = randn([o.count, 1]);
    const y = await model.forward(x).array();
    await writeFile(join(o.out, 'samples.json'), JSON.stringify(y));
    return `wrote ${o.count} samples to ${join(o.out, 'samples.json')}\n`;
  },
};

(DEMOS as Record<string, Demo>).toy = toy;
afterAll(() => void delete (DEMOS as Record<string, Demo>).toy);

describe('a demo registered by one line', () => {
  it('trains through dnn train with its own step, loss and metrics, and samples through dnn sample', async () => {
    const out = join(await tempDir(), 'toy');
    const r = await runCli(['train', 'toy', '--out', out]);
    expect(r.stderr).not.toContain('error');
    expect(r.code).toBe(0);
    expect(steps).toBe(12);
    expect(r.stdout).toMatch(/^epoch\s+train loss\s+test loss\s+samples\/s\s+time$/m);
    expect(r.stdout).toContain('done: test loss');
    const metrics = JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8')) as Record<string, number>[];
    expect(Object.keys(metrics[0]!).sort()).toEqual(['epoch', 'samplesPerSecond', 'seconds', 'testLoss', 'trainBatchMean', 'trainLoss']);
    expect(metrics[0]!.trainBatchMean).toBeCloseTo(3 * (15.5 / 16 - 1) - 1, 6); // mean of 3x − 1 over x = k/16 − 1, k = 0…31
    expect(metrics[2]!.testLoss).toBeLessThan(metrics[0]!.testLoss!);
    const svg = await readFile(join(out, 'curves.svg'), 'utf8');
    checkXml(svg);
    expect(svg).toContain('>loss (mean squared error)</text>');
    expect(svg.match(/class="legend"/g)).toHaveLength(1); // no accuracy panel

    const s = await runCli(['sample', 'toy', join(out, 'checkpoint.safetensors'), '--count', '3']);
    expect(s.code).toBe(0);
    expect(s.stdout).toBe(`wrote 3 samples to ${join(out, 'samples.json')}\n`);
    expect(JSON.parse(await readFile(join(out, 'samples.json'), 'utf8'))).toHaveLength(3);
    expect((await readdir(out)).sort()).toEqual(['checkpoint.safetensors', 'curves.svg', 'metrics.json', 'samples.json']);
    expect((await runCli(['--help'])).stdout).toMatch(/^ {2}sample\s+draw samples/m);
  });

  it('dnn sample refuses a model that does not sample, naming those that do', async () => {
    const r = await runCli(['sample', 'lenet5', 'x.safetensors']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('dnn sample: lenet5 does not draw samples (generative demos: rbm, dbn, dbm, char-lstm, seq2seq, vae, gan, flow, toy)');
  });
});
