import { describe, expect, it } from 'vitest';
import type { BinaryOp, UnaryOp, View } from '../contract';
import type { TypedArray } from '../../dtype';
import { contiguousStrides } from '../../shape';
import { canonical } from './elementwise';
import { wasmRuntime } from './runtime';
import { denseView, randomF32, sameBits, transposedView, tsBackend, wasmBackend } from './test-util';

const one = wasmBackend(1), two = wasmBackend(2);

/** Random values with the awkward ones mixed in: NaN, ±0, ±∞, ties. */
function tricky(n: number, seed: number): Float32Array {
  const special = [NaN, 0, -0, Infinity, -Infinity, 1, 1, -1];
  return randomF32(n, seed).map((v, i) => (i % 13 === 5 ? special[(i >> 4) % special.length]! : Math.round(v * 4) / 4));
}

/** A view of `data` ([...shape] dense) broadcast to `to` by giving the missing/size-1 dims stride 0. */
function broadcastView(data: Float32Array, shape: readonly number[], to: readonly number[]): View<TypedArray> {
  const s = contiguousStrides(shape);
  const off = to.length - shape.length;
  return { buffer: data, dtype: 'float32', shape: to, strides: to.map((_, d) => (d < off || shape[d - off] === 1 ? 0 : s[d - off]!)), offset: 0 };
}

const ARITH: BinaryOp[] = ['add', 'sub', 'mul', 'div', 'maximum', 'minimum', 'remainder'];
const COMPARE: BinaryOp[] = ['gt', 'ge', 'lt', 'le', 'eq', 'ne'];

