import { describe, it, expect } from 'vitest';
import { tensor } from '@dnn/tensor';
import { Segments } from './segments';

describe('Segments: reductions by id, exact values', () => {
  const seg = new Segments(Int32Array.from([2, 0, 2, 2, 0]), 4);
  const src = tensor([[1, 10], [2, 20], [3, -30], [-4, 40], [5, 50]], { dtype: 'float64' });
  it('sum, mean, max (empty segments give 0)', () => {
    expect(seg.sum(src).arraySync()).toEqual([[7, 70], [0, 0], [0, 20], [0, 0]]);
    expect(seg.mean(src).arraySync()).toEqual([[3.5, 35], [0, 0], [0, 20 / 3], [0, 0]]);
    expect(seg.max(src).arraySync()).toEqual([[5, 50], [0, 0], [3, 40], [0, 0]]);
    expect(seg.maxSize).toBe(3);
  });
  it('softmax within each segment, stable for large logits', () => {
    const s = seg.softmax(tensor([[1000], [0], [1001], [999], [2]], { dtype: 'float64' })).dataSync();
    const z = 1 + Math.E + 1 / Math.E;
    const expected = [1 / z, 1 / (1 + Math.exp(2)), Math.E / z, 1 / Math.E / z, Math.exp(2) / (1 + Math.exp(2))];
    expected.forEach((e, i) => expect(s[i]).toBeCloseTo(e, 14));
  });
  it('refuses ids out of range and rows that do not match', () => {
    expect(() => new Segments(Int32Array.from([0, 3]), 3, 'pool')).toThrow(/pool: id 3 at position 1 is outside \[0, 3\)/);
    expect(() => seg.sum(tensor([[1, 2]]))).toThrow(/expected 5 rows/);
  });
});
