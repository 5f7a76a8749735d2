import { describe, expect, it } from 'vitest';
import { gemm } from './matmul';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296 - 0.5;
  };
}

/** Row-major or transposed storage of an R×C matrix with `pad` leading elements. */
function store(R: number, C: number, transposed: boolean, pad: number, rnd: () => number, Arr: typeof Float32Array | typeof Float64Array) {
  const data = new Arr(pad + R * C);
  for (let i = 0; i < data.length; i++) data[i] = rnd();
  const [rs, cs] = transposed ? [1, R] : [C, 1];
  const at = (i: number, j: number) => data[pad + i * rs + j * cs]!;
  return { data, off: pad, rs, cs, at };
}

interface Case { M: number; N: number; K: number; ta?: boolean; tb?: boolean; f32?: boolean }

const cases: Case[] = [
  { M: 1, N: 1, K: 1 },
  { M: 4, N: 4, K: 4 },
  { M: 5, N: 7, K: 3 },
  { M: 6, N: 784, K: 25 },
  { M: 3, N: 2, K: 300, ta: true },
  { M: 67, N: 9, K: 517, tb: true },
  { M: 130, N: 530, K: 70, ta: true, tb: true },
  { M: 64, N: 600, K: 257 },
  { M: 33, N: 1030, K: 12, f32: true },
  { M: 129, N: 65, K: 513, f32: true, tb: true },
];

describe('gemm matches a naive triple loop', () => {
  for (const c of cases) {
    it(JSON.stringify(c), () => {
      const rnd = lcg(c.M * 1000 + c.N * 10 + c.K);
      const Arr = c.f32 ? Float32Array : Float64Array;
      const A = store(c.M, c.K, !!c.ta, 3, rnd, Arr);
      const B = store(c.K, c.N, !!c.tb, 5, rnd, Arr);
      const cOff = 2;
      const out = new Arr(cOff + c.M * c.N + 3).fill(7);
      gemm(c.M, c.N, c.K, A.data, A.off, A.rs, A.cs, B.data, B.off, B.rs, B.cs, out, cOff);
      let worst = 0;
      for (let i = 0; i < c.M; i++) {
        for (let j = 0; j < c.N; j++) {
          let s = 0;
          for (let k = 0; k < c.K; k++) s += A.at(i, k) * B.at(k, j);
          worst = Math.max(worst, Math.abs(out[cOff + i * c.N + j]! - s));
        }
      }
      // float32 output rounds each K panel's partial sum; float64 is exact up to summation order
      expect(worst).toBeLessThan(c.f32 ? 2e-5 * Math.sqrt(c.K) : 1e-12);
      // nothing outside C is touched
      expect([out[0], out[1], out[cOff + c.M * c.N], out[out.length - 1]]).toEqual([7, 7, 7, 7]);
    });
  }

  it('K = 0 writes zeros', () => {
    const out = new Float64Array(8).fill(3);
    gemm(2, 3, 0, new Float64Array(0), 0, 0, 1, new Float64Array(0), 0, 3, 1, out, 1);
    expect(Array.from(out)).toEqual([3, 0, 0, 0, 0, 0, 0, 3]);
  });

  it('overwrites stale values in C rather than adding to them', () => {
    const a = Float64Array.from([1, 2, 3, 4]), b = Float64Array.from([5, 6, 7, 8]);
    const out = new Float64Array(4).fill(100);
    gemm(2, 2, 2, a, 0, 2, 1, b, 0, 2, 1, out, 0);
    expect(Array.from(out)).toEqual([19, 22, 43, 50]);
  });

  it('broadcast operands (stride 0) read the same row for every i', () => {
    // A is one row repeated through a zero row stride
    const a = Float64Array.from([1, 2, 3]), b = Float64Array.from([1, 0, 0, 1, 1, 1]);
    const out = new Float64Array(6);
    gemm(3, 2, 3, a, 0, 0, 1, b, 0, 2, 1, out, 0);
    expect(Array.from(out)).toEqual([4, 5, 4, 5, 4, 5]);
  });
});
