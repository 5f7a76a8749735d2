import type { Conv2dSpec, Pool2dSpec } from '../backend/contract';
import { poolDivisor } from '../backend/pool-divisor';

/**
 * Index tables for the composite kernels, computed from shapes alone (no tensor data), so a backend
 * only sees them as ordinary int32 inputs to gather/scatterAdd.
 */

/** Flat position in one group's padded input [Cg, Hp, Wp] of each im2col entry, ordered (c, i, j, oy, ox). */
export function convPositions(
  Cg: number, kh: number, kw: number, Ho: number, Wo: number, Hp: number, Wp: number, s: Conv2dSpec,
): Int32Array {
  const [sh, sw] = s.stride, [dh, dw] = s.dilation;
  const out = new Int32Array(Cg * kh * kw * Ho * Wo);
  let k = 0;
  for (let c = 0; c < Cg; c++) {
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        for (let oy = 0; oy < Ho; oy++) {
          const row = c * Hp * Wp + (oy * sh + i * dh) * Wp + j * dw;
          for (let ox = 0; ox < Wo; ox++) out[k++] = row + ox * sw;
        }
      }
    }
  }
  return out;
}

/** Flat position in the padded plane [Hp, Wp] of each average-pooling window element, ordered (oy, ox, i, j). */
export function poolPositions(Ho: number, Wo: number, s: Pool2dSpec, Wp: number): Int32Array {
  const [kh, kw] = s.kernel, [sh, sw] = s.stride;
  const out = new Int32Array(Ho * Wo * kh * kw);
  let k = 0;
  for (let oy = 0; oy < Ho; oy++) {
    for (let ox = 0; ox < Wo; ox++) {
      for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) out[k++] = (oy * sh + i) * Wp + ox * sw + j;
    }
  }
  return out;
}

/**
 * Max-pooling windows as H·W positions, ordered (oy, ox, i, j). A slot outside the input repeats the
 * window's first valid pixel, which ties with it and so never changes the first-max answer.
 * `empty` marks windows with no pixel inside the input (null when there are none).
 */
export function maxPoolTable(H: number, W: number, s: Pool2dSpec): { table: Int32Array; empty: Uint8Array | null } {
  const [Ho, Wo] = s.outShape, [kh, kw] = s.kernel, [sh, sw] = s.stride, [ph, pw] = s.padding, [dh, dw] = s.dilation;
  const K = kh * kw;
  const table = new Int32Array(Ho * Wo * K);
  let empty: Uint8Array | null = null;
  for (let oy = 0; oy < Ho; oy++) {
    for (let ox = 0; ox < Wo; ox++) {
      const base = (oy * Wo + ox) * K;
      let first = -1;
      for (let i = 0; i < kh; i++) {
        const y = oy * sh - ph + i * dh;
        for (let j = 0; j < kw; j++) {
          const x = ox * sw - pw + j * dw;
          const inside = y >= 0 && y < H && x >= 0 && x < W;
          if (inside && first < 0) first = y * W + x;
          table[base + i * kw + j] = inside ? y * W + x : -1;
        }
      }
      if (first < 0) (empty ??= new Uint8Array(Ho * Wo))[oy * Wo + ox] = 1;
      for (let k = base; k < base + K; k++) if (table[k]! < 0) table[k] = Math.max(first, 0);
    }
  }
  return { table, empty };
}

/** The divisor of every average-pooling window, [Ho, Wo]. */
export function avgPoolDivisors(H: number, W: number, s: Pool2dSpec, dtype: 'float32' | 'float64'): Float32Array | Float64Array {
  const [Ho, Wo] = s.outShape, [sh, sw] = s.stride, [ph, pw] = s.padding;
  const out = dtype === 'float64' ? new Float64Array(Ho * Wo) : new Float32Array(Ho * Wo);
  for (let oy = 0; oy < Ho; oy++) {
    for (let ox = 0; ox < Wo; ox++) out[oy * Wo + ox] = poolDivisor(oy * sh - ph, ox * sw - pw, s, H, W);
  }
  return out;
}
