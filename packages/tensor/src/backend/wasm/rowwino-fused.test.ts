import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import type { Conv2dSpec } from '../contract';
import { cpuKernelInfo } from './index';
import { convOutShape, convRef, denseView, excess, randomF32, sameBits, wasmBackend, type ConvCase } from './test-util';

// Node 20 validates relaxed SIMD (the fused multiply-add kernels) only behind this flag: set before the
// kernels first load, so both variants run here.
setFlagsFromString('--experimental-wasm-relaxed-simd');

const spec = (p: number): Conv2dSpec => ({ stride: [1, 1], padding: [p, p], dilation: [1, 1], groups: 1 });
const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

// the row-Winograd forward and weight gradient (5×5, stride 1): LeNet's C1 (padding 2, 28 = 7 whole
// pieces) and C3 (10 columns: the last piece cut at two), and an odd width with a single piece
const cases: [string, ConvCase][] = [
  ['LeNet C1', { x: [5, 1, 28, 28], w: [6, 1, 5, 5], spec: spec(2) }],
  ['LeNet C3', { x: [7, 6, 14, 14], w: [16, 6, 5, 5], spec: spec(0) }],
  ['3 channels, 9×12 with padding 1', { x: [3, 3, 9, 12], w: [5, 3, 5, 5], spec: spec(1) }],
  // six pieces (one group of four, then a whole piece and one cut at three) on 13 rows: the pieces
  // left over run four rows at a time, the last row and the cut piece one by one
  ['2 channels, 13×23 with padding 2', { x: [2, 2, 13, 23], w: [3, 2, 5, 5], spec: spec(2) }],
  ['3 channels, 10×40 with padding 2 (ten pieces)', { x: [2, 3, 10, 40], w: [3, 3, 5, 5], spec: spec(2) }],
];

function run(fused: boolean, threads: number, cs: ConvCase): { y: Float32Array; dw: Float32Array } {
  const b = wasmBackend(threads, fused), yShape = convOutShape(cs);
  const xv = denseView(randomF32(size(cs.x), 1), cs.x), wv = denseView(randomF32(size(cs.w), 2), cs.w);
  const dyv = denseView(randomF32(size(yShape), 3), yShape);
  return { y: b.conv2d!(xv, wv, cs.spec, yShape) as Float32Array, dw: b.conv2dBackwardWeight!(xv, dyv, cs.spec, cs.w) as Float32Array };
}

describe('the row-Winograd product loops with fused multiply-adds', () => {
  it('run here: the engine validates relaxed SIMD once the flag is set', () => {
    expect(cpuKernelInfo({ kernels: 'wasm', fusedMultiplyAdd: true }).fusedMultiplyAdd).toBe(true);
  });

  for (const [name, cs] of cases) {
    it(`${name}: forward and weight gradient match float64 sums with and without fusing, and fusing changes bits`, () => {
      const yShape = convOutShape(cs);
      const want = convRef(cs, randomF32(size(cs.x), 1), randomF32(size(cs.w), 2), randomF32(size(yShape), 3));
      const R = cs.w[1] * 25, P = yShape[0] * yShape[2] * yShape[3];
      const fused = run(true, 1, cs), separate = run(false, 1, cs);
      for (const got of [fused, separate]) {
        expect(excess(got.y, want.y, 2e-7 * (R + 8))).toBeLessThanOrEqual(0);
        expect(excess(got.dw, want.dw, 2e-7 * (P + 8))).toBeLessThanOrEqual(0);
      }
      // one rounding per multiply-add instead of two: the fused loops really ran
      expect(sameBits(fused.y, separate.y)).toBe(false);
      expect(sameBits(fused.dw, separate.dw)).toBe(false);
    });

    it(`${name}: each variant gives the same bits on two threads as on one`, () => {
      for (const fused of [true, false]) {
        const a = run(fused, 1, cs), b = run(fused, 2, cs);
        expect(sameBits(a.y, b.y)).toBe(true);
        expect(sameBits(a.dw, b.dw)).toBe(true);
      }
    });
  }
});
