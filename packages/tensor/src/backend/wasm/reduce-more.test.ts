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
    // x stored column-major, so row r of the [rows, cols] view is x[r], x[r + rows], … (strided: the kernel's case)
    const rows = 40, cols = 203;
    const x = randomF32(rows * cols, 1).map((v) => 1 + v / 16);
    x[5 * rows + 3] = 0; x[9 * rows + 4] = Infinity; x[5] = NaN; x[rows + 6] = -0;
    const v = view(x, [rows, cols], [1, rows]);
    const [got, want] = reduceBoth('prod', v, [1]);
    expect(wasmRuntime()!.heap.owns(got)).toBe(true);
    expect(sameBits(got, want)).toBe(true);
    for (let r = 0; r < rows; r++) {
      let p = 1;
      for (let c = 0; c < cols; c++) p *= x[c * rows + r]!;
      expect(Object.is(got[r], Math.fround(p)), `row ${r}`).toBe(true);
    }
    // a dense view stays with the TypeScript loop (as fast without the copy in), with the same bits
    expect(sameBits(...reduceBoth('prod', view(x, [rows, cols]), [1]))).toBe(true);
    // over two trailing axes of a permuted view
    const t = view(x, [7, 29, 40], [29, 1, 203]);
    const [g2, w2] = reduceBoth('prod', t, [1, 2]);
    expect(sameBits(g2, w2)).toBe(true);
  });

  for (const op of ['any', 'all'] as const) {
    it(`${op} takes NaN as true and ±0 as false, as PyTorch does, over rows, strided views and two threads`, () => {
      const rows = 64, cols = 67;
      const x = tiesAndSpecials(rows, cols, 2).map((v, i) => (op === 'all' && i % 67 < 60 && Math.floor(i / 67) % 7 === 6 ? 1 : v));
      for (let r = 8; r < 16; r++) x.fill(NaN, r * cols, (r + 1) * cols);
      // rows read with a stride of 2 (every other column): the kernel's case
      const wide = new Float32Array(2 * rows * cols);
      x.forEach((v, i) => { wide[2 * i] = v; wide[2 * i + 1] = 1; });
      const [got, want] = reduceBoth(op, view(wide, [rows, cols], [2 * cols, 2]), [1]);
      expect(got).toBeInstanceOf(Uint8Array);
      expect(wasmRuntime()!.heap.owns(got)).toBe(true);
      expect(sameBits(got, want)).toBe(true);
      expect(sameBits(got, tsBackend.reduce(op, view(x, [rows, cols]), [1], 'bool'))).toBe(true);
      expect(new Set(got).size).toBe(2); // both answers occur
      const t = view(x, [cols, rows], [1, cols]);
      expect(sameBits(...reduceBoth(op, t, [1]))).toBe(true);
      const big = view(tiesAndSpecials(512, 515, 3), [515, 512], [1, 515]);
      expect(sameBits(...reduceBoth(op, big, [1], two))).toBe(true);
    });
  }

  for (const op of ['argmax', 'argmin'] as ArgReduceOp[]) {
    it(`${op} takes the first extremum and the first NaN, along a contiguous or strided last axis, on one and two threads`, () => {
      const rows = 70, cols = 131;
      const x = tiesAndSpecials(rows, cols, 4);
      const v = view(x, [cols, rows], [1, cols]);
      const got = one.argReduce(op, v, 1), want = tsBackend.argReduce(op, v, 1);
      expect(got).toBeInstanceOf(Int32Array);
      expect(wasmRuntime()!.heap.owns(got)).toBe(true);
      expect(sameBits(got, want)).toBe(true);
      const d = view(x, [rows, cols]);
      expect(sameBits(one.argReduce(op, d, 1), tsBackend.argReduce(op, d, 1))).toBe(true);
      const big = view(tiesAndSpecials(600, 450, 5), [450, 600], [1, 450]);
      expect(sameBits(two.argReduce(op, big, 1), tsBackend.argReduce(op, big, 1))).toBe(true);
    });
  }
});