describe('wasm element-wise ops give the TypeScript loops\' bits', () => {
  const out = [6, 33, 257];
  const patterns: [string, number[]][] = [['same shape', out], ['a channel bias [33, 1]', [33, 1]], ['a row [257]', [257]], ['a scalar', []]];
  for (const op of [...ARITH, ...COMPARE]) {
    for (const [name, bShape] of patterns) {
      it(`${op} with ${name} (NaN, ±0, ±∞ included)`, () => {
        const a = denseView(tricky(6 * 33 * 257, 1), out);
        const b = broadcastView(tricky(Math.max(1, bShape.reduce((p, d) => p * d, 1)), 2), bShape, out);
        const dtype = COMPARE.includes(op) ? 'bool' : 'float32';
        const got = one.binary(op, a, b, out, dtype), want = tsBackend.binary(op, a, b, out, dtype);
        expect(got.constructor).toBe(want.constructor);
        expect(sameBits(got, want)).toBe(true);
        // and with the operands swapped, so the broadcast one is on the left
        expect(sameBits(one.binary(op, b, a, out, dtype), tsBackend.binary(op, b, a, out, dtype))).toBe(true);
      });
    }
  }

  it('reads transposed operands through their strides', () => {
    const data = tricky(129 * 65, 3);
    const t: View<TypedArray> = { buffer: data, dtype: 'float32', shape: [65, 129], strides: [1, 65], offset: 0 };
    const d = denseView(tricky(65 * 129, 4), [65, 129]);
    for (const op of ['add', 'maximum', 'lt'] as const) {
      const dtype = op === 'lt' ? 'bool' : 'float32';
      expect(sameBits(one.binary(op, t, d, [65, 129], dtype), tsBackend.binary(op, t, d, [65, 129], dtype))).toBe(true);
    }
  });

  const UNARY: UnaryOp[] = ['relu', 'neg', 'abs', 'sqrt', 'sign', 'reciprocal', 'floor', 'ceil', 'round', 'rsqrt'];
  for (const op of UNARY) {
    it(`${op} over 4096 + 7 elements and a strided view`, () => {
      const x = denseView(tricky(4103, 5), [4103]);
      expect(sameBits(one.unary(op, x, 'float32'), tsBackend.unary(op, x, 'float32'))).toBe(true);
      const t: View<TypedArray> = { buffer: tricky(70 * 80, 6), dtype: 'float32', shape: [80, 70], strides: [1, 80], offset: 0 };
      expect(sameBits(one.unary(op, t, 'float32'), tsBackend.unary(op, t, 'float32'))).toBe(true);
    });
  }

  it('rounds, takes reciprocals and reciprocal square roots of wide-ranging values with the TypeScript loop\'s bits', () => {
    const special = [0.5, -0.5, 1.5, -2.5, 2 ** 23 + 1, -(2 ** 24) - 2, 1e-40, -1e-40, 3e38, 1e-30, NaN, -0];
    const x = randomF32(4099, 11).map((v, i) => (i % 9 === 4 ? special[(i >> 3) % special.length]! : i % 9 === 2 ? Math.round(v * 40) + 0.5 : v * 1e4));
    for (const op of ['round', 'floor', 'ceil', 'reciprocal', 'rsqrt', 'sign'] as UnaryOp[]) {
      const got = one.unary(op, denseView(x, [4099]), 'float32');
      expect(wasmRuntime()!.heap.owns(got)).toBe(true);
      const want = tsBackend.unary(op, denseView(x, [4099]), 'float32');
      for (let i = 0; i < x.length; i++) if (!Object.is(got[i], want[i])) throw new Error(`${op}(${x[i]}): ${got[i]}, want ${want[i]}`);
    }
  });

  it('where picks a or b by a broadcast, strided bool condition with the TypeScript loop\'s bits, on one and two threads', () => {
    const shape = [32, 33, 257]; // past PARALLEL_ELEMENTS, so two threads split it
    const n = 32 * 33 * 257;
    const cond = Uint8Array.from({ length: 33 * 257 }, (_, i) => ((i * 2654435761) >>> 7) % 3 === 0 ? 1 : 0);
    const cases: [string, View<TypedArray>][] = [
      ['dense', { buffer: Uint8Array.from({ length: n }, (_, i) => cond[i % cond.length]!), dtype: 'bool', shape, strides: contiguousStrides(shape), offset: 0 }],
      ['broadcast over the batch', { buffer: cond, dtype: 'bool', shape, strides: [0, 257, 1], offset: 0 }],
      ['transposed', { buffer: cond, dtype: 'bool', shape, strides: [0, 1, 33], offset: 0 }],
    ];
    const a = denseView(tricky(n, 14), shape), b = broadcastView(tricky(257, 15), [257], shape);
    for (const [name, c] of cases) {
      const got = one.where(c, a, b, shape, 'float32');
      expect(wasmRuntime()!.heap.owns(got), name).toBe(true);
      expect(sameBits(got, tsBackend.where(c, a, b, shape, 'float32')), name).toBe(true);
      expect(sameBits(two.where(c, b, a, shape, 'float32'), tsBackend.where(c, b, a, shape, 'float32')), name).toBe(true);
    }
  });

  it('exp, expm1, log, log1p, tanh, sigmoid and logSigmoid round the float64 values to float32 as the TypeScript loops do, over the whole range', () => {
    const special = [0, -0, 1e-30, -1e-30, -1, -0.9999999, 0.49999997, -0.5, 88.7, 88.8, -103, -104.5, -150, 200, Infinity, -Infinity, NaN, 1e-8, 1e-45, 3.4e38, 1 + 2 ** -23, 1 - 2 ** -24, 1.4142135, 0.70710677];
    const x = randomF32(8197, 16).map((v, i) => (i % 11 === 3 ? special[(i >> 4) % special.length]! : v * (i % 3 === 0 ? 100 : i % 3 === 1 ? 10 : 1)));
    const sigmoid = (v: number) => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)));
    const logSigmoid = (v: number) => (v >= 0 ? -Math.log1p(Math.exp(-v)) : v - Math.log1p(Math.exp(v)));
    const ops = [['exp', Math.exp], ['expm1', Math.expm1], ['log', Math.log], ['log1p', Math.log1p], ['tanh', Math.tanh],
      ['sigmoid', sigmoid], ['logSigmoid', logSigmoid]] as const;
    for (const [op, f] of ops) {
      const got = one.unary(op, denseView(x, [8197]), 'float32');
      expect(wasmRuntime()!.heap.owns(got)).toBe(true);
      for (let i = 0; i < x.length; i++) {
        if (!Object.is(got[i], Math.fround(f(x[i]!)))) throw new Error(`${op}(${x[i]}): ${got[i]}, want ${Math.fround(f(x[i]!))}`);
      }
      // and positive values over every binade (denormals included), where log's exponent handling shows
      const spread = randomF32(6000, 18).map((v, i) => Math.fround(2 ** ((i / 6000) * 277 - 149) * (1.5 + v / 2)));
      const gotSpread = one.unary(op, denseView(spread, [6000]), 'float32');
      for (let i = 0; i < spread.length; i++) {
        if (!Object.is(gotSpread[i], Math.fround(f(spread[i]!)))) throw new Error(`${op}(${spread[i]}): ${gotSpread[i]}, want ${Math.fround(f(spread[i]!))}`);
      }
      const big = denseView(randomF32(1 << 19, 17).map((v) => v * 20), [1 << 19]);
      expect(sameBits(two.unary(op, big, 'float32'), one.unary(op, big, 'float32'))).toBe(true);
    }
  });

  it('casts a bool mask to float32', () => {
    const mask = Uint8Array.from({ length: 5000 }, (_, i) => (i * 7919) % 3 === 0 ? 1 : 0);
    const v: View<TypedArray> = { buffer: mask, dtype: 'bool', shape: [50, 100], strides: [100, 1], offset: 0 };
    const got = one.copy(v, 'float32');
    expect(got).toBeInstanceOf(Float32Array);
    expect(Array.from(got)).toEqual(Array.from(mask));
  });

  it('negates a bool mask (relu\'s gradient) by enumeration, at an offset and over an odd length, on one and two threads', () => {
    const n = (1 << 18) + 21;
    const mask = Uint8Array.from({ length: n + 3 }, (_, i) => (i * 7919) % 3 === 0 ? 1 : 0);
    const v: View<TypedArray> = { buffer: mask, dtype: 'bool', shape: [n], strides: [1], offset: 3 };
    const got = one.unary('logicalNot', v, 'bool');
    expect(got).toBeInstanceOf(Uint8Array);
    expect(got.length).toBe(n);
    expect(wasmRuntime()!.heap.owns(got)).toBe(true); // the kernel's result, left in the heap
    for (let i = 0; i < n; i++) if (got[i] !== 1 - mask[i + 3]!) throw new Error(`logicalNot: element ${i} is ${got[i]}`);
    expect(sameBits(two.unary('logicalNot', v, 'bool'), got)).toBe(true);
    // a strided bool view is not one run of bytes: the TypeScript loop takes it, with the same result
    const strided: View<TypedArray> = { buffer: mask, dtype: 'bool', shape: [50, 100], strides: [1, 50], offset: 0 };
    expect(sameBits(one.unary('logicalNot', strided, 'bool'), tsBackend.unary('logicalNot', strided, 'bool'))).toBe(true);
  });

  it('splits large tensors over two threads with the same bits', () => {
    const shape = [64, 6, 28, 28];
    const a = denseView(tricky(64 * 6 * 784, 7), shape), b = broadcastView(tricky(6, 8), [6, 1, 1], shape);
    expect(sameBits(two.binary('add', a, b, shape, 'float32'), one.binary('add', a, b, shape, 'float32'))).toBe(true);
    expect(sameBits(two.unary('relu', a, 'float32'), one.unary('relu', a, 'float32'))).toBe(true);
  });
});

