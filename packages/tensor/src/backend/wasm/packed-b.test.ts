import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { View } from '../contract';
import type { TypedArray } from '../../dtype';
import { cpu } from '../../device';
import { fromTypedArray } from '../../ops/creation';
import { MAX_ROWS, clearPackedB, packedBBytes } from './packed-b';
import { wasmRuntime } from './runtime';
import { denseView, excess, matmulRef, randomF32, sameBits, transposedView, wasmBackend } from './test-util';

// both GEMM variants run below (Node 20 validates relaxed SIMD only behind this flag)
setFlagsFromString('--experimental-wasm-relaxed-simd');

const tolFor = (K: number) => 2e-7 * (K + 8);
const kept = () => wasmRuntime()!.heap.stats().keptBytes;

/** B as [K, N]: dense, or the transpose of a dense [N, K] (how a layer multiplies by Wᵀ). */
function operandB(K: number, N: number, seed: number, transposed: boolean): View<TypedArray> {
  return transposed ? transposedView(randomF32(K * N, seed), [N, K]) : denseView(randomF32(K * N, seed), [K, N]);
}

/** The same view over a fresh copy of its buffer: never packed before. */
const fresh = (v: View<TypedArray>): View<TypedArray> => ({ ...v, buffer: (v.buffer as Float32Array).slice() });

