import type { TypedArray } from '../../dtype';

/**
 * C[M,N] = A[M,K]·B[K,N] for strided A and B, written into dense C at cOffset (Goto's blocking):
 * KC×NC panels of B and MC×KC blocks of A are packed into one scratch buffer as float64 slivers, so
 * transposed or strided inputs cost nothing extra, and a 4×4 register tile does the arithmetic.
 *
 * Why it is shaped this way (V8): the scratch is one module-level constant, so the optimizing compiler
 * embeds its address and length in the micro-kernel instead of reloading and re-checking them every
 * step; indices are forced to int32 (`| 0`) so they need no tagging or overflow checks.
 */
const MR = 4;
const NR = 4;
const KC = 256;
const MC = 64;
const NC = 512;
const B0 = MC * KC;
const PACK = new Float64Array(B0 + KC * NC);
/** Landing tile for partial (edge) tiles, so edges reuse the full kernel without allocating. */
const EDGE = new Float64Array(MR * NR);

export function gemm(
  M: number, N: number, K: number,
  a: TypedArray, aOff: number, aRow: number, aCol: number,
  b: TypedArray, bOff: number, bRow: number, bCol: number,
  c: TypedArray, cOff: number,
): void {
  gemmWithB(M, N, K, a, aOff, aRow, aCol, (pc, kc, jc, nc) => packSlivers(b, bOff + pc * bRow + jc * bCol, bCol, bRow, nc, kc, B0), c, cOff);
}

/**
 * Writes the B panel rows pc…pc+kc, columns jc…jc+nc into PACKED_B in sliver layout:
 * PACKED_B[j0·kc + k·NR + j%NR] for j0 = j - j%NR, zero past nc. Lets a caller produce B on the fly
 * (a convolution packs image patches directly, with no im2col matrix).
 */
export type PackB = (pc: number, kc: number, jc: number, nc: number) => void;

/** The B-panel region of the scratch buffer, for PackB implementations. */
export const PACKED_B = PACK.subarray(B0);
export const GEMM_NR = NR;

/** gemm whose B operand is produced panel by panel by `packPanel`. */
export function gemmWithB(
  M: number, N: number, K: number,
  a: TypedArray, aOff: number, aRow: number, aCol: number,
  packPanel: PackB,
  c: TypedArray, cOff: number,
): void {
  if (M === 0 || N === 0) return;
  if (K === 0) {
    c.fill(0, cOff, cOff + M * N);
    return;
  }
  for (let jc = 0; jc < N; jc += NC) {
    const nc = Math.min(NC, N - jc);
    for (let pc = 0; pc < K; pc += KC) {
      const kc = Math.min(KC, K - pc);
      // the first K panel overwrites C, later ones accumulate: no separate zeroing pass
      const add = pc > 0;
      packPanel(pc, kc, jc, nc);
      for (let ic = 0; ic < M; ic += MC) {
        const mc = Math.min(MC, M - ic);
        packSlivers(a, aOff + ic * aRow + pc * aCol, aRow, aCol, mc, kc, 0);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = Math.min(NR, nc - jr);
          const bi = B0 + jr * kc;
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = Math.min(MR, mc - ir);
            const ci = cOff + (ic + ir) * N + jc + jr;
            if (nr === NR && mr === MR) kernel4x4(kc, ir * kc, bi, c, ci, N, add);
            else if (nr === NR && mr === 2) kernel2x4(kc, ir * kc, bi, c, ci, N, add);
            else edgeTile(kc, ir * kc, bi, c, ci, N, add, mr, nr);
          }
        }
      }
    }
  }
}

/**
 * Packs n rows (or columns) of a kc-long panel as slivers of 4 (MR = NR): PACK[base + (i/4)·kc·4 +
 * k·4 + i%4] = src[off + i·across + k·along], zero past n. A block of A is (across, along) = (its row
 * stride, its column stride) at base 0; a panel of B is the transposed walk at B0.
 */
function packSlivers(src: TypedArray, off: number, across: number, along: number, n: number, kc: number, base: number): void {
  const p = PACK;
  for (let i0 = 0; i0 < n; i0 += 4) {
    const h = Math.min(4, n - i0);
    let dst = base + i0 * kc;
    let at = off + i0 * across;
    if (h === 4) {
      for (let k = 0; k < kc; k++, dst += 4, at += along) {
        p[dst] = src[at]!;
        p[dst + 1] = src[at + across]!;
        p[dst + 2] = src[at + 2 * across]!;
        p[dst + 3] = src[at + 3 * across]!;
      }
    } else {
      for (let k = 0; k < kc; k++, dst += 4, at += along) {
        for (let ii = 0; ii < 4; ii++) p[dst + ii] = ii < h ? src[at + ii * across]! : 0;
      }
    }
  }
}

