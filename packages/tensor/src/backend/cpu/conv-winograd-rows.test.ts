import { describe, expect, it } from 'vitest';
import { F45_G, transformKernelRows, untransformKernelRows } from './conv-winograd-rows';

/** Values of every scale, with +0 and −0 among them. */
function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    const u = s / 2 ** 32;
    out[i] = i % 13 === 0 ? (i % 26 === 0 ? -0 : 0) : (u - 0.5) * 10 ** (8 * ((s >>> 7) % 1000) / 1000 - 4);
  }
  return out;
}

describe('F(4, 5) kernel-row transforms', () => {
  it('U = G·w row by row: the bits of the sum written out term by term from F45_G', () => {
    const rows = 700, w = values(rows * 5, 3), got = new Float64Array(rows * 8 + 3);
    transformKernelRows(w, 0, rows, got, 3);
    for (let r = 0; r < rows; r++) {
      for (let k = 0; k < 8; k++) {
        const g = F45_G[k]!;
        let want = g[0] * w[r * 5]!;
        for (let j = 1; j < 5; j++) want += g[j]! * w[r * 5 + j]!;
        expect(Object.is(got[3 + r * 8 + k], want)).toBe(true);
      }
    }
  });

  it('dW = Gᵀ·dU row by row: the bits of a float64 running sum from 0 over k = 0 … 7, signs of zero included', () => {
    const rows = 700, du = values(rows * 8, 5), got = new Float32Array(rows * 5);
    du.fill(-0, 0, 8); // a row of −0: the running sum from +0 gives +0
    untransformKernelRows(du, rows, got);
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < 5; j++) {
        let acc = 0;
        for (let k = 0; k < 8; k++) acc += F45_G[k]![j] * du[r * 8 + k]!;
        expect(Object.is(got[r * 5 + j], Math.fround(acc))).toBe(true);
      }
    }
    expect(Object.is(got[0], 0)).toBe(true);
  });
});
