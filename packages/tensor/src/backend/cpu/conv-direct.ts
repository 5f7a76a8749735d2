import type { Conv2dSpec } from '../contract';
import type { TypedArray } from '../../dtype';

/**
 * Direct convolution for small problems (few output channels, small receptive fields, e.g. LeNet's
 * 5×5 layers in float64): stride-1 rows of 3 or 5 taps go through row kernels; otherwise each 4-pixel
 * × 4-channel tile sums its taps straight from the padded image through a tap-offset table. With so
 * few output channels the matrix-product path would spend as long packing image patches as
 * multiplying them; here nothing is packed.
 *
 * The scratch buffers are module-level constants, which lets V8 embed their addresses and lengths in
 * the kernels (measured: ~30% faster than buffers passed in); problems that do not fit use the
 * matrix-product path.
 */
const XP = new Float64Array(1 << 16);
const WP = new Float64Array(1 << 14);
const TAP = new Int32Array(1 << 12);
const WROW = new Int32Array(1 << 12);
/** Room to read past the last output of a row (a partial pixel group), beyond 8 strides. */
const SLACK = 64;

export function directConvFits(Cg: number, Hp: number, Wp: number, Og: number, R: number, sw: number): boolean {
  return Og <= 16 && R <= TAP.length && (Og + 3) * R <= WP.length && Cg * Hp * Wp + 8 * sw + SLACK <= XP.length;
}

/** out[n, g·Og + o, oy, ox] for one image and group, from x [N, C, H, W] and w [O, Cg, kh, kw]. */
export function directConv(
  x: TypedArray, w: TypedArray, n: number, g: number,
  dims: { C: number; H: number; W: number; Cg: number; Og: number; O: number; kh: number; kw: number; Ho: number; Wo: number },
  s: Conv2dSpec, out: TypedArray,
): void {
  const { C, H, W, Cg, Og, O, kh, kw, Ho, Wo } = dims;
  const [sh, sw] = s.stride, [ph, pw] = s.padding, [dh, dw] = s.dilation;
  const Hp = H + 2 * ph, Wp = W + 2 * pw, R = Cg * kh * kw, HWo = Ho * Wo;
  // padded input planes of this image and group
  XP.fill(0, 0, Cg * Hp * Wp + 8 * sw + SLACK);
  for (let c = 0; c < Cg; c++) {
    const src = ((n * C + g * Cg + c) * H) * W;
    for (let y = 0; y < H; y++) {
      const d = (c * Hp + y + ph) * Wp + pw, r = src + y * W;
      for (let xx = 0; xx < W; xx++) XP[d + xx] = x[r + xx]!;
    }
  }
  const base = (n * O + g * Og) * HWo;
  if (sw === 1 && dw === 1 && (kw === 5 || kw === 3)) {
    rowConv({ Cg, kh, kw, H, Ho, Wo, Og, R }, Hp, Wp, s, w, g * Og * R, out, base);
    return;
  }
  let r = 0;
  for (let c = 0; c < Cg; c++) for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) TAP[r++] = (c * Hp + i * dh) * Wp + j * dw;
  // weights as [tile][tap][4 channels], zero past Og
  const tiles = Math.ceil(Og / 4);
  for (let t = 0; t < tiles; t++) {
    for (let k = 0; k < R; k++) {
      for (let q = 0; q < 4; q++) {
        const o = t * 4 + q;
        WP[(t * R + k) * 4 + q] = o < Og ? w[(g * Og + o) * R + k]! : 0;
      }
    }
  }
  if (Og === 1) {
    // a single output channel (e.g. the input gradient of a 1-channel layer): eight pixels at a time
    for (let oy = 0; oy < Ho; oy++) {
      for (let ox = 0; ox < Wo; ox += 8) tile1x8(oy * sh * Wp + ox * sw, sw, R, out, base + oy * Wo + ox, Math.min(8, Wo - ox));
    }
    return;
  }
  for (let oy = 0; oy < Ho; oy++) {
    for (let ox = 0; ox < Wo; ox += 4) {
      const px = oy * sh * Wp + ox * sw, valid = Math.min(4, Wo - ox);
      for (let t = 0; t < tiles; t++) {
        const ch = Math.min(4, Og - t * 4);
        const oi = base + t * 4 * HWo + oy * Wo + ox;
        if (ch > 2) tile4(px, sw, t * R * 4, R, out, oi, HWo, ch, valid);
        else tile2(px, sw, t * R * 4, R, out, oi, HWo, ch, valid);
      }
    }
  }
}

