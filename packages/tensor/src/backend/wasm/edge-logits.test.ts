import { describe, expect, it } from 'vitest';
import type { View } from '../contract';
import type { TypedArray } from '../../dtype';
import { hostUniform } from '../../testing/host-random';
import { ValueError } from '../../errors';
import { denseView, excess, randomF32, sameBits, tsBackend, wasmBackend } from './test-util';

const one = wasmBackend(1), two = wasmBackend(2);

const ids = (E: number, size: number, seed: number): View<TypedArray> => ({
  buffer: Int32Array.from(hostUniform(E, seed, 0, 1), (u) => Math.floor(u * size)), dtype: 'int32', shape: [E], strides: [1], offset: 0,
});

describe('wasm edgeLogits gives the TypeScript kernel\'s bits', () => {
  // [N, R, W, E]: four lanes, one lane (the scalar tail only), and six (a vector and a tail)
  for (const [N, R, W, E] of [[300, 250, 4, 5000], [2000, 1500, 1, 9000], [100, 90, 6, 1200]] as const) {
    it(`[${N}, ${W}] sources, [${R}, ${W}] targets, ${E} entries: forward and gradient, float64 reference`, () => {
      const s = randomF32(N * W, 1), d = randomF32(R * W, 2), g = randomF32(E * W, 3);
      const sv = denseView(s, [N, W]), dv = denseView(d, [R, W]), gv = denseView(g, [E, W]);
      const row = ids(E, R, 4), col = ids(E, N, 5);
      const got = one.edgeLogits!(sv, dv, row, col, 0.2);
      expect(sameBits(got, tsBackend.edgeLogits!(sv, dv, row, col, 0.2))).toBe(true);
      const r = row.buffer as Int32Array, c = col.buffer as Int32Array;
      const want = Float64Array.from({ length: E * W }, (_, i) => {
        const k = Math.floor(i / W), w = i % W, z = s[c[k]! * W + w]! + d[r[k]! * W + w]!;
        return z > 0 ? z : 0.2 * z;
      });
      expect(excess(got, want, 1e-6)).toBeLessThanOrEqual(0);
      const [ds, dd] = one.edgeLogitsBackward!(sv, dv, row, col, gv, 0.2);
      const [ts, td] = tsBackend.edgeLogitsBackward!(sv, dv, row, col, gv, 0.2);
      expect(sameBits(ds!, ts!) && sameBits(dd!, td!)).toBe(true);
    });
  }

  it('splits entries over two threads with the same bits; out-of-range indices are reported', () => {
    const [N, W, E] = [5000, 4, 80000];
    const sv = denseView(randomF32(N * W, 1), [N, W]), dv = denseView(randomF32(N * W, 2), [N, W]);
    const row = ids(E, N, 3), col = ids(E, N, 4);
    expect(sameBits(two.edgeLogits!(sv, dv, row, col, 0.2), one.edgeLogits!(sv, dv, row, col, 0.2))).toBe(true);
    (col.buffer as Int32Array)[5] = N;
    expect(() => one.edgeLogits!(sv, dv, row, col, 0.2)).toThrow(ValueError);
  });
});
