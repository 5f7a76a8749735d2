import type { View } from '../contract';
import type { DType, TypedArray } from '../../dtype';
import { dense } from './strided';

type Alloc = (dtype: DType, n: number) => TypedArray;

/** [N, C, S] of x [N, C, …]: the batch, the channels and the size of one channel's plane. */
export function dims(shape: readonly number[]): [number, number, number] {
  const N = shape[0]!, C = shape[1]!;
  let S = 1;
  for (let d = 2; d < shape.length; d++) S *= shape[d]!;
  return [N, C, S];
}

/**
 * Per channel, from the means and the summed squared deviations over M values: the batch statistics
 * (mean, biased variance) and the affine coefficients y = x·scale + shift, scale = weight·invstd and
 * shift = bias − mean·scale, in float64. Shared by the TypeScript and WebAssembly kernels.
 */
export function batchNormCoefficients(
  means: Float64Array, sq: Float64Array, w: TypedArray, b: TypedArray, M: number, eps: number,
  out: { mean: TypedArray; variance: TypedArray; scale: Float64Array; shift: Float64Array },
): void {
  for (let c = 0; c < means.length; c++) {
    const v = sq[c]! / M, invstd = 1 / Math.sqrt(v + eps);
    out.mean[c] = means[c]!;
    out.variance[c] = v;
    out.scale[c] = w[c]! * invstd;
    out.shift[c] = b[c]! - means[c]! * out.scale[c]!;
  }
}

/**
 * Training-mode batch normalization (see the `batchNorm` primitive): per channel, the mean and then
 * the biased variance Σ(x − mean)²/M in float64 (two passes, no cancellation), then
 * y = x·scale + shift with scale = weight·invstd and shift = bias − mean·scale, in float64.
 */
export function batchNormKernels(alloc: Alloc) {
  return {
    batchNorm(xv: View<TypedArray>, wv: View<TypedArray>, bv: View<TypedArray>, eps: number) {
      const [N, C, S] = dims(xv.shape), M = N * S;
      const x = dense(xv), w = dense(wv), b = dense(bv);
      const sum = new Float64Array(C), sq = new Float64Array(C);
      for (let n = 0; n < N; n++) {
        for (let c = 0; c < C; c++) {
          let s = 0;
          for (let i = (n * C + c) * S, e = i + S; i < e; i++) s += x[i]!;
          sum[c] += s;
        }
      }
      const mean = alloc(xv.dtype, C), variance = alloc(xv.dtype, C);
      for (let c = 0; c < C; c++) sum[c] = sum[c]! / M;
      for (let n = 0; n < N; n++) {
        for (let c = 0; c < C; c++) {
          const m = sum[c]!;
          let s = 0;
          for (let i = (n * C + c) * S, e = i + S; i < e; i++) { const d = x[i]! - m; s += d * d; }
          sq[c] += s;
        }
      }
      const scale = new Float64Array(C), shift = new Float64Array(C);
      batchNormCoefficients(sum, sq, w, b, M, eps, { mean, variance, scale, shift });
      const y = alloc(xv.dtype, N * C * S);
      for (let n = 0; n < N; n++) {
        for (let c = 0; c < C; c++) {
          const k = scale[c]!, t = shift[c]!;
          for (let i = (n * C + c) * S, e = i + S; i < e; i++) y[i] = x[i]! * k + t;
        }
      }
      return { y, mean, variance };
    },

    /** dbias = Σ dy, dweight = Σ dy·x̂ (float64 sums), then dx = weight·invstd·(dy − dbias/M − x̂·dweight/M). */
    batchNormBackward(dyv: View<TypedArray>, xv: View<TypedArray>, meanv: View<TypedArray>, varv: View<TypedArray>, wv: View<TypedArray>, eps: number): TypedArray[] {
      const [N, C, S] = dims(xv.shape), M = N * S;
      const dy = dense(dyv), x = dense(xv), mean = dense(meanv), variance = dense(varv), w = dense(wv);
      const sumG = new Float64Array(C), sumGX = new Float64Array(C), invstd = new Float64Array(C);
      for (let c = 0; c < C; c++) invstd[c] = 1 / Math.sqrt(variance[c]! + eps);
      for (let n = 0; n < N; n++) {
        for (let c = 0; c < C; c++) {
          const m = mean[c]!;
          let s = 0, sx = 0;
          for (let i = (n * C + c) * S, e = i + S; i < e; i++) { const g = dy[i]!; s += g; sx += g * (x[i]! - m); }
          sumG[c] += s;
          sumGX[c] += sx;
        }
      }
      const dw = alloc(xv.dtype, C), db = alloc(xv.dtype, C);
      // dx = a·dy + b·x + k per channel: a = weight·invstd, b = −a·invstd²·Σdy(x − mean)/M, k = −a·Σdy/M − b·mean
      const a = new Float64Array(C), bx = new Float64Array(C), k = new Float64Array(C);
      for (let c = 0; c < C; c++) {
        const is = invstd[c]!;
        db[c] = sumG[c]!;
        dw[c] = sumGX[c]! * is;
        a[c] = w[c]! * is;
        bx[c] = -a[c]! * is * is * sumGX[c]! / M;
        k[c] = -a[c]! * sumG[c]! / M - bx[c]! * mean[c]!;
      }
      const dx = alloc(xv.dtype, N * C * S);
      for (let n = 0; n < N; n++) {
        for (let c = 0; c < C; c++) {
          const ac = a[c]!, bc = bx[c]!, kc = k[c]!;
          for (let i = (n * C + c) * S, e = i + S; i < e; i++) dx[i] = ac * dy[i]! + bc * x[i]! + kc;
        }
      }
      return [dx, dw, db];
    },
  };
}
