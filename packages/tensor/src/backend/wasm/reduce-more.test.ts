import { describe, expect, it } from 'vitest';
import type { ArgReduceOp, ReduceOp, View } from '../contract';
import type { TypedArray } from '../../dtype';
import { contiguousStrides } from '../../shape';
import { wasmRuntime } from './runtime';
import { randomF32, sameBits, tsBackend, wasmBackend } from './test-util';

const one = wasmBackend(1), two = wasmBackend(2);

const view = (buffer: Float32Array, shape: number[], strides = contiguousStrides(shape), offset = 0): View<TypedArray> =>
  ({ buffer, dtype: 'float32', shape, strides, offset });

/** Ties (values on a grid of quarters), zeros of both signs, and NaN or ±∞ in some rows. */
function tiesAndSpecials(rows: number, cols: number, seed: number): Float32Array {
  const x = randomF32(rows * cols, seed).map((v) => Math.round(v * 8) / 4);
  for (let r = 0; r < rows; r++) {
    const kind = r % 7, at = r * cols + ((r * 31) % cols);
    if (kind === 1) x[at] = NaN;
    else if (kind === 2) x[at] = Infinity;
    else if (kind === 3) x[at] = -Infinity;
    else if (kind === 4) x.fill(0, r * cols, (r + 1) * cols);
    else if (kind === 5) for (let c = 0; c < cols; c++) x[r * cols + c] = c % 2 ? -0 : 0;
  }
  return x;
}

function reduceBoth(op: ReduceOp, x: View<TypedArray>, axes: number[], backend = one) {
  const dtype = op === 'any' || op === 'all' ? 'bool' : 'float32';
  return [backend.reduce(op, x, axes, dtype), tsBackend.reduce(op, x, axes, dtype)] as const;
}

describe('wasm prod, any, all, argmax and argmin give the TypeScript loops\' bits', () => {
  it('prod multiplies in float64 in row order and rounds once: the float64 reference\'s bits', () => {
    // factors near 1 so the products stay finite, a zero, an ∞ and a NaN in some rows
    const rows = 40, cols = 203;
    const x = randomF32(rows * cols, 1).map((v) => 1 + v / 16);
    x[3 * cols + 5] = 0; x[4 * cols + 9] = Infinity; x[5 * cols] = NaN; x[6 * cols + 1] = -0;
    const v = view(x, [rows, cols]);
    const [got, want] = reduceBoth('prod', v, [1]);
    expect(wasmRuntime()!.heap.owns(got)).toBe(true);
    expect(sameBits(got, want)).toBe(true);
    for (let r = 0; r < rows; r++) {
      let p = 1;
      for (let c = 0; c < cols; c++) p *= x[r * cols + c]!;
      expect(Object.is(got[r], Math.fround(p)), `row ${r}`).toBe(true);
    }
    // over two trailing axes of a permuted view
    const t = view(x, [7, 29, 40], [29, 1, 203]);
    const [g2, w2] = reduceBoth('prod', t, [1, 2]);
    expect(sameBits(g2, w2)).toBe(true);
  });

  for (const op of ['any', 'all'] as const) {
    it(`${op} takes NaN and ±0 as false, as the loop's if (x[i]) does, over rows, strided views and two threads`, () => {
      const rows = 64, cols = 67;
      const x = tiesAndSpecials(rows, cols, 2).map((v, i) => (op === 'all' && i % 67 < 60 && Math.floor(i / 67) % 7 === 6 ? 1 : v));
      for (let r = 8; r < 16; r++) x.fill(NaN, r * cols, (r + 1) * cols);
      const [got, want] = reduceBoth(op, view(x, [rows, cols]), [1]);
      expect(got).toBeInstanceOf(Uint8Array);
      expect(wasmRuntime()!.heap.owns(got)).toBe(true);
      expect(sameBits(got, want)).toBe(true);
      expect(new Set(got).size).toBe(2); // both answers occur
      const t = view(x, [cols, rows], [1, cols]);
      expect(sameBits(...reduceBoth(op, t, [1]))).toBe(true);
      const big = view(tiesAndSpecials(512, 515, 3), [512, 515]);
      expect(sameBits(...reduceBoth(op, big, [1], two))).toBe(true);
    });
  }

  for (const op of ['argmax', 'argmin'] as ArgReduceOp[]) {
    it(`${op} takes the first extremum and the first NaN, along a contiguous or strided last axis, on one and two threads`, () => {
      const rows = 70, cols = 131;
      const x = tiesAndSpecials(rows, cols, 4);
      const v = view(x, [rows, cols]);
      const got = one.argReduce(op, v, 1), want = tsBackend.argReduce(op, v, 1);
      expect(got).toBeInstanceOf(Int32Array);
      expect(wasmRuntime()!.heap.owns(got)).toBe(true);
      expect(sameBits(got, want)).toBe(true);
      const t = view(x, [cols, rows], [1, cols]);
      expect(sameBits(one.argReduce(op, t, 1), tsBackend.argReduce(op, t, 1))).toBe(true);
      const big = view(tiesAndSpecials(600, 450, 5), [600, 450]);
      expect(sameBits(two.argReduce(op, big, 1), tsBackend.argReduce(op, big, 1))).toBe(true);
    });
  }
});