/**
 * Stride-1, undilated rows of 3 or 5 taps (LeNet's 5×5 layers, most 3×3 ones): per output channel and
 * four output pixels, each kernel row loads kw + 3 neighbouring inputs once and reuses every one of
 * them across its taps, so a tap costs one weight load instead of four input loads. Kernel rows that
 * fall wholly in the top or bottom zero padding are skipped: for each output row, TAP lists where the
 * remaining rows (c, i) start in the padded planes and WROW where their weights start.
 */
function rowConv(
  d: { Cg: number; kh: number; kw: number; H: number; Ho: number; Wo: number; Og: number; R: number },
  Hp: number, Wp: number, s: Conv2dSpec, w: TypedArray, w0: number, out: TypedArray, base: number,
): void {
  const { Cg, kh, kw, H, Ho, Wo, Og, R } = d;
  const sh = s.stride[0], ph = s.padding[0], dh = s.dilation[0], HWo = Ho * Wo;
  for (let k = 0; k < Og * R; k++) WP[k] = w[w0 + k]!;
  for (let oy = 0; oy < Ho; oy++) {
    let rows = 0;
    for (let c = 0; c < Cg; c++) {
      for (let i = 0; i < kh; i++) {
        const iy = oy * sh + i * dh - ph;
        if (iy < 0 || iy >= H) continue;
        TAP[rows] = (c * Hp + oy * sh + i * dh) * Wp;
        WROW[rows++] = (c * kh + i) * kw;
      }
    }
    for (let o = 0; o < Og; o++) {
      const oi = base + o * HWo + oy * Wo;
      for (let ox = 0; ox < Wo; ox += 4) {
        const valid = Math.min(4, Wo - ox);
        if (kw === 5) row5(ox, o * R, rows, out, oi + ox, valid);
        else row3(ox, o * R, rows, out, oi + ox, valid);
      }
    }
  }
}

/** Four pixels of one channel over `rows` kernel rows of five taps. */
function row5(px: number, wo: number, rows: number, out: TypedArray, oi: number, valid: number): void {
  const xp = XP, wp = WP, tap = TAP, wrow = WROW;
  px |= 0; wo |= 0; rows |= 0;
  let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
  for (let r = 0; r < rows; r = (r + 1) | 0) {
    const p = (tap[r]! + px) | 0, wi = (wrow[r]! + wo) | 0;
    const a0 = xp[p]!, a1 = xp[(p + 1) | 0]!, a2 = xp[(p + 2) | 0]!, a3 = xp[(p + 3) | 0]!;
    const a4 = xp[(p + 4) | 0]!, a5 = xp[(p + 5) | 0]!, a6 = xp[(p + 6) | 0]!, a7 = xp[(p + 7) | 0]!;
    let v = wp[wi]!;
    c0 += v * a0; c1 += v * a1; c2 += v * a2; c3 += v * a3;
    v = wp[(wi + 1) | 0]!;
    c0 += v * a1; c1 += v * a2; c2 += v * a3; c3 += v * a4;
    v = wp[(wi + 2) | 0]!;
    c0 += v * a2; c1 += v * a3; c2 += v * a4; c3 += v * a5;
    v = wp[(wi + 3) | 0]!;
    c0 += v * a3; c1 += v * a4; c2 += v * a5; c3 += v * a6;
    v = wp[(wi + 4) | 0]!;
    c0 += v * a4; c1 += v * a5; c2 += v * a6; c3 += v * a7;
  }
  if (valid === 4) {
    out[oi] = c0; out[oi + 1] = c1; out[oi + 2] = c2; out[oi + 3] = c3;
    return;
  }
  storePartial(out, oi, 0, 1, valid, [c0, c1, c2, c3]);
}

