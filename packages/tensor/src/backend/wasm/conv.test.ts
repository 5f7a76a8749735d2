import { describe, expect, it } from 'vitest';
import type { Conv2dSpec } from '../contract';
import { convOutShape, convRef, denseView, excess, randomF32, sameBits, wasmBackend, type ConvCase } from './test-util';

const one = wasmBackend(1), two = wasmBackend(2);

const spec = (s: number, p: number, d: number, groups = 1, s2 = s, p2 = p, d2 = d): Conv2dSpec =>
  ({ stride: [s, s2], padding: [p, p2], dilation: [d, d2], groups });

const cases: [string, ConvCase][] = [
  ['LeNet C1 (pad 2)', { x: [3, 1, 28, 28], w: [6, 1, 5, 5], spec: spec(1, 2, 1) }],
  ['LeNet C5 (a 1×1 output: items batched into one GEMM)', { x: [7, 16, 5, 5], w: [120, 16, 5, 5], spec: spec(1, 0, 1) }],
  ['odd sizes 7×33 with a 3×3 kernel', { x: [2, 3, 7, 33], w: [5, 3, 3, 3], spec: spec(1, 1, 1) }],
  ['stride 2 with padding', { x: [2, 4, 11, 9], w: [6, 4, 3, 3], spec: spec(2, 1, 1) }],
  ['dilation 2', { x: [1, 2, 13, 12], w: [3, 2, 3, 3], spec: spec(1, 2, 2) }],
  ['groups 3, stride 2, dilation 2', { x: [3, 6, 13, 11], w: [9, 2, 3, 3], spec: spec(2, 1, 2, 3) }],
  ['depthwise (groups = channels)', { x: [2, 4, 9, 9], w: [4, 1, 3, 3], spec: spec(1, 1, 1, 4) }],
  ['pointwise 1×1', { x: [2, 33, 7, 5], w: [17, 33, 1, 1], spec: spec(1, 0, 1) }],
  ['asymmetric stride, padding and dilation', { x: [2, 3, 10, 14], w: [4, 3, 2, 3], spec: spec(1, 0, 1, 1, 2, 2, 2) }],
  ['a 1×1 image with padding', { x: [5, 2, 1, 1], w: [3, 2, 3, 3], spec: spec(1, 1, 1) }],
  ['257 output columns, batch 7', { x: [7, 2, 1, 259], w: [3, 2, 1, 3], spec: spec(1, 0, 1) }],
  // 16+ channels on 16+ wide maps: the input gradient runs as a forward conv with flipped weights
  ['16 channels, 17×18 (input gradient as a flipped conv)', { x: [2, 16, 17, 18], w: [8, 16, 3, 3], spec: spec(1, 1, 1) }],
  ['the flipped-conv input gradient with groups 2, dilation 2, padding (2, 0)', { x: [2, 32, 16, 20], w: [12, 16, 3, 3], spec: spec(1, 2, 2, 2, 1, 0, 2) }],
  // 5×5 stride 1: Winograd F(4, 5) along the rows (LeNet's C3; padding and a partial last piece)
  ['LeNet C3 (6 → 16 channels, 14×14)', { x: [2, 6, 14, 14], w: [16, 6, 5, 5], spec: spec(1, 0, 1) }],
  ['5×5 with padding (2, 1), 11 columns out', { x: [2, 3, 11, 13], w: [5, 3, 5, 5], spec: spec(1, 2, 1, 1, 1, 1, 1) }],
  ['5×5, 15 columns out (four pieces, the last cut)', { x: [2, 4, 14, 15], w: [3, 4, 5, 5], spec: spec(1, 2, 1) }],
  // 3×3 stride 1 with 32+ channels both ways: Winograd F(2×2, 3×3) forward and input gradient, with
  // partial tiles (odd output sizes) and partial blocks of four tiles
  ['Winograd, 32→40 channels, 13×21 (odd rows and columns)', { x: [3, 32, 13, 21], w: [40, 32, 3, 3], spec: spec(1, 1, 1) }],
  ['Winograd without padding (the input gradient pads 2)', { x: [2, 36, 12, 30], w: [32, 36, 3, 3], spec: spec(1, 0, 1) }],
  ['Winograd with padding (2, 0)', { x: [1, 32, 9, 17], w: [33, 32, 3, 3], spec: spec(1, 2, 1, 1, 1, 0, 1) }],
  // small maps: several whole images side by side per part (groups of 3, the last of 2) and per
  // weight-gradient chunk (2), the input gradient as a flipped conv on maps under 16 wide
  ['Winograd, whole 7×9 images side by side, batch 20', { x: [20, 32, 7, 9], w: [40, 32, 3, 3], spec: spec(1, 1, 1) }],
  ['Winograd at 16 channels, 30×9 (two images per part, the last alone)', { x: [3, 16, 30, 9], w: [16, 16, 3, 3], spec: spec(1, 1, 1) }],
];

