import type { Conv2dSpec } from '../contract';
import type { TypedArray } from '../../dtype';

/**
 * Winograd F(4, 5) along rows, for stride-1, undilated convolutions whose kernel rows have five taps
 * (LeNet's 5×5 layers). Each four-pixel piece of an output row is Aᵀ[Σ_(c,i) U_(c,i) ⊙ V_(c,row+i)],
 * where V = Bᵀ d transforms the eight inputs under the piece (once per input row, shared by every
 * output channel and kernel row) and U = G w_(c,i) one kernel row: 8 products per kernel row and
 * piece instead of 20. The products run down the columns: for a fixed piece and position the five
 * kernel-row factors stay in registers while a window of five V values slides down the rows, so each
 * step loads one value for five multiply-adds (plain JavaScript pays a bounds check per load).
 * Points 0, ±1, ±2, ±½ and ∞; all in float64, so the result is as accurate as the direct sum to
 * float32 precision (the path serves float32 only; float64 keeps the direct kernels).
 *
 * Scratch buffers are module-level constants, which lets V8 embed their addresses and lengths.
 */
const XP = new Float64Array(1 << 16);
const V = new Float64Array(1 << 17);
const U = new Float64Array(1 << 15);
const M = new Float64Array(1 << 15);

/** G (8×5) of F(4, 5), the kernel-row transform (also used by the WebAssembly kernels' host side). */
export const F45_G = [
  [-1, 0, 0, 0, 0],
  [-2 / 9, -2 / 9, -2 / 9, -2 / 9, -2 / 9],
  [-2 / 9, 2 / 9, -2 / 9, 2 / 9, -2 / 9],
  [1 / 90, 1 / 45, 2 / 45, 4 / 45, 8 / 45],
  [1 / 90, -1 / 45, 2 / 45, -4 / 45, 8 / 45],
  [32 / 45, 16 / 45, 8 / 45, 4 / 45, 2 / 45],
  [32 / 45, -16 / 45, 8 / 45, -4 / 45, 2 / 45],
  [0, 0, 0, 0, 1],
] as const;

/** F45_G row by row, flat: G[5·k + j]. */
const G = Float64Array.from(F45_G.flat());

export interface RowWinogradDims {
  C: number; H: number; W: number; Cg: number; Og: number; O: number; kh: number; Ho: number; Wo: number;
}

const pieces = (Wo: number): number => Math.ceil(Wo / 4);

/** Stride 1, undilated, outputs at least two pieces wide, and the scratch buffers big enough. */
export function rowWinogradFits(d: RowWinogradDims, s: Conv2dSpec): boolean {
  const Hp = d.H + 2 * s.padding[0], n = pieces(d.Wo), Wq = 4 * n + 4;
  return s.stride[0] === 1 && s.stride[1] === 1 && s.dilation[0] === 1 && s.dilation[1] === 1 && d.Wo >= 8
    && d.Cg * Hp * Wq <= XP.length && d.Cg * Hp * n * 8 <= V.length && d.Og * d.Cg * d.kh * 8 <= U.length && d.Ho * n * 8 <= M.length;
}

/**
 * dst[to + 8r + k] = Σ_j G[k, j]·w[from + 5r + j] for `rows` kernel rows of five taps: F(4, 5)'s
 * kernel-row transform, in float64 (shared with the WebAssembly kernels' host side).
 */
export function transformKernelRows(w: TypedArray, from: number, rows: number, dst: Float32Array | Float64Array, to: number): void {
  for (let r = 0; r < rows; r++) {
    const src = from + r * 5, at = to + r * 8;
    const w0 = w[src]!, w1 = w[src + 1]!, w2 = w[src + 2]!, w3 = w[src + 3]!, w4 = w[src + 4]!;
    for (let k = 0; k < 8; k++) {
      const g = 5 * k;
      dst[at + k] = G[g]! * w0 + G[g + 1]! * w1 + G[g + 2]! * w2 + G[g + 3]! * w3 + G[g + 4]! * w4;
    }
  }
}

