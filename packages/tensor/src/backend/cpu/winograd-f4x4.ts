import type { TypedArray } from '../../dtype';
import type { WeightAt, WinogradScheme } from './conv-winograd';

/**
 * The transforms of Winograd F(4×4, 3×3) (Lavin & Gray, 2016): 6×6 input tiles, 36 products
 * per 16 outputs.
 *   Bᵀ = [4 0 -5 0 1 0; 0 -4 -4 1 1 0; 0 4 -4 -1 1 0; 0 -2 -1 2 1 0; 0 2 -1 -2 1 0; 0 4 0 -5 0 1]
 *   G  = [¼ 0 0; -⅙ -⅙ -⅙; -⅙ ⅙ -⅙; 1/24 1/12 ⅙; 1/24 -1/12 ⅙; 0 0 1]
 *   Aᵀ = [1 1 1 1 1 0; 0 1 -1 2 -2 0; 0 1 1 4 4 0; 0 1 -1 8 -8 1]
 * Each 2-D transform is the 1-D one applied down the columns, then along the rows.
 */
const T36 = new Float64Array(36);

/** Bᵀ·v for v = s[o], s[o + step], …, s[o + 5·step], written to d[q + k·dstep]. */
function bt(s: Float64Array, o: number, step: number, d: Float64Array, q: number, dstep: number): void {
  const v0 = s[o]!, v1 = s[o + step]!, v2 = s[o + 2 * step]!, v3 = s[o + 3 * step]!, v4 = s[o + 4 * step]!, v5 = s[o + 5 * step]!;
  d[q] = 4 * v0 - 5 * v2 + v4;
  d[q + dstep] = v3 + v4 - 4 * (v1 + v2);
  d[q + 2 * dstep] = 4 * (v1 - v2) + v4 - v3;
  d[q + 3 * dstep] = 2 * (v3 - v1) + v4 - v2;
  d[q + 4 * dstep] = 2 * (v1 - v3) + v4 - v2;
  d[q + 5 * dstep] = 4 * v1 - 5 * v3 + v5;
}

function input(xp: Float64Array, C: number, th: number, tw: number, Wq: number, plane: number, V: Float64Array, T: number): void {
  const s = C * T;
  for (let c = 0; c < C; c++) {
    let t = c * T;
    for (let ty = 0; ty < th; ty++) {
      for (let tx = 0; tx < tw; tx++, t++) {
        const o = c * plane + 4 * ty * Wq + 4 * tx;
        // columns: T36[i·6 + j] = (Bᵀ d)[i][j]
        for (let j = 0; j < 6; j++) bt(xp, o + j, Wq, T36, j, 6);
        // rows: V[(i·6 + k)] = ((Bᵀ d) B)[i][k]
        for (let i = 0; i < 6; i++) bt(T36, 6 * i, 1, V, (6 * i) * s + t, s);
      }
    }
  }
}

function weights(weight: WeightAt, g: number, Cout: number, Cin: number, U: Float64Array): void {
  const stride = Cout * Cin;
  const gg = new Float64Array(9), t = new Float64Array(18);
  const gv = (v0: number, v1: number, v2: number, out: Float64Array, q: number, step: number) => {
    out[q] = v0 / 4;
    out[q + step] = -(v0 + v1 + v2) / 6;
    out[q + 2 * step] = -(v0 - v1 + v2) / 6;
    out[q + 3 * step] = v0 / 24 + v1 / 12 + v2 / 6;
    out[q + 4 * step] = v0 / 24 - v1 / 12 + v2 / 6;
    out[q + 5 * step] = v2;
  };
  for (let co = 0; co < Cout; co++) {
    for (let ci = 0; ci < Cin; ci++) {
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) gg[i * 3 + j] = weight(g, co, ci, i, j);
      // t[r·3 + j] = (G g)[r][j]
      for (let j = 0; j < 3; j++) gv(gg[j]!, gg[3 + j]!, gg[6 + j]!, t, j, 3);
      const at = co * Cin + ci;
      for (let r = 0; r < 6; r++) gv(t[3 * r]!, t[3 * r + 1]!, t[3 * r + 2]!, U, (6 * r) * stride + at, stride);
    }
  }
}

function output(M: Float64Array, Cout: number, th: number, tw: number, T: number, out: TypedArray, off: number, Ho: number, Wo: number): void {
  const s = Cout * T;
  const r = T36;
  for (let co = 0; co < Cout; co++) {
    const base = off + co * Ho * Wo;
    let t = co * T;
    for (let ty = 0; ty < th; ty++) {
      for (let tx = 0; tx < tw; tx++, t++) {
        // columns: r[i·6 + j] = (Aᵀ m)[i][j], i < 4
        for (let j = 0; j < 6; j++) {
          const m0 = M[j * s + t]!, m1 = M[(6 + j) * s + t]!, m2 = M[(12 + j) * s + t]!;
          const m3 = M[(18 + j) * s + t]!, m4 = M[(24 + j) * s + t]!, m5 = M[(30 + j) * s + t]!;
          r[j] = m0 + m1 + m2 + m3 + m4;
          r[6 + j] = m1 - m2 + 2 * (m3 - m4);
          r[12 + j] = m1 + m2 + 4 * (m3 + m4);
          r[18 + j] = m1 - m2 + 8 * (m3 - m4) + m5;
        }
        const y0 = 4 * ty, x0 = 4 * tx;
        const rows = Math.min(4, Ho - y0), cols = Math.min(4, Wo - x0);
        for (let i = 0; i < rows; i++) {
          const v0 = r[6 * i]!, v1 = r[6 * i + 1]!, v2 = r[6 * i + 2]!, v3 = r[6 * i + 3]!, v4 = r[6 * i + 4]!, v5 = r[6 * i + 5]!;
          const o = base + (y0 + i) * Wo + x0;
          out[o] = v0 + v1 + v2 + v3 + v4;
          if (cols > 1) out[o + 1] = v1 - v2 + 2 * (v3 - v4);
          if (cols > 2) out[o + 2] = v1 + v2 + 4 * (v3 + v4);
          if (cols > 3) out[o + 3] = v1 - v2 + 8 * (v3 - v4) + v5;
        }
      }
    }
  }
}

export const F4x4: WinogradScheme = {
  m: 4, a: 6, weights, input, output,
  A: [[1, 0, 0, 0], [1, 1, 1, 1], [1, -1, 1, -1], [1, 2, 4, 8], [1, -2, 4, -8], [0, 0, 0, 1]],
  Gt: [[1 / 4, -1 / 6, -1 / 6, 1 / 24, 1 / 24, 0], [0, -1 / 6, 1 / 6, 1 / 12, -1 / 12, 0], [0, -1 / 6, -1 / 6, 1 / 6, 1 / 6, 1]],
};
