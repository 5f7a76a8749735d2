import { describe, expect, it } from 'vitest';
import { batchCount, batchIndices, epochOrder } from './sampler';

describe('epochOrder', () => {
  it('is 0..n-1 without shuffle', () => {
    expect(Array.from(epochOrder(5, { shuffle: false, seed: 1, epoch: 3 }))).toEqual([0, 1, 2, 3, 4]);
  });

  it('is a permutation, reproducible per (seed, epoch), different across epochs and seeds', () => {
    const a = epochOrder(1000, { shuffle: true, seed: 7, epoch: 0 });
    expect(Array.from(a).sort((x, y) => x - y)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(epochOrder(1000, { shuffle: true, seed: 7, epoch: 0 })).toEqual(a);
    expect(epochOrder(1000, { shuffle: true, seed: 7, epoch: 1 })).not.toEqual(a);
    expect(epochOrder(1000, { shuffle: true, seed: 8, epoch: 0 })).not.toEqual(a);
    // (seed 8, epoch 0) and (seed 7, epoch 1) must differ too: the key is not seed + epoch
    expect(epochOrder(1000, { shuffle: true, seed: 8, epoch: 0 })).not.toEqual(
      epochOrder(1000, { shuffle: true, seed: 7, epoch: 1 }),
    );
  });
});

describe('batches', () => {
  it('counts with and without dropLast', () => {
    expect(batchCount(10, 3, false)).toBe(4);
    expect(batchCount(10, 3, true)).toBe(3);
    expect(batchCount(9, 3, true)).toBe(3);
    expect(batchCount(0, 3, false)).toBe(0);
  });

  it('slices the order', () => {
    const order = Int32Array.of(4, 3, 2, 1, 0);
    expect(Array.from(batchIndices(order, 1, 2))).toEqual([2, 1]);
    expect(Array.from(batchIndices(order, 2, 2))).toEqual([0]);
  });
});
