import { describe, expect, it } from 'vitest';
import type { Conv2dSpec } from '../contract';
import { cpuConvKernels } from './conv';
import { convOutSize } from './conv';

type Quad = [number, number, number, number];

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296 - 0.5;
  };
}

const view = (buffer: Float64Array | Float32Array, shape: readonly number[]) => {
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  return { buffer, dtype: buffer instanceof Float64Array ? 'float64' as const : 'float32' as const, shape, strides, offset: 0 };
};

/** y[n,o,oy,ox] = Σ w[o,c,i,j]·x[n, g·Cg+c, oy·sh−ph+i·dh, ox·sw−pw+j·dw], straight from the definition. */
function naiveConv(x: ArrayLike<number>, xs: Quad, w: ArrayLike<number>, ws: Quad, s: Conv2dSpec): { y: Float64Array; ys: Quad } {
  const [N, C, H, W] = xs, [O, Cg, kh, kw] = ws, G = s.groups, Og = O / G;
  const Ho = convOutSize(H, kh, s.stride[0], s.padding[0], s.dilation[0]);
  const Wo = convOutSize(W, kw, s.stride[1], s.padding[1], s.dilation[1]);
  const y = new Float64Array(N * O * Ho * Wo);
  for (let n = 0; n < N; n++) for (let o = 0; o < O; o++) for (let oy = 0; oy < Ho; oy++) for (let ox = 0; ox < Wo; ox++) {
    let acc = 0;
    const g = Math.floor(o / Og);
    for (let c = 0; c < Cg; c++) for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) {
      const yy = oy * s.stride[0] - s.padding[0] + i * s.dilation[0], xx = ox * s.stride[1] - s.padding[1] + j * s.dilation[1];
      if (yy < 0 || yy >= H || xx < 0 || xx >= W) continue;
      acc += w[((o * Cg + c) * kh + i) * kw + j]! * x[((n * C + g * Cg + c) * H + yy) * W + xx]!;
    }
    y[((n * O + o) * Ho + oy) * Wo + ox] = acc;
  }
  return { y, ys: [N, O, Ho, Wo] };
}

/** The adjoints by brute force: ⟨conv(x, w), δ⟩ differentiated entry by entry through naiveConv's sum. */
function naiveGrads(x: ArrayLike<number>, xs: Quad, w: ArrayLike<number>, ws: Quad, dy: ArrayLike<number>, ys: Quad, s: Conv2dSpec) {
  const [N, C, H, W] = xs, [O, Cg, kh, kw] = ws, [, , Ho, Wo] = ys, Og = O / s.groups;
  const dx = new Float64Array(N * C * H * W), dw = new Float64Array(O * Cg * kh * kw);
  for (let n = 0; n < N; n++) for (let o = 0; o < O; o++) for (let oy = 0; oy < Ho; oy++) for (let ox = 0; ox < Wo; ox++) {
    const d = dy[((n * O + o) * Ho + oy) * Wo + ox]!, g = Math.floor(o / Og);
    for (let c = 0; c < Cg; c++) for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) {
      const yy = oy * s.stride[0] - s.padding[0] + i * s.dilation[0], xx = ox * s.stride[1] - s.padding[1] + j * s.dilation[1];
      if (yy < 0 || yy >= H || xx < 0 || xx >= W) continue;
      const xi = ((n * C + g * Cg + c) * H + yy) * W + xx, wi = ((o * Cg + c) * kh + i) * kw + j;
      dx[xi] += d * w[wi]!;
      dw[wi] += d * x[xi]!;
    }
  }
  return { dx, dw };
}

interface Case { x: Quad; w: Quad; stride?: number; pad?: [number, number]; dil?: number; groups?: number; f32?: boolean }