describe('wasm conv2d and its gradients', () => {
  for (const [name, cs] of cases) {
    it(`${name}: forward, input and weight gradients match float64 sums`, () => {
      const yShape = convOutShape(cs);
      const x = randomF32(cs.x.reduce((a, b) => a * b), 1), w = randomF32(cs.w.reduce((a, b) => a * b), 2);
      const dy = randomF32(yShape.reduce((a, b) => a * b), 3);
      const want = convRef(cs, x, w, dy);
      const xv = denseView(x, cs.x), wv = denseView(w, cs.w), dyv = denseView(dy, yShape);
      // each output sums R = Cg·kh·kw terms, each weight-gradient entry N·Ho·Wo
      const R = cs.w[1] * cs.w[2] * cs.w[3], P = yShape[0] * yShape[2] * yShape[3];
      expect(excess(one.conv2d!(xv, wv, cs.spec, yShape), want.y, 2e-7 * (R + 8))).toBeLessThanOrEqual(0);
      expect(excess(one.conv2dBackwardInput!(dyv, wv, cs.spec, cs.x), want.dx, 2e-7 * (yShape[1] * R + 8))).toBeLessThanOrEqual(0);
      expect(excess(one.conv2dBackwardWeight!(xv, dyv, cs.spec, cs.w), want.dw, 2e-7 * (P + 8))).toBeLessThanOrEqual(0);
    });
  }

  it('reads a non-contiguous input (a permuted view) like its dense copy', () => {
    const cs: ConvCase = { x: [2, 3, 6, 5], w: [4, 3, 3, 3], spec: spec(1, 1, 1) };
    const x = randomF32(2 * 3 * 6 * 5, 7), w = randomF32(4 * 3 * 9, 8);
    // the same values stored as [N, H, W, C] and viewed as NCHW
    const nhwc = new Float32Array(x.length);
    for (let n = 0; n < 2; n++) for (let c = 0; c < 3; c++) for (let y = 0; y < 6; y++) for (let xx = 0; xx < 5; xx++) {
      nhwc[((n * 6 + y) * 5 + xx) * 3 + c] = x[((n * 3 + c) * 6 + y) * 5 + xx]!;
    }
    const strided = { buffer: nhwc, dtype: 'float32' as const, shape: cs.x, strides: [90, 1, 15, 3], offset: 0 };
    const yShape = convOutShape(cs);
    expect(sameBits(one.conv2d!(strided, denseView(w, cs.w), cs.spec, yShape), one.conv2d!(denseView(x, cs.x), denseView(w, cs.w), cs.spec, yShape))).toBe(true);
  });

  it('gives the same bits on two threads as on one (LeNet C3 shapes, batch 9)', () => {
    const cs: ConvCase = { x: [9, 6, 14, 14], w: [16, 6, 5, 5], spec: spec(1, 0, 1) };
    const yShape = convOutShape(cs);
    const xv = denseView(randomF32(9 * 6 * 196, 4), cs.x), wv = denseView(randomF32(16 * 150, 5), cs.w);
    const dyv = denseView(randomF32(yShape.reduce((a, b) => a * b), 6), yShape);
    for (const [a, b] of [
      [one.conv2d!(xv, wv, cs.spec, yShape), two.conv2d!(xv, wv, cs.spec, yShape)],
      [one.conv2dBackwardInput!(dyv, wv, cs.spec, cs.x), two.conv2dBackwardInput!(dyv, wv, cs.spec, cs.x)],
      [one.conv2dBackwardWeight!(xv, dyv, cs.spec, cs.w), two.conv2dBackwardWeight!(xv, dyv, cs.spec, cs.w)],
    ]) expect(sameBits(a!, b!)).toBe(true);
  });

  // the forward and both gradients of one case, on one thread and on two
  function expectSameBitsOnTwoThreads(cs: ConvCase): void {
    const yShape = convOutShape(cs);
    const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b);
    const xv = denseView(randomF32(size(cs.x), 4), cs.x), wv = denseView(randomF32(size(cs.w), 5), cs.w);
    const dyv = denseView(randomF32(size(yShape), 6), yShape);
    expect(sameBits(one.conv2d!(xv, wv, cs.spec, yShape), two.conv2d!(xv, wv, cs.spec, yShape))).toBe(true);
    expect(sameBits(one.conv2dBackwardInput!(dyv, wv, cs.spec, cs.x), two.conv2dBackwardInput!(dyv, wv, cs.spec, cs.x))).toBe(true);
    expect(sameBits(one.conv2dBackwardWeight!(xv, dyv, cs.spec, cs.w), two.conv2dBackwardWeight!(xv, dyv, cs.spec, cs.w))).toBe(true);
  }

  it('gives the same bits on two threads as on one (Winograd, batch 5)', () => {
    expectSameBitsOnTwoThreads({ x: [5, 32, 20, 20], w: [32, 32, 3, 3], spec: spec(1, 1, 1) });
  });

  it('gives the same bits on two threads as on one (Winograd, whole 7×7 images side by side, batch 21)', () => {
    expectSameBitsOnTwoThreads({ x: [21, 32, 7, 7], w: [48, 32, 3, 3], spec: spec(1, 1, 1) });
  });

  it('gives the same bits on two threads as on one (the row-Winograd weight gradient of LeNet C1, batch 40)', () => {
    const cs: ConvCase = { x: [40, 1, 28, 28], w: [6, 1, 5, 5], spec: spec(1, 2, 1) };
    const yShape = convOutShape(cs);
    const xv = denseView(randomF32(40 * 784, 4), cs.x), dyv = denseView(randomF32(yShape.reduce((a, b) => a * b), 6), yShape);
    expect(sameBits(one.conv2dBackwardWeight!(xv, dyv, cs.spec, cs.w), two.conv2dBackwardWeight!(xv, dyv, cs.spec, cs.w))).toBe(true);
  });

  it('answers zero-size batches and channels without touching the kernels', () => {
    const cs: ConvCase = { x: [0, 2, 5, 5], w: [3, 2, 3, 3], spec: spec(1, 1, 1) };
    const yShape = convOutShape(cs);
    expect(one.conv2d!(denseView(new Float32Array(0), cs.x), denseView(randomF32(54, 1), cs.w), cs.spec, yShape).length).toBe(0);
    expect(Array.from(one.conv2dBackwardWeight!(denseView(new Float32Array(0), cs.x), denseView(new Float32Array(0), yShape), cs.spec, cs.w))).toEqual(new Array(54).fill(0));
    const noIn: ConvCase = { x: [2, 0, 4, 4], w: [3, 0, 3, 3], spec: spec(1, 1, 1) };
    expect(Array.from(one.conv2d!(denseView(new Float32Array(0), noIn.x), denseView(new Float32Array(0), noIn.w), noIn.spec, convOutShape(noIn)))).toEqual(new Array(2 * 3 * 16).fill(0));
  });
});
