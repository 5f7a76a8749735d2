import { describe, expect, it } from 'vitest';
import { DataLoader, ImageDataset } from '@dnn/data';
import { cpu, manualSeed } from '@dnn/tensor';
import { makeOptimizer } from './optimizer';
import { MODELS } from './registry';
import { fit, type StepInfo } from './train-loop';

/** Random 28×28 images whose label is which quarter of the image is bright: learnable in a few steps. */
function synthetic(count: number, seed: number): ImageDataset {
  const images = new Uint8Array(count * 784);
  const labels = new Uint8Array(count);
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) >>> 0) >>> 8) / 2 ** 24;
  for (let i = 0; i < count; i++) {
    const label = i % 4;
    labels[i] = label;
    for (let p = 0; p < 784; p++) {
      const quarter = (Math.floor(p / 28) < 14 ? 0 : 2) + (p % 28 < 14 ? 0 : 1);
      images[i * 784 + p] = quarter === label ? 200 + Math.floor(rnd() * 55) : Math.floor(rnd() * 60);
    }
  }
  return new ImageDataset({ images, labels, count });
}

function setup() {
  manualSeed(0);
  const model = MODELS.lenet5!.build('modern');
  const optimizer = makeOptimizer(model, { optimizer: 'adam', lr: 3e-3, momentum: 0 });
  const train = new DataLoader(synthetic(64, 1), { batchSize: 8, shuffle: true, seed: 0 });
  const test = new DataLoader(synthetic(32, 2), { batchSize: 16 });
  return { model, optimizer, train, test };
}

describe('fit', () => {
  it('keeps memory flat: after the first step (which creates the optimizer state) no step leaves a tensor behind', async () => {
    const s = setup();
    const live: number[] = [];
    const bytes: number[] = [];
    const r = await fit({
      ...s, epochs: 2, maxSteps: 6,
      onStep: () => {
        live.push(cpu().memory().tensors);
        bytes.push(cpu().memory().bytes);
      },
    });
    expect(r.interrupted).toBe(false);
    expect(live).toHaveLength(12);
    expect(new Set(live.slice(1))).toEqual(new Set([live[1]]));
    expect(new Set(bytes.slice(1))).toEqual(new Set([bytes[1]]));
    // and it learned the synthetic task: four classes, chance is 0.25
    expect(r.records[1]!.testAccuracy).toBeGreaterThan(0.9);
    expect(r.records[1]!.trainLoss).toBeLessThan(r.records[0]!.trainLoss);
    s.optimizer.dispose();
  });

  it('stops after the step in progress once the signal is aborted, reporting no record for the cut epoch', async () => {
    const s = setup();
    const controller = new AbortController();
    const steps: StepInfo[] = [];
    const ends: number[] = [];
    const r = await fit({
      ...s, epochs: 3, signal: controller.signal,
      onStep: (info) => {
        steps.push(info);
        if (info.epoch === 2 && info.step === 3) controller.abort();
      },
      onEpochEnd: (rec) => void ends.push(rec.epoch),
    });
    expect(r.interrupted).toBe(true);
    expect(ends).toEqual([1]);
    expect(r.records.map((x) => x.epoch)).toEqual([1]);
    expect(steps.map((x) => `${x.epoch}.${x.step}`)).toEqual(['1.1', '1.2', '1.3', '1.4', '1.5', '1.6', '1.7', '1.8', '2.1', '2.2', '2.3']);
    expect(steps[0]!.steps).toBe(8);
    s.optimizer.dispose();
  });

  it('gives the event loop a turn after every step, so a Ctrl-C handler (a macrotask) stops the epoch early', async () => {
    const s = setup();
    const controller = new AbortController();
    let steps = 0;
    const r = await fit({
      ...s, epochs: 1, signal: controller.signal,
      onStep: (info) => {
        steps = info.step;
        if (info.step === 2) setTimeout(() => controller.abort(), 0);
      },
    });
    expect(r.interrupted).toBe(true);
    expect(steps).toBeGreaterThanOrEqual(2);
    expect(steps).toBeLessThan(8);
    s.optimizer.dispose();
  });

  it('startEpoch sets the loader to that epoch, so the shuffle continues as in an unbroken run', async () => {
    const s = setup();
    const seen: number[] = [];
    await fit({ ...s, epochs: 3, startEpoch: 3, maxSteps: 1, onEpochStart: () => void seen.push(s.train.epoch) });
    expect(seen).toEqual([2]); // loader epochs count from 0
    expect(s.train.epoch).toBe(3); // the one pass it ran advanced it
    s.optimizer.dispose();
  });
});
