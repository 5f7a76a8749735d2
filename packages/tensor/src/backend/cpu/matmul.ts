import type { TypedArray } from '../../dtype';

/**
 * C[M,N] = A[M,K]·B[K,N] for strided A and B, written into dense C at cOffset.
 * Cache-blocked (KC×NC panels of B, MC×KC blocks of A, both packed into contiguous scratch so
 * transposed inputs cost nothing extra) around a 4×4 register-tiled micro-kernel.
 */
const MR = 4;
const NR = 4;
const KC = 256;
const MC = 64;
const NC = 1024;

let packA = new Float64Array(0);
let packB = new Float64Array(0);

export function gemm(
  M: number, N: number, K: number,
  a: TypedArray, aOff: number, aRow: number, aCol: number,
  b: TypedArray, bOff: number, bRow: number, bCol: number,
  c: TypedArray, cOff: number,
): void {
  for (let i = 0; i < M * N; i++) c[cOff + i] = 0;
  if (K === 0 || M === 0 || N === 0) return;
  const needA = MC * KC;
  const needB = KC * (NC + NR);
  if (packA.length < needA) packA = new Float64Array(needA);
  if (packB.length < needB) packB = new Float64Array(needB);
  const pa = packA;
  const pb = packB;
  for (let jc = 0; jc < N; jc += NC) {
    const nc = Math.min(NC, N - jc);
    for (let pc = 0; pc < K; pc += KC) {
      const kc = Math.min(KC, K - pc);
      packPanelB(b, bOff + pc * bRow + jc * bCol, bRow, bCol, kc, nc, pb);
      for (let ic = 0; ic < M; ic += MC) {
        const mc = Math.min(MC, M - ic);
        packBlockA(a, aOff + ic * aRow + pc * aCol, aRow, aCol, mc, kc, pa);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = Math.min(NR, nc - jr);
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = Math.min(MR, mc - ir);
            microKernel(kc, pa, ir * kc, pb, jr * kc, c, cOff + (ic + ir) * N + jc + jr, N, mr, nr);
          }
        }
      }
    }
  }
}

/** B panel as column slivers of width NR: pb[(j/NR)*kc*NR + k*NR + j%NR], zero-padded. */
function packPanelB(b: TypedArray, off: number, rs: number, cs: number, kc: number, nc: number, pb: Float64Array): void {
  for (let j0 = 0; j0 < nc; j0 += NR) {
    const base = j0 * kc;
    const w = Math.min(NR, nc - j0);
    for (let k = 0; k < kc; k++) {
      const src = off + k * rs + j0 * cs;
      const dst = base + k * NR;
      for (let jj = 0; jj < w; jj++) pb[dst + jj] = b[src + jj * cs]!;
      for (let jj = w; jj < NR; jj++) pb[dst + jj] = 0;
    }
  }
}

/** A block as row slivers of height MR: pa[(i/MR)*kc*MR + k*MR + i%MR], zero-padded. */
function packBlockA(a: TypedArray, off: number, rs: number, cs: number, mc: number, kc: number, pa: Float64Array): void {
  for (let i0 = 0; i0 < mc; i0 += MR) {
    const base = i0 * kc;
    const h = Math.min(MR, mc - i0);
    for (let k = 0; k < kc; k++) {
      const src = off + i0 * rs + k * cs;
      const dst = base + k * MR;
      for (let ii = 0; ii < h; ii++) pa[dst + ii] = a[src + ii * rs]!;
      for (let ii = h; ii < MR; ii++) pa[dst + ii] = 0;
    }
  }
}

function microKernel(
  kc: number, pa: Float64Array, ai: number, pb: Float64Array, bi: number,
  c: TypedArray, ci: number, ldc: number, mr: number, nr: number,
): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  for (let k = 0; k < kc; k++) {
    const a0 = pa[ai]!, a1 = pa[ai + 1]!, a2 = pa[ai + 2]!, a3 = pa[ai + 3]!;
    const b0 = pb[bi]!, b1 = pb[bi + 1]!, b2 = pb[bi + 2]!, b3 = pb[bi + 3]!;
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
    ai += 4;
    bi += 4;
  }
  if (mr === 4 && nr === 4) {
    c[ci] += c00; c[ci + 1] += c01; c[ci + 2] += c02; c[ci + 3] += c03; ci += ldc;
    c[ci] += c10; c[ci + 1] += c11; c[ci + 2] += c12; c[ci + 3] += c13; ci += ldc;
    c[ci] += c20; c[ci + 1] += c21; c[ci + 2] += c22; c[ci + 3] += c23; ci += ldc;
    c[ci] += c30; c[ci + 1] += c31; c[ci + 2] += c32; c[ci + 3] += c33;
    return;
  }
  const tile = [c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33];
  for (let i = 0; i < mr; i++) for (let j = 0; j < nr; j++) c[ci + i * ldc + j] += tile[i * 4 + j]!;
}