describe('canonical broadcast form', () => {
  it('merges dims every operand walks contiguously and pads to rank 4', () => {
    // a bias [C] broadcast over [N, C, H, W]: H and W merge, N stays apart from C
    expect(canonical([2, 3, 4, 5], [[60, 20, 5, 1], [0, 1, 0, 0]])).toEqual({ dims: [1, 2, 3, 20], strides: [[0, 60, 20, 1], [0, 0, 1, 0]] });
    expect(canonical([2, 1, 4], [[4, 4, 1]])).toEqual({ dims: [1, 1, 1, 8], strides: [[0, 0, 0, 1]] });
    expect(canonical([2, 3, 2, 3, 2], [[1, 2, 6, 12, 36]])).toBeNull();
  });
});

describe('wasm sum and scatter-add', () => {
  it('takes max and min over trailing axes with the TypeScript loop\'s bits: NaN wins, the first of −0 and +0 wins a tie', () => {
    // rows of 257: zeros of both signs (rows whose extremum is a zero), NaN in some rows, ties elsewhere
    const rows = 40, cols = 257;
    const data = randomF32(rows * cols, 12).map((v, i) => {
      const r = Math.floor(i / cols), c = i % cols;
      if (r % 4 === 0) return c % 2 ? -Math.abs(v) : c % 5 ? -0 : 0; // max is a zero: which sign is seen first?
      if (r % 4 === 1) return c % 3 ? Math.abs(v) : r % 8 === 1 ? 0 : -0;
      if (r % 4 === 2 && c === 100 + r) return NaN;
      return Math.round(v * 8) / 8;
    });
    const flip: View<TypedArray> = { buffer: data, dtype: 'float32', shape: [rows, cols], strides: [cols, -1], offset: cols - 1 };
    for (const op of ['max', 'min'] as const) {
      for (const v of [denseView(data, [rows, cols]), flip]) {
        const got = one.reduce(op, v, [1], 'float32');
        expect(wasmRuntime()!.heap.owns(got)).toBe(true);
        expect(sameBits(got, tsBackend.reduce(op, v, [1], 'float32'))).toBe(true);
        expect(sameBits(two.reduce(op, v, [1], 'float32'), got)).toBe(true);
      }
      // over both axes, and over a permuted view's trailing axes
      const all = denseView(data, [rows * cols]);
      expect(sameBits(one.reduce(op, all, [0], 'float32'), tsBackend.reduce(op, all, [0], 'float32'))).toBe(true);
      const t: View<TypedArray> = { buffer: data, dtype: 'float32', shape: [cols, rows], strides: [1, cols], offset: 0 };
      expect(sameBits(one.reduce(op, t, [1], 'float32'), tsBackend.reduce(op, t, [1], 'float32'))).toBe(true);
    }
  });

  it('sums over a flipped and over a broadcast reduced dim', () => {
    const data = randomF32(64 * 129, 13);
    const flip: View<TypedArray> = { buffer: data, dtype: 'float32', shape: [64, 129], strides: [129, -1], offset: 128 };
    const wide: View<TypedArray> = { buffer: data, dtype: 'float32', shape: [129, 64], strides: [1, 0], offset: 0 };
    for (const [v, value] of [[flip, (r: number) => data.subarray(r * 129, r * 129 + 129).reduceRight((s, x) => s + x, 0)],
      [wide, (r: number) => 64 * data[r]!]] as const) {
      const got = one.reduce('sum', v, [1], 'float32');
      for (let r = 0; r < v.shape[0]!; r++) expect(got[r]).toBeCloseTo(value(r), 4);
    }
  });

  it('sums a permuted view over trailing axes like a float64 loop', () => {
    // the bias gradient of a conv: [C, N, H, W] viewed from NCHW data, summed over N, H, W
    const data = randomF32(8 * 5 * 9 * 11, 9);
    const v: View<TypedArray> = { buffer: data, dtype: 'float32', shape: [5, 8, 9, 11], strides: [99, 495, 11, 1], offset: 0 };
    const got = one.reduce('sum', v, [1, 2, 3], 'float32');
    for (let c = 0; c < 5; c++) {
      let s = 0;
      for (let n = 0; n < 8; n++) for (let i = 0; i < 99; i++) s += data[n * 495 + c * 99 + i]!;
      expect(got[c]).toBe(Math.fround(s));
    }
  });

  it('sums over leading rows (a bias gradient) with the TypeScript kernel\'s bits, on one and two threads', () => {
    for (const [rows, cols] of [[2048, 96], [300, 33], [4097, 1]] as const) {
      const v = denseView(randomF32(rows * cols, cols), [rows, cols]);
      const got = one.reduce('sum', transposedView(v.buffer as Float32Array, [rows, cols]), [1], 'float32');
      expect(sameBits(got, tsBackend.reduce('sum', transposedView(v.buffer as Float32Array, [rows, cols]), [1], 'float32'))).toBe(true);
      expect(sameBits(two.reduce('sum', transposedView(v.buffer as Float32Array, [rows, cols]), [1], 'float32'), got)).toBe(true);
    }
  });
  it('sums with a non-unit innermost stride and on two threads alike', () => {
    const data = randomF32(300 * 301, 10);
    const v: View<TypedArray> = { buffer: data, dtype: 'float32', shape: [301, 300], strides: [1, 301], offset: 0 };
    const got = one.reduce('sum', v, [1], 'float32');
    expect(sameBits(two.reduce('sum', v, [1], 'float32'), got)).toBe(true);
    for (const r of [0, 150, 300]) {
      let s = 0;
      for (let j = 0; j < 300; j++) s += data[j * 301 + r]!;
      expect(got[r]).toBe(Math.fround(s));
    }
  });

  it('scatter-adds along the last dim (max-pool gradients) with the TypeScript kernel\'s bits', () => {
    const shape = [4, 6, 300];
    const idx = Int32Array.from({ length: 4 * 6 * 75 }, (_, i) => ((i * 37) % 300) - (i % 5 === 0 ? 300 : 0));
    const index: View<TypedArray> = { buffer: idx, dtype: 'int32', shape: [4, 6, 75], strides: [450, 75, 1], offset: 0 };
    const src = denseView(randomF32(idx.length, 11), [4, 6, 75]);
    const base = denseView(randomF32(4 * 6 * 300, 12), shape);
    expect(sameBits(one.scatterAdd(shape, 2, index, src), tsBackend.scatterAdd(shape, 2, index, src))).toBe(true);
    expect(sameBits(one.scatterAdd(shape, 2, index, src, base), tsBackend.scatterAdd(shape, 2, index, src, base))).toBe(true);
  });

  it('zeroes the output in the parts, on every thread, over a used heap (the first max pool\'s gradient)', () => {
    const shape = [64, 6, 784];
    const idx = Int32Array.from({ length: 64 * 6 * 196 }, (_, i) => (i % 196) * 4 + (i % 3));
    const index: View<TypedArray> = { buffer: idx, dtype: 'int32', shape: [64, 6, 196], strides: [6 * 196, 196, 1], offset: 0 };
    const src = denseView(randomF32(idx.length, 14), [64, 6, 196]);
    const want = tsBackend.scatterAdd(shape, 2, index, src);
    for (const b of [one, two]) {
      // leave non-zero values where the output block will be
      b.unary('exp', denseView(randomF32(64 * 6 * 784, 15), shape), 'float32');
      expect(sameBits(b.scatterAdd(shape, 2, index, src), want)).toBe(true);
    }
  });

  it('takes a base of one +0 broadcast over the output as no base, and adds any other broadcast value', () => {
    const shape = [8, 6, 784];
    const idx = Int32Array.from({ length: 8 * 6 * 196 }, (_, i) => (i % 196) * 4 + (i % 3));
    const index: View<TypedArray> = { buffer: idx, dtype: 'int32', shape: [8, 6, 196], strides: [6 * 196, 196, 1], offset: 0 };
    const src = denseView(randomF32(idx.length, 16), [8, 6, 196]);
    const broadcast = (v: number): View<TypedArray> => ({ buffer: Float32Array.of(7, v), dtype: 'float32', shape, strides: [0, 0, 0], offset: 1 });
    const dense = (v: number) => denseView(new Float32Array(8 * 6 * 784).fill(v), shape);
    for (const b of [one, two]) {
      expect(sameBits(b.scatterAdd(shape, 2, index, src, broadcast(0)), tsBackend.scatterAdd(shape, 2, index, src))).toBe(true);
      // −0 and other values are real bases: untouched positions keep them
      for (const v of [-0, 1.5]) {
        const got = b.scatterAdd(shape, 2, index, src, broadcast(v));
        expect(sameBits(got, tsBackend.scatterAdd(shape, 2, index, src, dense(v)))).toBe(true);
        expect(Object.is(got[3], v)).toBe(true); // position 3 of a row is never an index here
      }
    }
  });

  it('reports an out-of-range index as the TypeScript kernel does', () => {
    const shape = [2, 4096];
    const idx = new Int32Array(2 * 10).fill(3);
    idx[13] = 4096;
    const index: View<TypedArray> = { buffer: idx, dtype: 'int32', shape: [2, 10], strides: [10, 1], offset: 0 };
    const src = denseView(randomF32(20, 13), [2, 10]);
    expect(() => one.scatterAdd(shape, 1, index, src)).toThrow(/scatterAdd: index 4096 is out of range for dim 1 of size 4096/);
  });
});
