import type { Backend, Conv2dSpec, View } from '../contract';
import { arrayFor, type TypedArray } from '../../dtype';
import { dense } from './strided';
import { gemm } from './matmul';

type CpuView = View<TypedArray>;

/** Output extent of one spatial dim of a convolution or pooling window. */
export function convOutSize(inSize: number, k: number, stride: number, pad: number, dil: number): number {
  return Math.floor((inSize + 2 * pad - dil * (k - 1) - 1) / stride) + 1;
}

/**
 * cols[(c*kh + i)*kw + j, oy*Wo + ox] = x[c, oy*sh - ph + i*dh, ox*sw - pw + j*dw] (0 outside):
 * the unrolled receptive fields, so a convolution becomes one matrix product.
 */
function im2col(
  x: TypedArray, xOff: number, C: number, H: number, W: number,
  kh: number, kw: number, Ho: number, Wo: number, s: Conv2dSpec, cols: TypedArray,
): void {
  const [sh, sw] = s.stride, [ph, pw] = s.padding, [dh, dw] = s.dilation;
  const HWo = Ho * Wo;
  let row = 0;
  for (let c = 0; c < C; c++) {
    const plane = xOff + c * H * W;
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++, row++) {
        const dst = row * HWo;
        for (let oy = 0; oy < Ho; oy++) {
          const y = oy * sh - ph + i * dh;
          const d = dst + oy * Wo;
          if (y < 0 || y >= H) { for (let ox = 0; ox < Wo; ox++) cols[d + ox] = 0; continue; }
          const srcRow = plane + y * W;
          for (let ox = 0; ox < Wo; ox++) {
            const xx = ox * sw - pw + j * dw;
            cols[d + ox] = xx >= 0 && xx < W ? x[srcRow + xx]! : 0;
          }
        }
      }
    }
  }
}

/** The adjoint of im2col: every column entry is added back onto the input pixel it came from. */
function col2im(
  cols: TypedArray, C: number, H: number, W: number,
  kh: number, kw: number, Ho: number, Wo: number, s: Conv2dSpec, dx: TypedArray, dxOff: number,
): void {
  const [sh, sw] = s.stride, [ph, pw] = s.padding, [dh, dw] = s.dilation;
  const HWo = Ho * Wo;
  let row = 0;
  for (let c = 0; c < C; c++) {
    const plane = dxOff + c * H * W;
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++, row++) {
        const src = row * HWo;
        for (let oy = 0; oy < Ho; oy++) {
          const y = oy * sh - ph + i * dh;
          if (y < 0 || y >= H) continue;
          const dstRow = plane + y * W;
          const s0 = src + oy * Wo;
          for (let ox = 0; ox < Wo; ox++) {
            const xx = ox * sw - pw + j * dw;
            if (xx >= 0 && xx < W) dx[dstRow + xx] += cols[s0 + ox]!;
          }
        }
      }
    }
  }
}

export const cpuConvKernels: Pick<Backend<TypedArray>, 'conv2d' | 'conv2dBackwardInput' | 'conv2dBackwardWeight'> = {
  conv2d(xv: CpuView, wv: CpuView, spec, outShape) {
    const x = dense(xv), w = dense(wv);
    const [N, C, H, W] = xv.shape as [number, number, number, number];
    const [O, Cg, kh, kw] = wv.shape as [number, number, number, number];
    const [, , Ho, Wo] = outShape as [number, number, number, number];
    const G = spec.groups, Og = O / G, HWo = Ho * Wo, R = Cg * kh * kw;
    const out = arrayFor(xv.dtype, N * O * HWo);
    const cols = arrayFor(xv.dtype, R * HWo);
    for (let n = 0; n < N; n++) {
      for (let g = 0; g < G; g++) {
        im2col(x, (n * C + g * Cg) * H * W, Cg, H, W, kh, kw, Ho, Wo, spec, cols);
        // out[n, g*Og:(g+1)*Og] = W_g [Og, R] · cols [R, HWo]
        gemm(Og, HWo, R, w, g * Og * R, R, 1, cols, 0, HWo, 1, out, (n * O + g * Og) * HWo);
      }
    }
    return out;
  },

  conv2dBackwardInput(dyv: CpuView, wv: CpuView, spec, xShape) {
    const dy = dense(dyv), w = dense(wv);
    const [N, C, H, W] = xShape as [number, number, number, number];
    const [O, Cg, kh, kw] = wv.shape as [number, number, number, number];
    const [, , Ho, Wo] = dyv.shape as [number, number, number, number];
    const G = spec.groups, Og = O / G, HWo = Ho * Wo, R = Cg * kh * kw;
    const dx = arrayFor(dyv.dtype, N * C * H * W);
    const cols = arrayFor(dyv.dtype, R * HWo);
    for (let n = 0; n < N; n++) {
      for (let g = 0; g < G; g++) {
        // cols [R, HWo] = W_gᵀ [R, Og] · dy_g [Og, HWo]; then fold back onto the input
        gemm(R, HWo, Og, w, g * Og * R, 1, R, dy, (n * O + g * Og) * HWo, HWo, 1, cols, 0);
        col2im(cols, Cg, H, W, kh, kw, Ho, Wo, spec, dx, (n * C + g * Cg) * H * W);
      }
    }
    return dx;
  },

  conv2dBackwardWeight(xv: CpuView, dyv: CpuView, spec, wShape) {
    const x = dense(xv), dy = dense(dyv);
    const [N, C, H, W] = xv.shape as [number, number, number, number];
    const [O, Cg, kh, kw] = wShape as [number, number, number, number];
    const [, , Ho, Wo] = dyv.shape as [number, number, number, number];
    const G = spec.groups, Og = O / G, HWo = Ho * Wo, R = Cg * kh * kw;
    const dw = arrayFor(xv.dtype, O * R);
    const part = arrayFor(xv.dtype, Og * R);
    const cols = arrayFor(xv.dtype, R * HWo);
    for (let n = 0; n < N; n++) {
      for (let g = 0; g < G; g++) {
        im2col(x, (n * C + g * Cg) * H * W, Cg, H, W, kh, kw, Ho, Wo, spec, cols);
        // dW_g [Og, R] += dy_g [Og, HWo] · colsᵀ [HWo, R]  (∂L/∂W = δ ⊗ X)
        gemm(Og, R, HWo, dy, (n * O + g * Og) * HWo, HWo, 1, cols, 0, 1, HWo, part, 0);
        const base = g * Og * R;
        for (let i = 0; i < part.length; i++) dw[base + i] += part[i]!;
      }
    }
    return dw;
  },
};
