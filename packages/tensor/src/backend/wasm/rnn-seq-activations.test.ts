import { describe, expect, it } from 'vitest';
import { denseView, sameBits, wasmBackend } from './test-util';

/**
 * σ and tanh as the sequence loop's kernels compute them (float32 polynomials, inlined), over a dense
 * range with ±0, tiny, huge, ±∞ and NaN: the step kernels' bits, and within a stated distance of float64.
 */
const one = wasmBackend(1), two = wasmBackend(2);
/** Largest distance from float64 σ and tanh over the grid below (measured: σ 8.9e-8, tanh 2.98e-7, about 2.5 ulp at 1). */
const MAX_ERROR = 3e-7;

function grid(): Float32Array {
  const xs = [0, -0, Infinity, -Infinity, NaN, 3.4e38, -3.4e38, 1e-45, -1e-45];
  for (let e = -40; e <= 40; e++) xs.push(2 ** e, -(2 ** e));
  for (let x = -20; x <= 20; x += 1 / 256) xs.push(x);
  for (let x = -100; x <= 100; x += 0.37) xs.push(x);
  while (xs.length % 4) xs.push(0);
  return Float32Array.from(xs);
}

describe('σ and tanh of the sequence kernels', () => {
  it(`over a dense range: the step kernels' bits, NaN for NaN, within ${MAX_ERROR} of float64; 1 and 2 threads alike`, () => {
    const x = grid(), H = x.length;
    const gates = new Float32Array(4 * H);
    for (let k = 0; k < 4; k++) gates.set(x, k * H);
    const g = denseView(gates, [1, 4 * H]), gh = denseView(new Float32Array(4 * H), [1, 4 * H]);
    const c = denseView(new Float32Array(H), [1, H]);
    const [out, act] = one.lstmCellAct!(g, c, gh) as Float32Array[];
    expect(sameBits(out!, one.lstmCell!(g, c, gh))).toBe(true);
    expect(sameBits(act!, two.lstmCellAct!(g, c, gh)[1]!)).toBe(true);
    let worst = 0;
    for (let j = 0; j < H; j++) {
      const v = x[j]!;
      const sig = act![j]!, th = act![2 * H + j]!;
      if (Number.isNaN(v)) {
        expect(Number.isNaN(sig) && Number.isNaN(th)).toBe(true);
        continue;
      }
      worst = Math.max(worst, Math.abs(sig - 1 / (1 + Math.exp(-v))), Math.abs(th - Math.tanh(v)));
      expect(sig >= 0 && sig <= 1 && th >= -1 && th <= 1).toBe(true);
    }
    expect(worst).toBeLessThanOrEqual(MAX_ERROR);
    expect(worst).toBeGreaterThan(0);
  });

  it('GRU: σ and tanh of the same grid, the step kernel\'s bits', () => {
    const x = grid(), H = x.length;
    const gi = new Float32Array(3 * H);
    for (let k = 0; k < 3; k++) gi.set(x, k * H);
    const giV = denseView(gi, [1, 3 * H]), gh = denseView(new Float32Array(3 * H).fill(0.5), [1, 3 * H]);
    const h = denseView(new Float32Array(H).fill(0.25), [1, H]);
    const [out] = one.gruCellAct!(giV, gh, h);
    expect(sameBits(out!, one.gruCell!(giV, gh, h))).toBe(true);
  });
});
