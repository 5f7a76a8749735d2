import { describe, expect, it } from 'vitest';
import type { View } from '../contract';
import type { TypedArray } from '../../dtype';
import { hostUniform } from '../../testing/host-random';
import { ValueError } from '../../errors';
import { wasmRuntime } from './runtime';
import { denseView, excess, randomF32, sameBits, tsBackend, wasmBackend } from './test-util';

const one = wasmBackend(1), two = wasmBackend(2);

const ids = (E: number, size: number, seed: number): View<TypedArray> => {
  const buffer = Int32Array.from(hostUniform(E, seed, 0, 1), (u) => Math.floor(u * size));
  return { buffer, dtype: 'int32', shape: [E], strides: [1], offset: 0 };
};

/** out[row[k], h, :] += w[k, h] · x[col[k], h, :] in float64. */
function spmmRef(x: Float32Array, w: Float32Array, row: Int32Array, col: Int32Array, rows: number, H: number, C: number): Float64Array {
  const out = new Float64Array(rows * H * C);
  for (let k = 0; k < row.length; k++) {
    for (let h = 0; h < H; h++) {
      for (let f = 0; f < C; f++) out[(row[k]! * H + h) * C + f] += w[k * H + h]! * x[(col[k]! * H + h) * C + f]!;
    }
  }
  return out;
}

/** out[k, h] = Σ_c a[row[k], h, c] · b[col[k], h, c] in float64. */
function sddmmRef(a: Float32Array, b: Float32Array, row: Int32Array, col: Int32Array, H: number, C: number): Float64Array {
  const out = new Float64Array(row.length * H);
  for (let k = 0; k < row.length; k++) {
    for (let h = 0; h < H; h++) {
      for (let f = 0; f < C; f++) out[k * H + h] += a[(row[k]! * H + h) * C + f]! * b[(col[k]! * H + h) * C + f]!;
    }
  }
  return out;
}

// [N, H, C, E, rows]: the column widths take each vector path (32, 8, 4 at a time), whole rows of 32
// over several heads, and the scalar tail
const cases: [string, number, number, number, number, number][] = [
  ['GCN width 32 (eight vectors)', 300, 1, 32, 3000, 250],
  ['attention heads 4 × 8 (whole rows of 32)', 200, 4, 8, 2500, 180],
  ['heads 8 × 4 (whole rows, a head per vector)', 150, 8, 4, 2000, 120],
  ['heads 2 × 8 (two vectors per head)', 200, 2, 8, 2500, 180],
  ['width 4 (one vector)', 2000, 1, 4, 9000, 1500],
  ['width 45 (every path and a scalar tail)', 120, 2, 45, 900, 100],
  ['width 3 (scalar only)', 3000, 1, 3, 6000, 2000],
];

