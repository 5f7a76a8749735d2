import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import type { View } from '../contract';
import type { TypedArray } from '../../dtype';
import { cpuKernelInfo } from './index';
import { denseView, excess, matmulRef, randomF32, sameBits, transposedView, tsBackend, wasmBackend } from './test-util';

// Node 20 validates relaxed SIMD (the fused multiply-add GEMM) only behind this flag: set before the
// kernels first load, so both variants run here.
setFlagsFromString('--experimental-wasm-relaxed-simd');

// float32 sums of K products of values in [-1, 1): a few ulps per term at most
const tolFor = (K: number) => 2e-7 * (K + 8);

function operand(rows: number, cols: number, seed: number, transposed: boolean): View<TypedArray> {
  return transposed ? transposedView(randomF32(rows * cols, seed), [cols, rows]) : denseView(randomF32(rows * cols, seed), [rows, cols]);
}

for (const fused of [true, false]) {
  const one = wasmBackend(1, fused), two = wasmBackend(2, fused);

  describe(`wasm matmul (${fused ? 'fused' : 'separate'} multiply-add)`, () => {
    it(`runs the ${fused ? 'fused' : 'separate'} GEMM variant`, () => {
      expect(cpuKernelInfo({ kernels: 'wasm', fusedMultiplyAdd: fused }).fusedMultiplyAdd).toBe(fused);
    });

    const sizes = [1, 7, 33, 257];
    for (const M of sizes) for (const K of [1, 7, 33, 257]) for (const N of sizes) {
      if (M * K * N > 257 * 257 * 33) continue;
      it(`${M}×${K} · ${K}×${N} matches a float64 reference`, () => {
        const a = operand(M, K, M * 1000 + K, false), b = operand(K, N, K * 1000 + N, false);
        const out = one.matmul(a, b, 'float32') as Float32Array;
        expect(out).toBeInstanceOf(Float32Array);
        expect(excess(out, matmulRef(a, b), tolFor(K))).toBeLessThanOrEqual(0);
      });
    }

    for (const [ta, tb] of [[true, false], [false, true], [true, true]] as const) {
      it(`reads ${ta ? 'Aᵀ' : 'A'} · ${tb ? 'Bᵀ' : 'B'} through strides (33×257 · 257×7)`, () => {
        const a = operand(33, 257, 11, ta), b = operand(257, 7, 12, tb);
        expect(a.strides[ta ? 0 : 1]).toBe(1);
        expect(excess(one.matmul(a, b, 'float32') as Float32Array, matmulRef(a, b), tolFor(257))).toBeLessThanOrEqual(0);
      });
    }

    it('handles offsets, negative strides (a flip) and a broadcast batch dim', () => {
      const data = randomF32(3 + 5 * 6, 21);
      // rows flipped: row i of the view is row 4 - i of the 5×6 block that starts at offset 3
      const a: View<TypedArray> = { buffer: data, dtype: 'float32', shape: [2, 5, 6], strides: [0, -6, 1], offset: 3 + 4 * 6 };
      const b = denseView(randomF32(2 * 6 * 9, 22), [2, 6, 9]);
      const out = one.matmul(a, b, 'float32') as Float32Array;
      for (let batch = 0; batch < 2; batch++) {
        const a2: View<TypedArray> = { ...a, shape: [5, 6], strides: [-6, 1] };
        const b2: View<TypedArray> = { ...b, shape: [6, 9], strides: [9, 1], offset: batch * 54 };
        expect(excess(out.subarray(batch * 45, batch * 45 + 45), matmulRef(a2, b2), tolFor(6))).toBeLessThanOrEqual(0);
      }
    });

    it('gives zeros for K = 0 and an empty array for M = 0', () => {
      const z = one.matmul(denseView(new Float32Array(0), [3, 0]), denseView(new Float32Array(0), [0, 4]), 'float32');
      expect(Array.from(z)).toEqual(new Array(12).fill(0));
      expect(one.matmul(denseView(new Float32Array(0), [0, 5]), denseView(randomF32(20, 1), [5, 4]), 'float32').length).toBe(0);
    });

    it('agrees with the TypeScript kernels on a large product, and two threads give the same bits as one', () => {
      const a = operand(300, 200, 31, false), b = operand(200, 190, 32, true);
      const single = one.matmul(a, b, 'float32') as Float32Array;
      expect(sameBits(two.matmul(a, b, 'float32') as Float32Array, single)).toBe(true);
      expect(excess(single, tsBackend.matmul(a, b, 'float32') as Float32Array, tolFor(200))).toBeLessThanOrEqual(0);
    });

    it('splits the recurrent shapes (32 rows; a short K) over threads with the same bits', () => {
      for (const [M, K, N, tb] of [[32, 256, 1024, true], [32, 1024, 256, false], [256, 32, 1024, false]] as const) {
        const a = operand(M, K, M + K, false), b = operand(K, N, K + N, tb);
        const single = one.matmul(a, b, 'float32') as Float32Array;
        expect(sameBits(two.matmul(a, b, 'float32') as Float32Array, single)).toBe(true);
        expect(excess(single, tsBackend.matmul(a, b, 'float32') as Float32Array, tolFor(K))).toBeLessThanOrEqual(0);
      }
    });

    it('splits a batched product over threads with the same bits', () => {
      const a = denseView(randomF32(3 * 70 * 90, 41), [3, 70, 90]), b = denseView(randomF32(3 * 90 * 130, 42), [3, 90, 130]);
      expect(sameBits(two.matmul(a, b, 'float32') as Float32Array, one.matmul(a, b, 'float32') as Float32Array)).toBe(true);
    });

    it('leaves float64 to the TypeScript kernels (same bits as them)', () => {
      const a: View<TypedArray> = { buffer: Float64Array.from(randomF32(35, 5)), dtype: 'float64', shape: [5, 7], strides: [7, 1], offset: 0 };
      const b: View<TypedArray> = { buffer: Float64Array.from(randomF32(21, 6)), dtype: 'float64', shape: [7, 3], strides: [3, 1], offset: 0 };
      const out = one.matmul(a, b, 'float64');
      expect(out).toBeInstanceOf(Float64Array);
      expect(sameBits(out, tsBackend.matmul(a, b, 'float64'))).toBe(true);
    });
  });
}

describe('wasm matmul variants', () => {
  it('fuse the multiply-adds (different roundings), each variant with the same bits on one thread and two', () => {
    const a = operand(64, 300, 51, false), b = operand(300, 72, 52, true);
    const fused = wasmBackend(1, true).matmul(a, b, 'float32') as Float32Array;
    const separate = wasmBackend(1, false).matmul(a, b, 'float32') as Float32Array;
    expect(sameBits(fused, separate)).toBe(false);
    expect(sameBits(wasmBackend(2, true).matmul(a, b, 'float32') as Float32Array, fused)).toBe(true);
    expect(sameBits(wasmBackend(2, false).matmul(a, b, 'float32') as Float32Array, separate)).toBe(true);
    expect(excess(fused, matmulRef(a, b), tolFor(300))).toBeLessThanOrEqual(0);
  });
});
