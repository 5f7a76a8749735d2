import { describe, expect, it } from 'vitest';
import type { View } from '../contract';
import type { TypedArray } from '../../dtype';
import { denseView, excess, randomF32, sameBits, tsBackend, wasmBackend } from './test-util';

/**
 * The sequence loop's LSTM and GRU kernels (activations saved forward, used backward) against the TypeScript
 * kernels (float64 arithmetic, rounded once) and against the step kernels they stand in for: the same
 * h' and c' bits as `lstmCell`, the same gradient bits as `lstmCellBackward`, 1 and 2 threads alike.
 */
const one = wasmBackend(1), two = wasmBackend(2);
const TOL = 2e-6;
const spread = (n: number, seed: number, scale: number): Float32Array => randomF32(n, seed).map((v) => v * scale);
const columns = (data: Float32Array, N: number, W: number, from: number, width: number): View<TypedArray> =>
  ({ buffer: data, dtype: 'float32', shape: [N, width], strides: [W, 1], offset: from });
const within = (got: TypedArray[], want: TypedArray[]): number => Math.max(...got.map((g, i) => excess(g, want[i]!, TOL)));
const allSame = (a: TypedArray[], b: TypedArray[]): boolean => a.every((x, i) => sameBits(x, b[i]!));

describe('wasm LSTM cell with saved activations', () => {
  for (const [N, H, scale] of [[3, 8, 3], [5, 16, 12], [2, 4, 100]] as const) {
    it(`N=${N} H=${H}, gates in ±${scale}: matches float64 and the step kernels' bits, 1 and 2 threads alike`, () => {
      const gates = denseView(spread(N * 4 * H, H, scale), [N, 4 * H]);
      const gh = columns(spread(N * 5 * H, H + 2, scale), N, 5 * H, H, 4 * H);
      const c = columns(spread(N * 3 * H, H + 1, 2), N, 3 * H, H, H);
      const dOut = randomF32(N * 2 * H, 7);
      const dh = columns(dOut, N, 2 * H, 0, H), dc = columns(dOut, N, 2 * H, H, H);
      const [out, act] = one.lstmCellAct!(gates, c, gh) as Float32Array[];
      expect(sameBits(out!, one.lstmCell!(gates, c, gh))).toBe(true);
      expect(within([out!], [tsBackend.lstmCellAct!(gates, c, gh)[0]!])).toBeLessThanOrEqual(0);
      const actV = denseView(act!, [N, 5 * H]);
      const grads = one.lstmCellActBackward!(actV, c, dh, dc);
      const outV = denseView(out!, [N, 2 * H]);
      expect(allSame(grads, one.lstmCellBackward!(gates, c, outV, denseView(dOut, [N, 2 * H]), gh))).toBe(true);
      expect(within(grads, tsBackend.lstmCellBackward!(gates, c, outV, denseView(dOut, [N, 2 * H]), gh))).toBeLessThanOrEqual(0);
      expect(allSame(one.lstmCellAct!(gates, c, gh), two.lstmCellAct!(gates, c, gh))).toBe(true);
      expect(allSame(grads, two.lstmCellActBackward!(actV, c, dh, dc))).toBe(true);
      // a bias given to the kernel: the bits of adding it to the gates first (float32), in both backends
      const bias = denseView(spread(4 * H, H + 3, scale), [4 * H]);
      const added = denseView(Float32Array.from(gates.buffer as Float32Array, (v, k) => v + (bias.buffer as Float32Array)[k % (4 * H)]!), [N, 4 * H]);
      for (const be of [one, two, tsBackend]) expect(allSame(be.lstmCellAct!(gates, c, gh, bias), be.lstmCellAct!(added, c, gh))).toBe(true);
    });
  }

  it('float64 (TypeScript kernels): the same values as the step kernels', () => {
    const N = 2, H = 3;
    const f64 = (n: number, seed: number, scale: number) => Float64Array.from(spread(n, seed, scale));
    const view = (a: Float64Array, shape: number[]): View<TypedArray> => ({ buffer: a, dtype: 'float64', shape, strides: [shape[1]!, 1], offset: 0 });
    const gates = view(f64(N * 4 * H, 1, 4), [N, 4 * H]), gh = view(f64(N * 4 * H, 2, 4), [N, 4 * H]), c = view(f64(N * H, 3, 2), [N, H]);
    const dOut = f64(N * 2 * H, 4, 1);
    const [out, act] = tsBackend.lstmCellAct!(gates, c, gh);
    expect(Array.from(out!)).toEqual(Array.from(tsBackend.lstmCell!(gates, c, gh)));
    const cols = (from: number): View<TypedArray> => ({ buffer: dOut, dtype: 'float64', shape: [N, H], strides: [2 * H, 1], offset: from });
    const got = tsBackend.lstmCellActBackward!(view(act as Float64Array, [N, 5 * H]), c, cols(0), cols(H));
    const want = tsBackend.lstmCellBackward!(gates, c, view(out as Float64Array, [N, 2 * H]), view(dOut, [N, 2 * H]), gh);
    got.forEach((g, i) => expect(Array.from(g)).toEqual(Array.from(want[i]!)));
  });
});

