import { describe, expect, it } from 'vitest';
import type { Pool2dSpec } from '../contract';
import { denseView, randomF32, sameBits, tsBackend, wasmBackend } from './test-util';

const one = wasmBackend(1), two = wasmBackend(2);
const outSize = (n: number, k: number, s: number, p: number, d: number, ceil = false) => {
  const span = n + 2 * p - d * (k - 1) - 1;
  let o = (ceil ? Math.ceil(span / s) : Math.floor(span / s)) + 1;
  if (ceil && (o - 1) * s >= n + p) o--;
  return o;
};
const pool = (x: number[], k: number, s: number, p: number, d = 1, extra: Partial<Pool2dSpec> = {}, ceil = false): Pool2dSpec => ({
  kernel: [k, k], stride: [s, s], padding: [p, p], dilation: [d, d],
  outShape: [outSize(x[2]!, k, s, p, d, ceil), outSize(x[3]!, k, s, p, d, ceil)], ...extra,
});

const shapes: [string, number[], Pool2dSpec][] = [
  ['2×2 stride 2 (LeNet)', [3, 6, 28, 28], pool([3, 6, 28, 28], 2, 2, 0)],
  ['3×3 stride 2 pad 1, odd sizes', [2, 3, 7, 33], pool([2, 3, 7, 33], 3, 2, 1)],
  ['ceil mode overhang', [1, 2, 9, 8], pool([1, 2, 9, 8], 3, 2, 1, 1, {}, true)],
  ['count only the input', [2, 2, 7, 7], pool([2, 2, 7, 7], 3, 2, 1, 1, { countIncludePad: false })],
  ['divisor override', [1, 3, 6, 5], pool([1, 3, 6, 5], 2, 1, 1, 1, { divisorOverride: 3 })],
  ['257 wide, batch 7', [7, 1, 2, 257], pool([7, 1, 2, 257], 2, 1, 0)],
];

describe('wasm pooling gives the TypeScript kernels\' bits', () => {
  for (const [name, shape, s] of shapes) {
    it(name, () => {
      const x = randomF32(shape.reduce((a, b) => a * b), shape.length * 7 + shape[3]!);
      const xv = denseView(x, shape);
      const outShape = [shape[0]!, shape[1]!, ...s.outShape];
      const dy = denseView(randomF32(outShape.reduce((a, b) => a * b), 5), outShape);
      if (s.countIncludePad === undefined && s.divisorOverride === undefined) {
        const want = tsBackend.maxPool2d!(xv, s), got = one.maxPool2d!(xv, s);
        expect(sameBits(got.out as Float32Array, want.out as Float32Array)).toBe(true);
        expect(Array.from(got.indices)).toEqual(Array.from(want.indices));
      }
      expect(sameBits(one.avgPool2d!(xv, s), tsBackend.avgPool2d!(xv, s))).toBe(true);
      expect(sameBits(one.avgPool2dBackward!(dy, s, shape), tsBackend.avgPool2dBackward!(dy, s, shape))).toBe(true);
    });
  }

  it('max pooling: the first NaN wins its window, else the first maximum; dilation skips pixels', () => {
    const x = new Float32Array([1, 5, 5, 0, NaN, 2, -1, 3, 4, 4, 9, 8, 7, NaN, 6, 2]);
    const shape = [1, 1, 4, 4];
    for (const s of [pool(shape, 2, 2, 0), pool(shape, 2, 1, 1, 2)]) {
      const want = tsBackend.maxPool2d!(denseView(x, shape), s), got = one.maxPool2d!(denseView(x, shape), s);
      expect(sameBits(got.out as Float32Array, want.out as Float32Array)).toBe(true);
      expect(Array.from(got.indices)).toEqual(Array.from(want.indices));
    }
    const { out, indices } = one.maxPool2d!(denseView(x, shape), pool(shape, 2, 2, 0));
    expect(Array.from(out)).toEqual([NaN, 5, NaN, 9]);
    expect(Array.from(indices)).toEqual([4, 2, 13, 10]);
  });

  it('max pooling 2×2 / 2 (the vector path): ties and NaNs pick the TypeScript kernel\'s winners', () => {
    const shape = [2, 3, 8, 13];
    const x = randomF32(shape.reduce((a, b) => a * b), 17).map((v, i) => (i % 11 === 3 ? NaN : Math.round(v * 2)));
    const s = pool(shape, 2, 2, 0);
    const want = tsBackend.maxPool2d!(denseView(x, shape), s), got = one.maxPool2d!(denseView(x, shape), s);
    expect(sameBits(got.out as Float32Array, want.out as Float32Array)).toBe(true);
    expect(Array.from(got.indices)).toEqual(Array.from(want.indices));
    expect(Array.from(got.out).some(Number.isNaN)).toBe(true);
  });

  it('splits planes over two threads with the same bits', () => {
    const shape = [16, 8, 32, 32], s = pool(shape, 3, 1, 1);
    const xv = denseView(randomF32(shape.reduce((a, b) => a * b), 9), shape);
    expect(sameBits(two.maxPool2d!(xv, s).out as Float32Array, one.maxPool2d!(xv, s).out as Float32Array)).toBe(true);
    expect(sameBits(two.avgPool2d!(xv, s), one.avgPool2d!(xv, s))).toBe(true);
  });
});