describe('wasm spmm gives the TypeScript kernel\'s bits', () => {
  for (const [name, N, H, C, E, rows] of cases) {
    it(name, () => {
      const x = randomF32(N * H * C, N + C), w = randomF32(E * H, E);
      const row = ids(E, rows, 3), col = ids(E, N, 4);
      const xv = denseView(x, [N, H, C]), wv = denseView(w, [E, H]);
      const got = one.spmm!(xv, wv, row, col, rows);
      // a result left in the kernels' memory: the WebAssembly kernel ran, not the fallback
      if (got.byteLength >= 16384) expect(wasmRuntime()!.heap.residentAt(got)).not.toBeNull();
      expect(sameBits(got, tsBackend.spmm!(xv, wv, row, col, rows))).toBe(true);
      const want = spmmRef(x, w, row.buffer as Int32Array, col.buffer as Int32Array, rows, H, C);
      expect(excess(got, want, 1e-5)).toBeLessThanOrEqual(0);
      // the transposed product (the gradient's), sorted by the other index
      const g = randomF32(rows * H * C, 11), gv = denseView(g, [rows, H, C]);
      expect(sameBits(one.spmm!(gv, wv, col, row, N), tsBackend.spmm!(gv, wv, col, row, N))).toBe(true);
    });
  }

  it('entries already in row order (a graph sorted by target) skip the entry table: the same bits', () => {
    for (const [N, H, C, E, rows] of [[300, 1, 32, 3000, 250], [200, 4, 8, 2500, 180], [400, 1, 7, 3000, 300]] as const) {
      const xv = denseView(randomF32(N * H * C, 1), [N, H, C]), wv = denseView(randomF32(E * H, 2), [E, H]);
      const row = ids(E, rows, 3);
      (row.buffer as Int32Array).sort();
      const col = ids(E, N, 4);
      expect(sameBits(one.spmm!(xv, wv, row, col, rows), tsBackend.spmm!(xv, wv, row, col, rows))).toBe(true);
    }
  });

  it('splits rows over two threads with the same bits', () => {
    const [N, H, C, E, rows] = [4000, 1, 32, 40000, 4000];
    const xv = denseView(randomF32(N * H * C, 1), [N, H, C]), wv = denseView(randomF32(E * H, 2), [E, H]);
    const row = ids(E, rows, 5), col = ids(E, N, 6);
    expect(sameBits(two.spmm!(xv, wv, row, col, rows), one.spmm!(xv, wv, row, col, rows))).toBe(true);
  });

  it('re-sorts an index buffer that was freed and reused with other contents', () => {
    const [N, C, E, rows] = [100, 48, 400, 90];
    const xv = denseView(randomF32(N * C, 1), [N, 1, C]), wv = denseView(randomF32(E, 2), [E, 1]);
    const row = ids(E, rows, 7), col = ids(E, N, 8);
    one.spmm!(xv, wv, row, col, rows);
    one.free(row.buffer);
    one.free(col.buffer);
    (row.buffer as Int32Array).set(ids(E, rows, 9).buffer as Int32Array);
    (col.buffer as Int32Array).reverse();
    expect(sameBits(one.spmm!(xv, wv, row, col, rows), tsBackend.spmm!(xv, wv, row, col, rows))).toBe(true);
  });

  it('leaves out-of-range indices to the TypeScript kernel, which reports them', () => {
    const xv = denseView(randomF32(60 * 100, 1), [60, 1, 100]), wv = denseView(randomF32(50, 2), [50, 1]);
    const row = ids(50, 70, 3), col = ids(50, 60, 4);
    (col.buffer as Int32Array)[7] = 60;
    expect(() => one.spmm!(xv, wv, row, col, 70)).toThrow(ValueError);
    const badRow = ids(50, 70, 5);
    (badRow.buffer as Int32Array)[3] = -200;
    expect(() => one.spmm!(xv, wv, badRow, ids(50, 60, 4), 70)).toThrow(ValueError);
  });
});

describe('wasm sddmm', () => {
  for (const [name, N, H, C, E, rows] of cases) {
    it(`${name}: float64 reference, 1 and 2 threads the same bits`, () => {
      const a = randomF32(rows * H * C, 21), b = randomF32(N * H * C, 22);
      const row = ids(E, rows, 23), col = ids(E, N, 24);
      const av = denseView(a, [rows, H, C]), bv = denseView(b, [N, H, C]);
      const got = one.sddmm!(av, bv, row, col);
      expect(excess(got, sddmmRef(a, b, row.buffer as Int32Array, col.buffer as Int32Array, H, C), 1e-6)).toBeLessThanOrEqual(0);
      expect(sameBits(two.sddmm!(av, bv, row, col), got)).toBe(true);
      expect(excess(tsBackend.sddmm!(av, bv, row, col), got, 1e-6)).toBeLessThanOrEqual(0);
    });
  }

  it('splits entries over two threads with the same bits; out-of-range indices are reported', () => {
    const [N, H, C, E] = [3000, 4, 8, 30000];
    const av = denseView(randomF32(N * H * C, 1), [N, H, C]), bv = denseView(randomF32(N * H * C, 2), [N, H, C]);
    const row = ids(E, N, 3), col = ids(E, N, 4);
    expect(sameBits(two.sddmm!(av, bv, row, col), one.sddmm!(av, bv, row, col))).toBe(true);
    (col.buffer as Int32Array)[9] = N;
    expect(() => one.sddmm!(av, bv, row, col)).toThrow(ValueError);
  });
});