/** The 4×4 register tile: C[ci..] (+)= A sliver · B sliver over kc steps. */
function kernel4x4(kc: number, ai: number, bi: number, c: TypedArray | Float64Array, ci: number, ldc: number, add: boolean): void {
  const p = PACK;
  kc |= 0;
  ai |= 0;
  bi |= 0;
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  for (let k = 0; k < kc; k = (k + 1) | 0) {
    const b0 = p[bi]!, b1 = p[(bi + 1) | 0]!, b2 = p[(bi + 2) | 0]!, b3 = p[(bi + 3) | 0]!;
    let x = p[ai]!;
    c00 += x * b0; c01 += x * b1; c02 += x * b2; c03 += x * b3;
    x = p[(ai + 1) | 0]!;
    c10 += x * b0; c11 += x * b1; c12 += x * b2; c13 += x * b3;
    x = p[(ai + 2) | 0]!;
    c20 += x * b0; c21 += x * b1; c22 += x * b2; c23 += x * b3;
    x = p[(ai + 3) | 0]!;
    c30 += x * b0; c31 += x * b1; c32 += x * b2; c33 += x * b3;
    ai = (ai + MR) | 0;
    bi = (bi + NR) | 0;
  }
  if (add) {
    c[ci] += c00; c[ci + 1] += c01; c[ci + 2] += c02; c[ci + 3] += c03; ci += ldc;
    c[ci] += c10; c[ci + 1] += c11; c[ci + 2] += c12; c[ci + 3] += c13; ci += ldc;
    c[ci] += c20; c[ci + 1] += c21; c[ci + 2] += c22; c[ci + 3] += c23; ci += ldc;
    c[ci] += c30; c[ci + 1] += c31; c[ci + 2] += c32; c[ci + 3] += c33;
  } else {
    c[ci] = c00; c[ci + 1] = c01; c[ci + 2] = c02; c[ci + 3] = c03; ci += ldc;
    c[ci] = c10; c[ci + 1] = c11; c[ci + 2] = c12; c[ci + 3] = c13; ci += ldc;
    c[ci] = c20; c[ci + 1] = c21; c[ci + 2] = c22; c[ci + 3] = c23; ci += ldc;
    c[ci] = c30; c[ci + 1] = c31; c[ci + 2] = c32; c[ci + 3] = c33;
  }
}

/** Two rows of the A sliver (a bottom edge of height 2, e.g. 6 output channels = 4 + 2). */
function kernel2x4(kc: number, ai: number, bi: number, c: TypedArray, ci: number, ldc: number, add: boolean): void {
  const p = PACK;
  kc |= 0;
  ai |= 0;
  bi |= 0;
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  for (let k = 0; k < kc; k = (k + 1) | 0) {
    const b0 = p[bi]!, b1 = p[(bi + 1) | 0]!, b2 = p[(bi + 2) | 0]!, b3 = p[(bi + 3) | 0]!;
    const x0 = p[ai]!, x1 = p[(ai + 1) | 0]!;
    c00 += x0 * b0; c01 += x0 * b1; c02 += x0 * b2; c03 += x0 * b3;
    c10 += x1 * b0; c11 += x1 * b1; c12 += x1 * b2; c13 += x1 * b3;
    ai = (ai + MR) | 0;
    bi = (bi + NR) | 0;
  }
  if (add) {
    c[ci] += c00; c[ci + 1] += c01; c[ci + 2] += c02; c[ci + 3] += c03; ci += ldc;
    c[ci] += c10; c[ci + 1] += c11; c[ci + 2] += c12; c[ci + 3] += c13;
  } else {
    c[ci] = c00; c[ci + 1] = c01; c[ci + 2] = c02; c[ci + 3] = c03; ci += ldc;
    c[ci] = c10; c[ci + 1] = c11; c[ci + 2] = c12; c[ci + 3] = c13;
  }
}

/** A partial tile at the bottom/right edge: the full kernel into EDGE, then the valid mr×nr corner. */
function edgeTile(kc: number, ai: number, bi: number, c: TypedArray, ci: number, ldc: number, add: boolean, mr: number, nr: number): void {
  kernel4x4(kc, ai, bi, EDGE, 0, NR, false);
  for (let i = 0; i < mr; i++) {
    for (let j = 0; j < nr; j++) {
      const v = EDGE[i * NR + j]!;
      if (add) c[ci + i * ldc + j] += v;
      else c[ci + i * ldc + j] = v;
    }
  }
}
