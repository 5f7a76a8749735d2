import type { Conv2dSpec } from '../contract';
import type { TypedArray } from '../../dtype';
import { gemm } from './matmul';

/**
 * The explicit unrolled-patch matrix (im2col) and its adjoint, and the three convolution products
 * over a whole batch at once. Batching is for layers with few output pixels per image (LeNet's
 * C5 maps 5×5 to 1×1): one image alone is then a matrix-vector product, too thin for the tiled
 * kernel; all images side by side make a proper matrix.
 */
export interface ConvDims {
  N: number; C: number; H: number; W: number;
  O: number; Cg: number; Og: number; kh: number; kw: number; Ho: number; Wo: number; G: number;
}

/**
 * Batch when an image has few output pixels (`pixels`: fewer than this) and the patch matrix stays
 * small. The weight gradient batches more eagerly: its per-image products have only Og rows.
 */
export function batchedFits(d: ConvDims, pixels = 64): boolean {
  const R = d.Cg * d.kh * d.kw, HWo = d.Ho * d.Wo;
  return d.N > 1 && HWo < pixels && R * d.N * HWo <= 1 << 22;
}

/** cols[r, n·HWo + p] = x[n, c0 + c, oy·sh − ph + i·dh, ox·sw − pw + j·dw] (0 outside), r = (c, i, j). */
function im2col(x: TypedArray, d: ConvDims, c0: number, s: Conv2dSpec, cols: Float64Array): void {
  const { N, C, H, W, Cg, kh, kw, Ho, Wo } = d;
  const [sh, sw] = s.stride, [ph, pw] = s.padding, [dh, dw] = s.dilation;
  const HWo = Ho * Wo, ld = N * HWo;
  let row = 0;
  for (let c = 0; c < Cg; c++) {
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++, row++) {
        for (let n = 0; n < N; n++) {
          const plane = (n * C + c0 + c) * H * W;
          let k = row * ld + n * HWo;
          for (let oy = 0; oy < Ho; oy++) {
            const y = oy * sh - ph + i * dh;
            for (let ox = 0; ox < Wo; ox++, k++) {
              const xx = ox * sw - pw + j * dw;
              cols[k] = y >= 0 && y < H && xx >= 0 && xx < W ? x[plane + y * W + xx]! : 0;
            }
          }
        }
      }
    }
  }
}

/**
 * The adjoint of im2col for one image: every column entry is added back onto the input pixel it
 * came from. Columns col0 … col0 + HWo − 1 of a matrix with row stride `ld` hold the image.
 */
export function col2im(
  cols: TypedArray, ld: number, col0: number, C: number, H: number, W: number,
  kh: number, kw: number, Ho: number, Wo: number, s: Conv2dSpec, dx: TypedArray, dxOff: number,
): void {
  const [sh, sw] = s.stride, [ph, pw] = s.padding, [dh, dw] = s.dilation;
  let row = 0;
  for (let c = 0; c < C; c++) {
    const plane = dxOff + c * H * W;
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++, row++) {
        const src = row * ld + col0;
        // the output columns whose tap lands inside the input row
        const lo = Math.max(0, Math.ceil((pw - j * dw) / sw)), hi = Math.min(Wo, Math.floor((W - 1 + pw - j * dw) / sw) + 1);
        for (let oy = 0; oy < Ho; oy++) {
          const y = oy * sh - ph + i * dh;
          if (y < 0 || y >= H) continue;
          const dstRow = plane + y * W - pw + j * dw;
          const s0 = src + oy * Wo;
          for (let ox = lo; ox < hi; ox++) dx[dstRow + ox * sw] += cols[s0 + ox]!;
        }
      }
    }
  }
}

/** δ of group g gathered as [Og, N·HWo]. */
function gatherDelta(dy: TypedArray, d: ConvDims, g: number, out: Float64Array): void {
  const { N, O, Og } = d, HWo = d.Ho * d.Wo, ld = N * HWo;
  for (let o = 0; o < Og; o++) {
    for (let n = 0; n < N; n++) {
      const src = (n * O + g * Og + o) * HWo, dst = o * ld + n * HWo;
      for (let p = 0; p < HWo; p++) out[dst + p] = dy[src + p]!;
    }
  }
}

/** y_g [Og, N·HWo] = W_g [Og, R] · cols [R, N·HWo], scattered back to [N, O, HWo]. */
export function forwardBatched(x: TypedArray, w: TypedArray, d: ConvDims, s: Conv2dSpec, out: TypedArray): void {
  const { N, O, Og, G } = d, R = d.Cg * d.kh * d.kw, HWo = d.Ho * d.Wo, ld = N * HWo;
  const cols = new Float64Array(R * ld), y = new Float64Array(Og * ld);
  for (let g = 0; g < G; g++) {
    im2col(x, d, g * d.Cg, s, cols);
    gemm(Og, ld, R, w, g * Og * R, R, 1, cols, 0, ld, 1, y, 0);
    for (let o = 0; o < Og; o++) {
      for (let n = 0; n < N; n++) {
        const src = o * ld + n * HWo, dst = (n * O + g * Og + o) * HWo;
        for (let p = 0; p < HWo; p++) out[dst + p] = y[src + p]!;
      }
    }
  }
}

/** dcols [R, N·HWo] = W_gᵀ · δ_g, folded back onto each image. */
export function backwardInputBatched(dy: TypedArray, w: TypedArray, d: ConvDims, s: Conv2dSpec, dx: TypedArray): void {
  const { N, C, H, W, Og, G, Cg } = d, R = Cg * d.kh * d.kw, HWo = d.Ho * d.Wo, ld = N * HWo;
  const delta = new Float64Array(Og * ld), cols = new Float64Array(R * ld);
  for (let g = 0; g < G; g++) {
    gatherDelta(dy, d, g, delta);
    gemm(R, ld, Og, w, g * Og * R, 1, R, delta, 0, ld, 1, cols, 0);
    for (let n = 0; n < N; n++) col2im(cols, ld, n * HWo, Cg, H, W, d.kh, d.kw, d.Ho, d.Wo, s, dx, (n * C + g * Cg) * H * W);
  }
}

/** dW_g [Og, R] = δ_g [Og, N·HWo] · colsᵀ [N·HWo, R]: the batch sum is the product's inner dimension. */
export function backwardWeightBatched(x: TypedArray, dy: TypedArray, d: ConvDims, s: Conv2dSpec, dw: TypedArray): void {
  const { N, Og, G } = d, R = d.Cg * d.kh * d.kw, HWo = d.Ho * d.Wo, ld = N * HWo;
  const delta = new Float64Array(Og * ld), cols = new Float64Array(R * ld);
  for (let g = 0; g < G; g++) {
    gatherDelta(dy, d, g, delta);
    im2col(x, d, g * d.Cg, s, cols);
    gemm(Og, R, ld, delta, 0, ld, 1, cols, 0, 1, ld, dw, g * Og * R);
  }
}
