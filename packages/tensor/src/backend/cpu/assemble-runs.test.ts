import { describe, expect, it } from 'vitest';
import { createCpuBackend } from './index';
import { contiguousStrides } from '../../shape';
import type { AssemblePart } from '../contract';
import type { TypedArray } from '../../dtype';

const be = createCpuBackend({ kernels: 'ts' });

/** out[begin + step·i] = src[i], element by element: the definition assemble implements. */
function reference(shape: number[], fill: number, parts: AssemblePart<TypedArray>[]): number[] {
  const out = new Array<number>(shape.reduce((a, b) => a * b, 1)).fill(fill);
  const strides = contiguousStrides(shape);
  for (const p of parts) {
    const ps = p.src.shape, ss = contiguousStrides(ps);
    for (let i = 0; i < p.src.buffer.length; i++) {
      let o = 0;
      for (let d = 0; d < ps.length; d++) o += (p.begin[d]! + p.step[d]! * (Math.floor(i / ss[d]!) % ps[d]!)) * strides[d]!;
      out[o] = p.src.buffer[i]!;
    }
  }
  return out;
}

const part = (shape: number[], begin: number[], step: number[], seed: number): AssemblePart<TypedArray> => {
  const n = shape.reduce((a, b) => a * b, 1);
  const buffer = Float32Array.from({ length: n }, (_, i) => seed * 1000 + i);
  return { src: { buffer, dtype: 'float32', shape, strides: contiguousStrides(shape), offset: 0 }, begin, step };
};

describe('assemble places unit-step parts as contiguous runs', () => {
  const cases: [string, number[], AssemblePart<TypedArray>[]][] = [
    ['steps of a sequence: [1, N, H] slices of [T, N, H]', [4, 3, 5], [0, 1, 2, 3].map((t) => part([1, 3, 5], [t, 0, 0], [1, 1, 1], t + 1))],
    ['two column halves of [N, 2H]', [3, 8], [part([3, 4], [0, 0], [1, 1], 1), part([3, 4], [0, 4], [1, 1], 2)]],
    ['an inner block, rest filled', [2, 4, 5], [part([1, 2, 3], [1, 1, 2], [1, 1, 1], 3)]],
    ['a strided part (element by element)', [2, 6], [part([2, 3], [0, 1], [1, 2], 4)]],
  ];
  for (const [name, shape, parts] of cases) {
    it(name, () => {
      expect(Array.from(be.assemble(shape, 'float32', -1, parts))).toEqual(reference(shape, -1, parts));
    });
  }
});

describe('assemble copies parts whose rows are contiguous straight from their buffers', () => {
  /** Columns [from, from + width) of a dense [rows, W] block, numbered seed·1000 + i: a narrowed view. */
  const columns = (rows: number, W: number, from: number, width: number, seed: number): AssemblePart<TypedArray>['src'] => ({
    buffer: Float32Array.from({ length: rows * W }, (_, i) => seed * 1000 + i), dtype: 'float32', shape: [rows, width], strides: [W, 1], offset: from,
  });
  const dense = (v: AssemblePart<TypedArray>['src']): AssemblePart<TypedArray>['src'] => {
    const [R, C] = v.shape as [number, number];
    const buffer = Float32Array.from({ length: R * C }, (_, i) => v.buffer[v.offset + Math.floor(i / C) * v.strides[0]! + (i % C) * v.strides[1]!]!);
    return { buffer, dtype: 'float32', shape: [R, C], strides: [C, 1], offset: 0 };
  };
  it('stacked rows of narrowed [N, 2H] blocks (the h\' halves), a broadcast value, and a part beside a column', () => {
    const H = 16, N = 3;
    const pieces = [1, 2, 3].map((s) => columns(N, 2 * H, s === 2 ? H : 0, H, s));
    const parts = pieces.map((src, t) => ({ src, begin: [t * N, 0], step: [1, 1] }));
    const want = reference([3 * N, H], -1, pieces.map((src, t) => ({ src: dense(src), begin: [t * N, 0], step: [1, 1] })));
    expect(Array.from(be.assemble([3 * N, H], 'float32', -1, parts))).toEqual(want);
    const broadcast = { src: { buffer: Float32Array.of(7, 9), dtype: 'float32' as const, shape: [3, 20], strides: [0, 0], offset: 1 }, begin: [2, 1], step: [1, 1] };
    expect(Array.from(be.assemble([6, 24], 'float32', -1, [broadcast]))).toEqual(reference([6, 24], -1, [{ ...broadcast, src: dense(broadcast.src) }]));
    const beside = [{ src: columns(4, 40, 3, 20, 5), begin: [1, 2], step: [1, 1] }];
    const want2 = reference([6, 24], -1, beside.map((p) => ({ ...p, src: dense(p.src) })));
    expect(Array.from(be.assemble([6, 24], 'float32', -1, beside))).toEqual(want2);
  });
});