describe('wasm GRU cell with saved activations and b_hh inside', () => {
  for (const [N, H, scale] of [[3, 8, 3], [4, 20, 15], [1, 4, 100]] as const) {
    it(`N=${N} H=${H}, in ±${scale}: the step kernels' bits on gh + b_hh, float64 within float32 rounding, 1 and 2 threads alike`, () => {
      const gi = columns(spread(N * 4 * H, H, scale), N, 4 * H, H, 3 * H);
      const gh = denseView(spread(N * 3 * H, H + 1, scale), [N, 3 * H]);
      const bias = denseView(spread(3 * H, H + 2, 1), [3 * H]);
      const h = columns(spread(N * 2 * H, H + 3, 1), N, 2 * H, H, H);
      const d = denseView(randomF32(N * H, 9), [N, H]);
      const summed = denseView(Float32Array.from(gh.buffer as Float32Array, (v, i) => v + (bias.buffer as Float32Array)[i % (3 * H)]!), [N, 3 * H]);
      const [out, act] = one.gruCellAct!(gi, gh, h, bias);
      expect(sameBits(out!, one.gruCell!(gi, summed, h))).toBe(true);
      expect(within([out!], [tsBackend.gruCellAct!(gi, gh, h, bias)[0]!])).toBeLessThanOrEqual(0);
      const actV = denseView(act as Float32Array, [N, 4 * H]);
      const grads = one.gruCellActBackward!(actV, h, d);
      expect(allSame(grads, one.gruCellBackward!(gi, summed, h, d))).toBe(true);
      expect(within(grads, tsBackend.gruCellBackward!(gi, summed, h, d))).toBeLessThanOrEqual(0);
      expect(allSame(one.gruCellAct!(gi, gh, h, bias), two.gruCellAct!(gi, gh, h, bias))).toBe(true);
      expect(allSame(grads, two.gruCellActBackward!(actV, h, d))).toBe(true);
      expect(sameBits(one.gruCellAct!(gi, summed, h)[0]!, out!)).toBe(true);
      // b_ih given to the kernel: the bits of adding it to gi first (float32), in both backends
      const bIh = denseView(spread(3 * H, H + 4, scale), [3 * H]);
      const giPlus = denseView(Float32Array.from({ length: N * 3 * H }, (_, k) =>
        (gi.buffer as Float32Array)[gi.offset + Math.floor(k / (3 * H)) * 4 * H + (k % (3 * H))]! + (bIh.buffer as Float32Array)[k % (3 * H)]!), [N, 3 * H]);
      for (const be of [one, two, tsBackend]) expect(allSame(be.gruCellAct!(gi, gh, h, bias, bIh), be.gruCellAct!(giPlus, gh, h, bias))).toBe(true);
    });
  }
});

describe('the gradient of h\' given in parts, added inside the kernels', () => {
  const f32 = (a: Float32Array, b: Float32Array) => Float32Array.from(a, (v, i) => v + b[i]!);
  it('LSTM: dh + dy as the sum added first, the same bits (TypeScript: within rounding)', () => {
    const N = 3, H = 8;
    const act = denseView(randomF32(N * 5 * H, 1), [N, 5 * H]), c = denseView(spread(N * H, 2, 2), [N, H]);
    const dhA = randomF32(N * H, 3), dyA = randomF32(N * H, 4), dc = denseView(randomF32(N * H, 5), [N, H]);
    const [dh, dy, both] = [dhA, dyA, f32(dhA, dyA)].map((a) => denseView(a, [N, H]));
    expect(allSame(one.lstmCellActBackward!(act, c, dh!, dc, dy), one.lstmCellActBackward!(act, c, both!, dc))).toBe(true);
    expect(within(tsBackend.lstmCellActBackward!(act, c, dh!, dc, dy), one.lstmCellActBackward!(act, c, both!, dc))).toBeLessThanOrEqual(0);
  });
  it('GRU: (d + e) + f as the sum added first, the same bits', () => {
    const N = 2, H = 12;
    const act = denseView(randomF32(N * 4 * H, 6), [N, 4 * H]), h = denseView(spread(N * H, 7, 1), [N, H]);
    const [d, e, f] = [8, 9, 10].map((seed) => randomF32(N * H, seed));
    const v = (a: Float32Array) => denseView(a, [N, H]);
    const summed = v(f32(f32(d!, e!), f!));
    expect(allSame(one.gruCellActBackward!(act, h, v(d!), v(e!), v(f!)), one.gruCellActBackward!(act, h, summed))).toBe(true);
    expect(allSame(one.gruCellActBackward!(act, h, v(d!), v(e!)), one.gruCellActBackward!(act, h, v(f32(d!, e!))))).toBe(true);
    expect(within(tsBackend.gruCellActBackward!(act, h, v(d!), v(e!), v(f!)), one.gruCellActBackward!(act, h, summed))).toBeLessThanOrEqual(0);
  });
});
