import { describe, expect, it } from 'vitest';
import { split } from './split';

const labels = Uint8Array.from({ length: 1000 }, (_, i) => i % 10); // 100 of each class

function classCounts(labelsOf: ArrayLike<number>, idx: Int32Array): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const i of idx) counts[labelsOf[i]!]!++;
  return counts;
}

describe('split', () => {
  it('divides every class in proportion and covers each sample once', () => {
    const [a, b] = split(labels, [0.9, 0.1], 3);
    expect(a!.length).toBe(900);
    expect(b!.length).toBe(100);
    expect(classCounts(labels, a!)).toEqual(new Array(10).fill(90));
    expect(classCounts(labels, b!)).toEqual(new Array(10).fill(10));
    const all = [...a!, ...b!].sort((x, y) => x - y);
    expect(all).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(Array.from(a!)).toEqual([...a!].sort((x, y) => x - y)); // ascending
  });

  it('is reproducible by seed and changes with it', () => {
    expect(split(labels, [0.5, 0.5], 1)).toEqual(split(labels, [0.5, 0.5], 1));
    expect(split(labels, [0.5, 0.5], 1)[0]).not.toEqual(split(labels, [0.5, 0.5], 2)[0]);
  });

  it('rounds by largest remainder so a class is never lost', () => {
    // 3 samples of class 0 into thirds: one each
    const parts = split([0, 0, 0], [1 / 3, 1 / 3, 1 / 3], 0);
    expect(parts.map((p) => p.length)).toEqual([1, 1, 1]);
  });

  it('leaves the rest out when fractions sum below 1', () => {
    const [a] = split(labels, [0.2], 0);
    expect(classCounts(labels, a!)).toEqual(new Array(10).fill(20));
  });

  it('rejects bad fractions', () => {
    expect(() => split(labels, [], 0)).toThrow(/at least one/);
    expect(() => split(labels, [0.7, 0.7], 0)).toThrow(/sum to 1\.4/);
    expect(() => split(labels, [1, 0], 0)).toThrow(/positive/);
  });
});
