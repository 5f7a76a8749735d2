import { describe, expect, it } from 'vitest';
import { tensor } from '@dnn/tensor';
import { fitClassRbms } from './rbm-generator';

describe('fitClassRbms', () => {
  it('learns each class from its own images and returns samples in the order the labels ask', () => {
    // class 0: the left half lit, class 1: the right half (8 pixels, 4 images each)
    const rows = Array.from({ length: 8 }, (_, i) => Array.from({ length: 8 }, (_, j) => (i % 2 === 0 ? j < 4 : j >= 4) ? 1 : 0));
    const train = { x: tensor(rows.flat(), { shape: [8, 8] }), y: tensor(Int32Array.from(rows.map((_, i) => i % 2)), { dtype: 'int32' as const }) };
    const sample = fitClassRbms(train, { steps: 200, seed: 0, numClasses: 2 });
    const labels = [1, 0, 0, 1, 1];
    const x = sample(tensor(Int32Array.from(labels), { dtype: 'int32' }));
    expect(x.shape).toEqual([5, 8]);
    const v = Array.from(x.dataSync(), Number);
    const mean = (from: number) => (v[from]! + v[from + 1]! + v[from + 2]! + v[from + 3]!) / 4;
    labels.forEach((c, i) => {
      const left = mean(8 * i);
      const right = mean(8 * i + 4);
      // each sample looks like its own class: its lit half is brighter than the dark one
      expect(c === 0 ? left - right : right - left).toBeGreaterThan(0.5);
    });
  });
});