/**
 * The weight gradient's kernel rows from their transforms: dst[r, j] = Σ_k G[k, j]·dU[r, k] (Gᵀ·dU) for
 * `rows` rows of dU [rows, 8], summed in float64 in the order k = 0 … 7.
 */
export function untransformKernelRows(du: Float32Array, rows: number, dst: Float32Array): void {
  for (let r = 0; r < rows; r++) {
    const b = r * 8;
    const u0 = du[b]!, u1 = du[b + 1]!, u2 = du[b + 2]!, u3 = du[b + 3]!, u4 = du[b + 4]!, u5 = du[b + 5]!, u6 = du[b + 6]!, u7 = du[b + 7]!;
    for (let j = 0; j < 5; j++) {
      // the leading 0 keeps the sum's sign of zero what a running sum from 0 gives
      dst[r * 5 + j] = 0 + G[j]! * u0 + G[5 + j]! * u1 + G[10 + j]! * u2 + G[15 + j]! * u3 + G[20 + j]! * u4
        + G[25 + j]! * u5 + G[30 + j]! * u6 + G[35 + j]! * u7;
    }
  }
}

/** U[o, c, i, k] = Σ_j G[k, j]·w[g·Og + o, c, i, j] for one group (w: [O, Cg, kh, 5]). */
export function rowWinogradWeights(w: TypedArray, g: number, d: RowWinogradDims): void {
  const rows = d.Og * d.Cg * d.kh;
  transformKernelRows(w, g * rows * 5, rows, U, 0);
}

/** out[n, g·Og + o] for one image and group; rowWinogradWeights(w, g, d) must have run for this group. */
export function rowWinograd(x: TypedArray, n: number, g: number, d: RowWinogradDims, s: Conv2dSpec, out: TypedArray): void {
  const { C, H, W, Cg, Og, O, kh, Ho, Wo } = d;
  const [ph, pw] = s.padding;
  const Hp = H + 2 * ph, np = pieces(Wo), Wq = 4 * np + 4;
  // zero-padded planes of this image and group, rows Wq wide
  XP.fill(0, 0, Cg * Hp * Wq);
  for (let c = 0; c < Cg; c++) {
    const src = (n * C + g * Cg + c) * H * W;
    for (let y = 0; y < H; y++) {
      const dst = (c * Hp + y + ph) * Wq + pw, r = src + y * W;
      for (let xx = 0; xx < W; xx++) XP[dst + xx] = x[r + xx]!;
    }
  }
  inputTransform(Cg * Hp, np, Wq);
  const HWo = Ho * Wo, rowStride = np * 8;
  for (let o = 0; o < Og; o++) {
    for (let c = 0; c < Cg; c++) {
      const first = c === 0 ? 1 : 0, v0 = c * Hp * rowStride, u0 = (o * Cg + c) * kh * 8;
      if (kh === 5) {
        for (let k = 0; k < 8; k++) fiveRows(u0 + k, v0 + k, k, rowStride, Ho, np, first);
      } else {
        for (let i = 0; i < kh; i++) {
          for (let k = 0; k < 8; k++) oneRow(U[u0 + i * 8 + k]!, v0 + i * rowStride + k, rowStride, Ho, np, k, first && i === 0 ? 1 : 0);
        }
      }
    }
    outputTransform(out, (n * O + g * Og + o) * HWo, Ho, Wo, np);
  }
}

/** V[row, p, 0…7] = Bᵀ·XP[row, 4p … 4p + 7] for every padded row and piece. */
function inputTransform(rows: number, np: number, Wq: number): void {
  const xp = XP, v = V;
  for (let r = 0; r < rows; r++) {
    for (let p = 0; p < np; p++) {
      const s = r * Wq + 4 * p, t = (r * np + p) * 8;
      const d0 = xp[s]!, d1 = xp[s + 1]!, d2 = xp[s + 2]!, d3 = xp[s + 3]!;
      const d4 = xp[s + 4]!, d5 = xp[s + 5]!, d6 = xp[s + 6]!, d7 = xp[s + 7]!;
      v[t] = -d0 + 5.25 * (d2 - d4) + d6;
      let a = d2 + d6 - 4.25 * d4, b = d1 + d5 - 4.25 * d3;
      v[t + 1] = a + b;
      v[t + 2] = a - b;
      a = 0.25 * d2 - 1.25 * d4 + d6;
      b = 0.5 * d1 - 2.5 * d3 + 2 * d5;
      v[t + 3] = a + b;
      v[t + 4] = a - b;
      a = 4 * d2 - 5 * d4 + d6;
      b = 2 * d1 - 2.5 * d3 + 0.5 * d5;
      v[t + 5] = a + b;
      v[t + 6] = a - b;
      v[t + 7] = -d1 + 5.25 * (d3 - d5) + d7;
    }
  }
}