/** Four pixels of one channel over `rows` kernel rows of three taps. */
function row3(px: number, wo: number, rows: number, out: TypedArray, oi: number, valid: number): void {
  const xp = XP, wp = WP, tap = TAP, wrow = WROW;
  px |= 0; wo |= 0; rows |= 0;
  let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
  for (let r = 0; r < rows; r = (r + 1) | 0) {
    const p = (tap[r]! + px) | 0, wi = (wrow[r]! + wo) | 0;
    const a0 = xp[p]!, a1 = xp[(p + 1) | 0]!, a2 = xp[(p + 2) | 0]!;
    const a3 = xp[(p + 3) | 0]!, a4 = xp[(p + 4) | 0]!, a5 = xp[(p + 5) | 0]!;
    let v = wp[wi]!;
    c0 += v * a0; c1 += v * a1; c2 += v * a2; c3 += v * a3;
    v = wp[(wi + 1) | 0]!;
    c0 += v * a1; c1 += v * a2; c2 += v * a3; c3 += v * a4;
    v = wp[(wi + 2) | 0]!;
    c0 += v * a2; c1 += v * a3; c2 += v * a4; c3 += v * a5;
  }
  if (valid === 4) {
    out[oi] = c0; out[oi + 1] = c1; out[oi + 2] = c2; out[oi + 3] = c3;
    return;
  }
  storePartial(out, oi, 0, 1, valid, [c0, c1, c2, c3]);
}

/** Four channels × four pixels (px, px + sw, …) over R taps; stores `ch` channels and `valid` pixels. */
function tile4(px: number, sw: number, wi: number, R: number, out: TypedArray, oi: number, HWo: number, ch: number, valid: number): void {
  const xp = XP, wp = WP, tap = TAP;
  px |= 0; sw |= 0; wi |= 0; R |= 0;
  const p1 = (px + sw) | 0, p2 = (px + 2 * sw) | 0, p3 = (px + 3 * sw) | 0;
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  for (let k = 0; k < R; k = (k + 1) | 0) {
    const t = tap[k]!;
    const x0 = xp[(t + px) | 0]!, x1 = xp[(t + p1) | 0]!, x2 = xp[(t + p2) | 0]!, x3 = xp[(t + p3) | 0]!;
    let v = wp[wi]!;
    c00 += v * x0; c01 += v * x1; c02 += v * x2; c03 += v * x3;
    v = wp[(wi + 1) | 0]!;
    c10 += v * x0; c11 += v * x1; c12 += v * x2; c13 += v * x3;
    v = wp[(wi + 2) | 0]!;
    c20 += v * x0; c21 += v * x1; c22 += v * x2; c23 += v * x3;
    v = wp[(wi + 3) | 0]!;
    c30 += v * x0; c31 += v * x1; c32 += v * x2; c33 += v * x3;
    wi = (wi + 4) | 0;
  }
  if (valid === 4 && ch === 4) {
    out[oi] = c00; out[oi + 1] = c01; out[oi + 2] = c02; out[oi + 3] = c03; oi += HWo;
    out[oi] = c10; out[oi + 1] = c11; out[oi + 2] = c12; out[oi + 3] = c13; oi += HWo;
    out[oi] = c20; out[oi + 1] = c21; out[oi + 2] = c22; out[oi + 3] = c23; oi += HWo;
    out[oi] = c30; out[oi + 1] = c31; out[oi + 2] = c32; out[oi + 3] = c33;
    return;
  }
  storePartial(out, oi, HWo, ch, valid, [c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33]);
}

