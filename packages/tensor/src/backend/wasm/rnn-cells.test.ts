import { describe, expect, it } from 'vitest';
import type { View } from '../contract';
import type { TypedArray } from '../../dtype';
import { denseView, excess, randomF32, sameBits, tsBackend, wasmBackend } from './test-util';

/**
 * The WebAssembly LSTM and GRU cells against the TypeScript kernels, which compute in float64 (the
 * reference, rounded once): within a few float32 ulps, the same bits on one thread and two, rows
 * read through strides, and H not a multiple of 4 left to the TypeScript kernels.
 */
const one = wasmBackend(1), two = wasmBackend(2);
const TOL = 2e-6;

/** Values spread over [−scale, scale], so the gates reach saturation as well as the linear middle. */
const spread = (n: number, seed: number, scale: number): Float32Array => randomF32(n, seed).map((v) => v * scale);
/** Columns [from, from + width) of a dense [N, W] array, as a row-strided view. */
const columns = (data: Float32Array, N: number, W: number, from: number, width: number): View<TypedArray> =>
  ({ buffer: data, dtype: 'float32', shape: [N, width], strides: [W, 1], offset: from });

const f32s = (xs: TypedArray[]): Float32Array[] => xs.map((x) => x as Float32Array);
const within = (got: TypedArray[], want: TypedArray[]): number => Math.max(...got.map((g, i) => excess(g, want[i]!, TOL)));

describe('wasm LSTM cell', () => {
  for (const [N, H, scale] of [[3, 8, 3], [5, 16, 12], [2, 4, 100]] as const) {
    it(`N=${N} H=${H}, gates in ±${scale}: forward and backward match float64, 1 and 2 threads give the same bits`, () => {
      const gates = denseView(spread(N * 4 * H, H, scale), [N, 4 * H]);
      const c = columns(spread(N * 3 * H, H + 1, 2), N, 3 * H, H, H); // c read through a row stride
      const out = tsBackend.lstmCell!(gates, c);
      const outV = denseView(out as Float32Array, [N, 2 * H]);
      const dOut = denseView(randomF32(N * 2 * H, 7), [N, 2 * H]);
      expect(within([one.lstmCell!(gates, c)], [out])).toBeLessThanOrEqual(0);
      expect(within(one.lstmCellBackward!(gates, c, outV, dOut), tsBackend.lstmCellBackward!(gates, c, outV, dOut))).toBeLessThanOrEqual(0);
      expect(sameBits(one.lstmCell!(gates, c), two.lstmCell!(gates, c))).toBe(true);
      const [a, b] = [f32s(one.lstmCellBackward!(gates, c, outV, dOut)), f32s(two.lstmCellBackward!(gates, c, outV, dOut))];
      expect(a.every((x, i) => sameBits(x, b[i]!))).toBe(true);
    });
  }
  it('adds a separate hidden part gh (read through a row stride) inside the kernel, forward and backward', () => {
    const N = 4, H = 12;
    const gates = denseView(spread(N * 4 * H, 3, 4), [N, 4 * H]);
    const gh = columns(spread(N * 5 * H, 4, 4), N, 5 * H, H, 4 * H);
    const c = denseView(spread(N * H, 5, 2), [N, H]);
    const out = tsBackend.lstmCell!(gates, c, gh);
    const outV = denseView(out as Float32Array, [N, 2 * H]);
    const dOut = denseView(randomF32(N * 2 * H, 8), [N, 2 * H]);
    expect(within([one.lstmCell!(gates, c, gh)], [out])).toBeLessThanOrEqual(0);
    expect(within(one.lstmCellBackward!(gates, c, outV, dOut, gh), tsBackend.lstmCellBackward!(gates, c, outV, dOut, gh))).toBeLessThanOrEqual(0);
    expect(sameBits(one.lstmCell!(gates, c, gh), two.lstmCell!(gates, c, gh))).toBe(true);
    // the same as summing first
    const summed = denseView(Float32Array.from(gates.buffer as Float32Array, (v, i) => v + (gh.buffer as Float32Array)[Math.floor(i / (4 * H)) * 5 * H + H + (i % (4 * H))]!), [N, 4 * H]);
    expect(within([one.lstmCell!(gates, c, gh)], [tsBackend.lstmCell!(summed, c)])).toBeLessThanOrEqual(0);
  });
  it('H = 6 (not a multiple of 4) runs the TypeScript kernel', () => {
    const gates = denseView(spread(2 * 24, 3, 3), [2, 24]), c = denseView(spread(12, 4, 2), [2, 6]);
    expect(sameBits(one.lstmCell!(gates, c), tsBackend.lstmCell!(gates, c))).toBe(true);
  });
});

describe('wasm GRU cell', () => {
  for (const [N, H, scale] of [[3, 8, 3], [4, 20, 15], [1, 4, 100]] as const) {
    it(`N=${N} H=${H}, gates in ±${scale}: forward and backward match float64, 1 and 2 threads give the same bits`, () => {
      const gi = columns(spread(N * 4 * H, H, scale), N, 4 * H, H, 3 * H);
      const gh = denseView(spread(N * 3 * H, H + 2, scale), [N, 3 * H]);
      const h = denseView(spread(N * H, H + 3, 1), [N, H]);
      const dOut = columns(randomF32(N * 2 * H, 9), N, 2 * H, 0, H);
      expect(within([one.gruCell!(gi, gh, h)], [tsBackend.gruCell!(gi, gh, h)])).toBeLessThanOrEqual(0);
      expect(within(one.gruCellBackward!(gi, gh, h, dOut), tsBackend.gruCellBackward!(gi, gh, h, dOut))).toBeLessThanOrEqual(0);
      expect(sameBits(one.gruCell!(gi, gh, h), two.gruCell!(gi, gh, h))).toBe(true);
      const [a, b] = [f32s(one.gruCellBackward!(gi, gh, h, dOut)), f32s(two.gruCellBackward!(gi, gh, h, dOut))];
      expect(a.every((x, i) => sameBits(x, b[i]!))).toBe(true);
    });
  }
});