/**
 * M[y, p, k] (+)= Σ_i U[u0 + 8i]·V[v0 + (y + i)·rowStride + 8p] over five kernel rows (v0 at position k): the five factors
 * in registers and a window of five V values sliding down the column, one load per five products.
 */
function fiveRows(u0: number, v0: number, k: number, rowStride: number, Ho: number, np: number, first: number): void {
  const v = V, m = M;
  u0 |= 0; v0 |= 0; k |= 0; rowStride |= 0; Ho |= 0; np |= 0;
  const f0 = U[u0]!, f1 = U[(u0 + 8) | 0]!, f2 = U[(u0 + 16) | 0]!, f3 = U[(u0 + 24) | 0]!, f4 = U[(u0 + 32) | 0]!;
  for (let p = 0; p < np; p = (p + 1) | 0) {
    let src = (v0 + p * 8) | 0, at = (p * 8 + k) | 0;
    let w0 = v[src]!, w1 = v[(src + rowStride) | 0]!, w2 = v[(src + 2 * rowStride) | 0]!, w3 = v[(src + 3 * rowStride) | 0]!;
    src = (src + 4 * rowStride) | 0;
    for (let y = 0; y < Ho; y = (y + 1) | 0) {
      const w4 = v[src]!;
      const sum = f0 * w0 + f1 * w1 + f2 * w2 + f3 * w3 + f4 * w4;
      m[at] = first ? sum : m[at]! + sum;
      w0 = w1; w1 = w2; w2 = w3; w3 = w4;
      src = (src + rowStride) | 0;
      at = (at + rowStride) | 0;
    }
  }
}

/** M[y, p, k] (+)= u·V[v0 + y·rowStride + 8p] for one kernel row (kernels of other heights). */
function oneRow(u: number, v0: number, rowStride: number, Ho: number, np: number, k: number, first: number): void {
  const v = V, m = M;
  for (let p = 0; p < np; p++) {
    let at = p * 8 + k, src = v0 + p * 8;
    for (let y = 0; y < Ho; y++, at += rowStride, src += rowStride) m[at] = first ? u * v[src]! : m[at]! + u * v[src]!;
  }
}

/** out[base + y·Wo + 4p + i] = (Aᵀ M[y, p])[i], the last piece cut at Wo. */
function outputTransform(out: TypedArray, base: number, Ho: number, Wo: number, np: number): void {
  const m = M;
  for (let y = 0; y < Ho; y++) {
    for (let p = 0; p < np; p++) {
      const t = (y * np + p) * 8;
      const m0 = m[t]!, s1 = m[t + 1]! + m[t + 2]!, d1 = m[t + 1]! - m[t + 2]!;
      const s3 = m[t + 3]! + m[t + 4]!, d3 = m[t + 3]! - m[t + 4]!;
      const s5 = m[t + 5]! + m[t + 6]!, d5 = m[t + 5]! - m[t + 6]!;
      const o = base + y * Wo + 4 * p;
      const y0 = m0 + s1 + s3 + s5, y1 = d1 + 2 * d3 + 0.5 * d5;
      const y2 = s1 + 4 * s3 + 0.25 * s5, y3 = d1 + 8 * d3 + 0.125 * d5 + m[t + 7]!;
      const left = Wo - 4 * p;
      if (left >= 4) {
        out[o] = y0; out[o + 1] = y1; out[o + 2] = y2; out[o + 3] = y3;
      } else {
        out[o] = y0;
        if (left > 1) out[o + 1] = y1;
        if (left > 2) out[o + 2] = y2;
      }
    }
  }
}