const cases: Case[] = [
  // 3×3 stride 1 with ≥ 8 channels: the Winograd path, odd and even sizes, every padding it accepts
  { x: [2, 8, 7, 9], w: [8, 8, 3, 3], pad: [1, 1] },
  { x: [1, 9, 6, 5], w: [10, 9, 3, 3], pad: [0, 0] },
  { x: [2, 8, 5, 8], w: [12, 8, 3, 3], pad: [2, 1] },
  { x: [1, 16, 9, 7], w: [16, 8, 3, 3], pad: [1, 1], groups: 2 },
  { x: [2, 12, 11, 10], w: [8, 12, 3, 3], pad: [1, 0], f32: true },
  // outputs of 8×8 and more take 4×4 tiles (F(4×4, 3×3)), with partial tiles at the edges
  { x: [2, 8, 13, 10], w: [9, 8, 3, 3], pad: [1, 1] },
  { x: [1, 10, 17, 12], w: [8, 10, 3, 3], pad: [2, 0] },
  { x: [1, 16, 10, 11], w: [16, 8, 3, 3], pad: [1, 1], groups: 2, f32: true },
  // the implicit-im2col matrix product (more than 16 output channels per group)
  { x: [2, 3, 9, 8], w: [20, 3, 3, 3], stride: 2, pad: [1, 2] },
  { x: [1, 4, 8, 7], w: [36, 2, 5, 5], pad: [2, 2], dil: 1, groups: 2 },
  { x: [2, 2, 7, 9], w: [17, 2, 2, 3], dil: 2, pad: [1, 0], f32: true },
  // few output pixels per image: the whole batch in one product (LeNet's C5 maps 5×5 to 1×1)
  { x: [3, 16, 5, 5], w: [24, 16, 5, 5] },
  { x: [4, 6, 7, 6], w: [20, 3, 3, 2], stride: 2, pad: [1, 1], groups: 2 },
  { x: [2, 5, 6, 6], w: [7, 5, 3, 3], dil: 2, pad: [1, 0], f32: true },
  // direct small kernels: row kernels, 4- and 2-wide channel tiles (6 = 4 + 2), partial pixel groups, strides, dilation, groups
  { x: [3, 1, 12, 11], w: [6, 1, 5, 5], pad: [2, 2] },
  { x: [2, 3, 9, 10], w: [5, 3, 3, 3], pad: [1, 1] },
  { x: [2, 4, 11, 9], w: [6, 2, 3, 2], stride: 2, pad: [1, 0], groups: 2 },
  { x: [1, 3, 13, 12], w: [4, 3, 3, 3], dil: 2, pad: [2, 3] },
  { x: [1, 8, 9, 9], w: [8, 8, 3, 3], pad: [3, 3] },
  { x: [2, 6, 8, 7], w: [6, 1, 3, 3], pad: [1, 1], groups: 6 },
  { x: [1, 5, 7, 6], w: [7, 5, 1, 1], stride: 3 },
  { x: [2, 3, 10, 10], w: [5, 3, 4, 3], stride: 2, pad: [1, 1], f32: true },
  { x: [2, 2, 9, 8], w: [6, 2, 2, 2], pad: [1, 0] },
  // stride-1 rows of 5 or 3 taps: kernel rows wholly in the top/bottom padding skipped (output rows of zeros)
  { x: [1, 2, 9, 11], w: [5, 2, 5, 5], pad: [4, 2], f32: true },
  { x: [2, 3, 8, 9], w: [4, 3, 3, 3], pad: [3, 1] },
  { x: [1, 1, 30, 29], w: [16, 1, 5, 5], pad: [2, 2] },
  { x: [1, 2, 12, 10], w: [3, 2, 3, 5], dil: 2, pad: [2, 0] },
  // float32 rows of five taps: Winograd F(4, 5) along the rows (five-row and other kernel heights)
  { x: [3, 1, 28, 28], w: [6, 1, 5, 5], pad: [2, 2], f32: true },
  { x: [2, 3, 10, 13], w: [4, 3, 3, 5], pad: [1, 2], f32: true },
  { x: [1, 6, 14, 14], w: [16, 6, 5, 5], f32: true },
];

describe('CPU conv kernels match the definition', () => {
  for (const [k, c] of cases.entries()) {
    it(JSON.stringify(c), () => {
      const s: Conv2dSpec = {
        stride: [c.stride ?? 1, c.stride ?? 1], padding: c.pad ?? [0, 0], dilation: [c.dil ?? 1, c.dil ?? 1], groups: c.groups ?? 1,
      };
      const rnd = lcg(100 + k);
      const Arr = c.f32 ? Float32Array : Float64Array;
      const random = (n: number) => {
        const a = new Arr(n);
        for (let i = 0; i < n; i++) a[i] = rnd();
        return a;
      };
      const x = random(c.x.reduce((a, b) => a * b)), w = random(c.w.reduce((a, b) => a * b));
      const { y, ys } = naiveConv(x, c.x, w, c.w, s);
      const dy = random(y.length);
      const { dx, dw } = naiveGrads(x, c.x, w, c.w, dy, ys, s);
      const tol = c.f32 ? 2e-5 : 1e-12;
      const close = (got: ArrayLike<number>, want: Float64Array) => {
        expect(got.length).toBe(want.length);
        let worst = 0;
        for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!));
        expect(worst).toBeLessThan(tol);
      };
      close(cpuConvKernels.conv2d!(view(x, c.x), view(w, c.w), s, ys), y);
      close(cpuConvKernels.conv2dBackwardInput!(view(dy, ys), view(w, c.w), s, c.x), dx);
      close(cpuConvKernels.conv2dBackwardWeight!(view(x, c.x), view(dy, ys), s, c.w), dw);
    });
  }

  it('keeps the input dtype', () => {
    const s: Conv2dSpec = { stride: [1, 1], padding: [1, 1], dilation: [1, 1], groups: 1 };
    const x = new Float32Array(8 * 16), w = new Float32Array(8 * 8 * 9);
    expect(cpuConvKernels.conv2d!(view(x, [1, 8, 4, 4]), view(w, [8, 8, 3, 3]), s, [1, 8, 4, 4])).toBeInstanceOf(Float32Array);
  });
});