/** Two channels × four pixels: the remainder when Og is not a multiple of 4 (6 = 4 + 2). */
function tile2(px: number, sw: number, wi: number, R: number, out: TypedArray, oi: number, HWo: number, ch: number, valid: number): void {
  const xp = XP, wp = WP, tap = TAP;
  px |= 0; sw |= 0; wi |= 0; R |= 0;
  const p1 = (px + sw) | 0, p2 = (px + 2 * sw) | 0, p3 = (px + 3 * sw) | 0;
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  for (let k = 0; k < R; k = (k + 1) | 0) {
    const t = tap[k]!;
    const x0 = xp[(t + px) | 0]!, x1 = xp[(t + p1) | 0]!, x2 = xp[(t + p2) | 0]!, x3 = xp[(t + p3) | 0]!;
    const v0 = wp[wi]!, v1 = wp[(wi + 1) | 0]!;
    c00 += v0 * x0; c01 += v0 * x1; c02 += v0 * x2; c03 += v0 * x3;
    c10 += v1 * x0; c11 += v1 * x1; c12 += v1 * x2; c13 += v1 * x3;
    wi = (wi + 4) | 0;
  }
  if (valid === 4 && ch === 2) {
    out[oi] = c00; out[oi + 1] = c01; out[oi + 2] = c02; out[oi + 3] = c03; oi += HWo;
    out[oi] = c10; out[oi + 1] = c11; out[oi + 2] = c12; out[oi + 3] = c13;
    return;
  }
  storePartial(out, oi, HWo, ch, valid, [c00, c01, c02, c03, c10, c11, c12, c13]);
}

/** One channel × eight pixels (px, px + sw, …). */
function tile1x8(px: number, sw: number, R: number, out: TypedArray, oi: number, valid: number): void {
  const xp = XP, wp = WP, tap = TAP;
  px |= 0; sw |= 0; R |= 0;
  const p1 = (px + sw) | 0, p2 = (px + 2 * sw) | 0, p3 = (px + 3 * sw) | 0;
  const p4 = (px + 4 * sw) | 0, p5 = (px + 5 * sw) | 0, p6 = (px + 6 * sw) | 0, p7 = (px + 7 * sw) | 0;
  let c0 = 0, c1 = 0, c2 = 0, c3 = 0, c4 = 0, c5 = 0, c6 = 0, c7 = 0;
  for (let k = 0, wi = 0; k < R; k = (k + 1) | 0, wi = (wi + 4) | 0) {
    const t = tap[k]!, v = wp[wi]!;
    c0 += v * xp[(t + px) | 0]!; c1 += v * xp[(t + p1) | 0]!; c2 += v * xp[(t + p2) | 0]!; c3 += v * xp[(t + p3) | 0]!;
    c4 += v * xp[(t + p4) | 0]!; c5 += v * xp[(t + p5) | 0]!; c6 += v * xp[(t + p6) | 0]!; c7 += v * xp[(t + p7) | 0]!;
  }
  if (valid === 8) {
    out[oi] = c0; out[oi + 1] = c1; out[oi + 2] = c2; out[oi + 3] = c3;
    out[oi + 4] = c4; out[oi + 5] = c5; out[oi + 6] = c6; out[oi + 7] = c7;
    return;
  }
  const acc = [c0, c1, c2, c3, c4, c5, c6, c7];
  for (let q = 0; q < valid; q++) out[oi + q] = acc[q]!;
}

/** Edge tiles (a row's last pixels, a channel remainder): rare, so a small array is fine. */
function storePartial(out: TypedArray, oi: number, HWo: number, ch: number, valid: number, acc: readonly number[]): void {
  for (let c = 0; c < ch; c++) for (let q = 0; q < valid; q++) out[oi + c * HWo + q] = acc[c * 4 + q]!;
}