describe('packed B cache', () => {
  beforeEach(() => clearPackedB());

  for (const fused of [true, false]) {
    const one = wasmBackend(1, fused), two = wasmBackend(2, fused);
    const mm = (be: typeof one, a: View<TypedArray>, b: View<TypedArray>) => be.matmul(a, b, 'float32') as Float32Array;

    it(`packs B the second time it is seen and gives the uncached bits, 1 or 2 threads (${fused ? 'fused' : 'separate'} multiply-add)`, () => {
      for (const [M, K, N] of [[1, 7, 33], [7, 257, 7], [33, 33, 257], [32, 300, 520], [257, 7, 1]] as const) {
        for (const transposed of [false, true]) {
          clearPackedB();
          const a = denseView(randomF32(M * K, M + K), [M, K]), b = operandB(K, N, K + N, transposed);
          const first = mm(one, a, b);
          expect(packedBBytes()).toBe(0); // seen once: nothing packed
          const second = mm(one, a, b);
          // K × N padded to 8 columns, in a block of its size class; products of many rows pack per call
          const bytes = 4 * K * Math.ceil(N / 8) * 8;
          expect(packedBBytes()).toBe(kept());
          if (M <= MAX_ROWS) expect(packedBBytes()).toBeGreaterThanOrEqual(bytes);
          else expect(packedBBytes()).toBe(0);
          expect(packedBBytes()).toBeLessThanOrEqual(1.125 * bytes + 64);
          const third = mm(two, a, b), again = mm(one, a, b);
          expect(sameBits(second, first) && sameBits(third, first) && sameBits(again, first)).toBe(true);
          expect(excess(first, matmulRef(a, b), tolFor(K))).toBeLessThanOrEqual(0);
        }
      }
    });
  }

  it('keys by buffer and view: another buffer, offset or transposition is not a hit', () => {
    const be = wasmBackend(1);
    const data = randomF32(64 * 72 + 8, 5);
    const a = denseView(randomF32(16 * 64, 6), [16, 64]);
    const b: View<TypedArray> = { buffer: data, dtype: 'float32', shape: [64, 72], strides: [72, 1], offset: 0 };
    be.matmul(a, b, 'float32');
    be.matmul(a, b, 'float32');
    const once = packedBBytes();
    expect(once).toBeGreaterThan(0);
    // the same values in another buffer, and the same buffer at another offset: packed anew only when seen twice
    for (const other of [fresh(b), { ...b, offset: 8 }]) {
      const out = be.matmul(a, other, 'float32') as Float32Array;
      expect(packedBBytes()).toBe(once);
      expect(excess(out, matmulRef(a, other), tolFor(64))).toBeLessThanOrEqual(0);
    }
    // the transposed view of a square block of the buffer gives the transposed product
    const sq: View<TypedArray> = { buffer: data, dtype: 'float32', shape: [64, 64], strides: [72, 1], offset: 0 };
    const sqT: View<TypedArray> = { ...sq, strides: [1, 72] };
    for (let i = 0; i < 2; i++) be.matmul(a, sq, 'float32');
    const outT = [0, 1, 2].map(() => be.matmul(a, sqT, 'float32') as Float32Array);
    for (const o of outT) expect(excess(o, matmulRef(a, sqT), tolFor(64))).toBeLessThanOrEqual(0);
  });

  it('packs a small slice of a large buffer (placed as a dense copy) right', () => {
    const be = wasmBackend(1);
    const a = denseView(randomF32(4 * 64, 12), [4, 64]);
    const b: View<TypedArray> = { buffer: randomF32(70000, 13), dtype: 'float32', shape: [64, 8], strides: [1000, 1], offset: 5 };
    for (let i = 0; i < 3; i++) expect(excess(be.matmul(a, b, 'float32') as Float32Array, matmulRef(a, b), tolFor(64))).toBeLessThanOrEqual(0);
    expect(packedBBytes()).toBeGreaterThan(0);
  });

  it('holds its blocks outside the tensors: device.memory() stays exact, and disposing B frees them', () => {
    const before = cpu().memory(), keptBefore = kept();
    const w = fromTypedArray(randomF32(256 * 96, 7), [96, 256]);
    const h = fromTypedArray(randomF32(32 * 256, 8), [32, 256]);
    const wT = w.T;
    const outs = [0, 1, 2].map(() => h.matmul(wT));
    expect(packedBBytes()).toBeGreaterThanOrEqual(4 * 256 * 96);
    expect(kept() - keptBefore).toBe(packedBBytes());
    // w, its view wT, h and three results: five buffers
    expect(cpu().memory()).toEqual({ tensors: before.tensors + 6, buffers: before.buffers + 5, bytes: before.bytes + 4 * (256 * 96 + 32 * 256 + 3 * 32 * 96) });
    expect(sameBits(outs[2]!.dataSync() as Float32Array, outs[0]!.dataSync() as Float32Array)).toBe(true);
    wT.dispose();
    expect(packedBBytes()).toBeGreaterThan(0); // the storage lives on in w
    w.dispose();
    expect(packedBBytes()).toBe(0);
    expect(kept()).toBe(keptBefore);
    for (const t of [h, ...outs]) t.dispose();
    expect(cpu().memory()).toEqual(before);
  });

  it('frees the packed copy of a buffer that is garbage-collected undisposed', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const be = wasmBackend(1);
    const a = denseView(randomF32(8 * 128, 9), [8, 128]);
    (() => {
      const b = operandB(128, 64, 10, true);
      be.matmul(a, b, 'float32');
      be.matmul(a, b, 'float32');
    })();
    expect(packedBBytes()).toBeGreaterThanOrEqual(4 * 128 * 64);
    for (let i = 0; i < 20 && packedBBytes() > 0; i++) {
      gc();
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(packedBBytes()).toBe(0);
  });

  it('stays within its byte budget, dropping the least recently used copy first', async () => {
    const { CACHE_BYTES } = await import('./packed-b');
    const be = wasmBackend(1);
    const a = denseView(randomF32(4 * 1024, 11), [4, 1024]);
    // ten 4 MiB matrices, each packed on its second product: more than the budget holds
    const bs = Array.from({ length: 10 }, (_, i) => denseView(new Float32Array(1024 * 1024).fill(i + 1), [1024, 1024]));
    const outs = bs.map((b) => [0, 1].map(() => be.matmul(a, b, 'float32') as Float32Array));
    expect(packedBBytes()).toBeLessThanOrEqual(CACHE_BYTES);
    expect(packedBBytes()).toBeGreaterThan(CACHE_BYTES / 2);
    expect(kept()).toBe(packedBBytes());
    // the latest is still packed (a third product packs nothing new); the first was dropped, so it packs again
    const held = packedBBytes();
    be.matmul(a, bs[9]!, 'float32');
    expect(packedBBytes()).toBe(held);
    for (let i = 0; i < 2; i++) be.matmul(a, bs[0]!, 'float32');
    expect(packedBBytes()).toBeLessThanOrEqual(CACHE_BYTES);
    for (const [first, second] of outs) expect(sameBits(second!, first!)).toBe(true);
  });
});
