import { describe, expect, it } from 'vitest';
import { batchNormKernels } from '../cpu/batch-norm';
import { wasmRuntime } from './runtime';
import { wasmBatchNorm, wasmBatchNormBackward } from './batch-norm';
import { denseView, randomF32, tsBackend, wasmBackend } from './test-util';
import type { TypedArray } from '../../dtype';

const ts = batchNormKernels((_d, n) => new Float32Array(n));
const EPS = 1e-5;

/** The float64 forward and gradient: per channel mean, biased variance, y and [dx, dweight, dbias]. */
function reference(x: Float32Array, dy: Float32Array, w: Float32Array, b: Float32Array, [N, C, S]: number[]) {
  const M = N! * S!, ch = (i: number) => Math.floor(i / S!) % C!;
  const mean = new Float64Array(C!), variance = new Float64Array(C!), sg = new Float64Array(C!), sgx = new Float64Array(C!);
  x.forEach((v, i) => (mean[ch(i)] += v / M));
  x.forEach((v, i) => (variance[ch(i)] += (v - mean[ch(i)]!) ** 2 / M));
  const inv = (c: number) => 1 / Math.sqrt(variance[c]! + EPS);
  const xhat = Array.from(x, (v, i) => (v - mean[ch(i)]!) * inv(ch(i)));
  dy.forEach((g, i) => { sg[ch(i)] += g; sgx[ch(i)] += g * xhat[i]!; });
  return {
    y: xhat.map((h, i) => h * w[ch(i)]! + b[ch(i)]!), mean, variance,
    dx: Array.from(dy, (g, i) => w[ch(i)]! * inv(ch(i)) * (g - sg[ch(i)]! / M - xhat[i]! * sgx[ch(i)]! / M)),
    dw: sgx, db: sg,
  };
}

function expectClose(ours: ArrayLike<number>, ref: ArrayLike<number>, tol: number): void {
  expect(ours.length).toBe(ref.length);
  for (let i = 0; i < ref.length; i++) expect(Math.abs(ours[i]! - ref[i]!)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(ref[i]!)));
}

describe('wasm batch norm (wat/batchnorm.wat)', () => {
  const rt = wasmRuntime()!;
  // planes of 49 (a tail of one lane), 196 and 3 elements
  for (const shape of [[8, 16, 7, 7], [4, 8, 14, 14], [700, 2, 3]]) {
    const [N, C] = shape as [number, number];
    const S = shape.slice(2).reduce((p, d) => p * d, 1), n = N * C * S;
    it(`forward and gradient of [${shape}] sit within float32 rounding of float64, as the TypeScript kernel does`, () => {
      const x = randomF32(n, 1).map((v) => 3 * v + 0.5), dy = randomF32(n, 2), w = randomF32(C, 3), b = randomF32(C, 4);
      const xv = denseView(x, shape), dyv = denseView(dy, shape), wv = denseView(w, [C]), bv = denseView(b, [C]);
      const ref = reference(x, dy, w, b, [N, C, S]);
      const fwd = wasmBatchNorm(rt, xv, wv, bv, EPS)!;
      expect(fwd).not.toBeNull();
      const tsFwd = ts.batchNorm(xv, wv, bv, EPS);
      for (const r of [fwd, tsFwd]) {
        expectClose(r.y, ref.y, 2e-6);
        expectClose(r.mean, ref.mean, 1e-7);
        expectClose(r.variance, ref.variance, 1e-6);
      }
      const mv = denseView(fwd.mean as Float32Array, [C]), vv = denseView(fwd.variance as Float32Array, [C]);
      const bwd = wasmBatchNormBackward(rt, dyv, xv, mv, vv, wv, EPS)!;
      expect(bwd).not.toBeNull();
      for (const r of [bwd, ts.batchNormBackward(dyv, xv, mv, vv, wv, EPS)]) {
        expectClose(r[0]!, ref.dx, 2e-5);
        expectClose(r[1]!, ref.dw, 2e-5);
        expectClose(r[2]!, ref.db, 2e-5);
      }
    });
  }

  it('gives the same bits on one thread, two threads and as a whole backend', () => {
    const shape = [4, 16, 14, 14], n = 4 * 16 * 196;
    const x = denseView(randomF32(n, 5), shape), dy = denseView(randomF32(n, 6), shape);
    const w = denseView(randomF32(16, 7), [16]), b = denseView(randomF32(16, 8), [16]);
    const run = (be: typeof tsBackend): TypedArray[] => {
      const f = be.batchNorm!(x, w, b, EPS);
      const m = denseView(f.mean as Float32Array, [16]), v = denseView(f.variance as Float32Array, [16]);
      return [f.y, f.mean, f.variance, ...be.batchNormBackward!(dy, x, m, v, w, EPS)].map((a) => Float32Array.from(a));
    };
    const one = run(wasmBackend(1));
    expect(run(wasmBackend(2))).toEqual(one);
    // the TypeScript kernel sums in another order, so only nearly the same
    run(tsBackend).forEach((a, k) => expectClose(a, one[k]!, 1e-5));
  });

  it('leaves small tensors to the TypeScript kernel', () => {
    const v = denseView(randomF32(24, 1), [2, 3, 4]), w = denseView(randomF32(3, 2), [3]);
    expect(wasmBatchNorm(rt, v, w, w, EPS)).toBeNull();
  });
});
