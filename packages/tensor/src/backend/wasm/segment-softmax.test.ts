import { describe, expect, it } from 'vitest';
import type { View } from '../contract';
import type { TypedArray } from '../../dtype';
import { hostUniform } from '../../testing/host-random';
import { ValueError } from '../../errors';
import { denseView, excess, sameBits, tsBackend, wasmBackend } from './test-util';

const one = wasmBackend(1), two = wasmBackend(2);

const ids = (E: number, count: number, seed: number): View<TypedArray> => ({
  buffer: Int32Array.from(hostUniform(E, seed, 0, 1), (u) => Math.floor(u * count)), dtype: 'int32', shape: [E], strides: [1], offset: 0,
});

/** Softmax within segments in float64 (the exp of float32 inputs exact to double precision). */
function reference(x: Float32Array, id: Int32Array, count: number, W: number): Float64Array {
  const max = new Float64Array(count * W).fill(-Infinity), sum = new Float64Array(count * W);
  id.forEach((s, k) => { for (let w = 0; w < W; w++) max[s * W + w] = Math.max(max[s * W + w]!, x[k * W + w]!); });
  const e = Float64Array.from(x, (v, i) => Math.exp(v - max[id[Math.floor(i / W)]! * W + (i % W)]!));
  e.forEach((v, i) => { sum[id[Math.floor(i / W)]! * W + (i % W)]! += v; });
  return e.map((v, i) => v / sum[id[Math.floor(i / W)]! * W + (i % W)]!);
}

describe('wasm segmentSoftmax (vector exp) and its gradient', () => {
  // the last case is large enough to be split between threads
  for (const [E, W, count] of [[6000, 4, 500], [9001, 1, 40], [3000, 3, 2999], [70000, 4, 9000]] as const) {
    it(`[${E}, ${W}] rows in ${count} segments: float64 reference, 1 and 2 threads the same bits`, () => {
      const x = Float32Array.from(hostUniform(E * W, E + W, -30, 30));
      const id = ids(E, count, 7);
      const xv = denseView(x, [E, W]);
      const got = one.segmentSoftmax!(xv, id, count);
      expect(excess(got, reference(x, id.buffer as Int32Array, count, W), 1e-6)).toBeLessThanOrEqual(0);
      expect(sameBits(two.segmentSoftmax!(xv, id, count), got)).toBe(true);
      expect(excess(got, tsBackend.segmentSoftmax!(xv, id, count), 1e-6)).toBeLessThanOrEqual(0);
      // the gradient y ⊙ (g − Σ g ⊙ y) against the TypeScript kernel (float64 dot products)
      const gv = denseView(Float32Array.from(hostUniform(E * W, 9)), [E, W]), yv = denseView(got as Float32Array, [E, W]);
      const dx = one.segmentSoftmaxBackward!(yv, gv, id, count);
      expect(excess(dx, tsBackend.segmentSoftmaxBackward!(yv, gv, id, count), 1e-6)).toBeLessThanOrEqual(0);
      expect(sameBits(two.segmentSoftmaxBackward!(yv, gv, id, count), dx)).toBe(true);
    });
  }

  it('exp edge cases: −∞ gives 0, NaN propagates, tiny weights flush to 0, ties share equally', () => {
    const E = 4096;
    const x = new Float32Array(E).fill(0);
    // segment 0: rows 0..3 with −∞, 0, −100 and 0; segment 1: a NaN in row 4; the rest alone
    x[0] = -Infinity; x[2] = -100; x[4] = NaN;
    const id = Int32Array.from({ length: E }, (_, k) => (k < 4 ? 0 : k - 3));
    const got = one.segmentSoftmax!(denseView(x, [E, 1]), { buffer: id, dtype: 'int32', shape: [E], strides: [1], offset: 0 }, E - 3);
    expect(Array.from(got.subarray(0, 4))).toEqual([0, 0.5, 0, 0.5]);
    expect(got[4]).toBeNaN();
    expect(got[5]).toBe(1);
  });

  it('leaves ids out of range to the TypeScript kernel, which reports them', () => {
    const id = ids(5000, 10, 3);
    (id.buffer as Int32Array)[17] = 10;
    expect(() => one.segmentSoftmax!(denseView(new Float32Array(5000), [5000, 1]), id, 10)).toThrow(ValueError);
  });
});
