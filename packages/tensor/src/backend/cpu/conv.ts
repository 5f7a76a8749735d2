import type { Backend, Conv2dSpec, View } from '../contract';
import { arrayFor, type TypedArray } from '../../dtype';
import { dense } from './strided';
import { GEMM_NR, PACKED_B, gemm, gemmWithB } from './matmul';
import { F2x2, winograd3x3 } from './conv-winograd';
import { F4x4 } from './winograd-f4x4';
import { winogradWeightGrad3x3 } from './winograd-grad';
import { backwardInputBatched, backwardWeightBatched, batchedFits, col2im, forwardBatched, type ConvDims } from './conv-cols';
import { directConv, directConvFits } from './conv-direct';
import { rowWinograd, rowWinogradFits, rowWinogradWeights } from './conv-winograd-rows';
import { outputF32 } from '../buffer-pool';

type CpuView = View<TypedArray>;
type Quad = [number, number, number, number];

/** Output extent of one spatial dim of a convolution or pooling window. */
export function convOutSize(inSize: number, k: number, stride: number, pad: number, dil: number): number {
  return Math.floor((inSize + 2 * pad - dil * (k - 1) - 1) / stride) + 1;
}

/**
 * Winograd pays off for 3×3 stride-1 kernels once there are enough channels to amortize its transforms
 * (measured: below ~8 in and out channels per group the direct matrix product is faster).
 */
/** 4×4 output tiles once the output is large enough that partial tiles waste little. */
const tileScheme = (Ho: number, Wo: number) => (Ho >= 8 && Wo >= 8 ? F4x4 : F2x2);

function useWinograd(kh: number, kw: number, s: Conv2dSpec, Cin: number, Cout: number): boolean {
  return kh === 3 && kw === 3 && s.stride[0] === 1 && s.stride[1] === 1 && s.dilation[0] === 1 && s.dilation[1] === 1 &&
    Cin >= 8 && Cout >= 8;
}

/**
 * Receptive-field geometry for the implicit im2col: element (r, p) of the unrolled matrix is
 * xp[tap[r] + pix[p]] in one group's zero-padded input xp [Cg, Hp, Wp].
 */
interface Patches {
  xp: Float64Array;
  tap: Int32Array;
  pix: Int32Array;
  Hp: number;
  Wp: number;
}

function patches(Cg: number, H: number, W: number, kh: number, kw: number, Ho: number, Wo: number, s: Conv2dSpec): Patches {
  const [sh, sw] = s.stride, [ph, pw] = s.padding, [dh, dw] = s.dilation;
  const Hp = H + 2 * ph, Wp = W + 2 * pw;
  const tap = new Int32Array(Cg * kh * kw);
  let r = 0;
  for (let c = 0; c < Cg; c++) for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) tap[r++] = (c * Hp + i * dh) * Wp + j * dw;
  const pix = new Int32Array(Ho * Wo);
  for (let oy = 0; oy < Ho; oy++) for (let ox = 0; ox < Wo; ox++) pix[oy * Wo + ox] = oy * sh * Wp + ox * sw;
  return { xp: new Float64Array(Cg * Hp * Wp), tap, pix, Hp, Wp };
}

/** Copies channels [c0, c0 + Cg) of image n into the padded buffer (the border stays zero). */
function loadPadded(p: Patches, x: TypedArray, n: number, C: number, c0: number, Cg: number, H: number, W: number, s: Conv2dSpec): void {
  const [ph, pw] = s.padding, { xp, Hp, Wp } = p;
  for (let c = 0; c < Cg; c++) {
    const src = ((n * C + c0 + c) * H) * W;
    for (let y = 0; y < H; y++) {
      const d = (c * Hp + y + ph) * Wp + pw, r = src + y * W;
      for (let xx = 0; xx < W; xx++) xp[d + xx] = x[r + xx]!;
    }
  }
}

/** B[r, p] = patch value: taps down, output pixels across (forward). */
function packTapsByPixels(p: Patches) {
  const { xp, tap, pix } = p, out = PACKED_B, NR = GEMM_NR;
  return (pc: number, kc: number, jc: number, nc: number) => {
    for (let j0 = 0; j0 < nc; j0 += NR) {
      const w = Math.min(NR, nc - j0);
      const p0 = pix[jc + j0]!, p1 = w > 1 ? pix[jc + j0 + 1]! : 0, p2 = w > 2 ? pix[jc + j0 + 2]! : 0, p3 = w > 3 ? pix[jc + j0 + 3]! : 0;
      let d = j0 * kc;
      if (w === NR) {
        for (let k = 0; k < kc; k++, d += NR) {
          const t = tap[pc + k]!;
          out[d] = xp[t + p0]!;
          out[d + 1] = xp[t + p1]!;
          out[d + 2] = xp[t + p2]!;
          out[d + 3] = xp[t + p3]!;
        }
        continue;
      }
      for (let k = 0; k < kc; k++, d += NR) {
        const t = tap[pc + k]!;
        out[d] = xp[t + p0]!;
        out[d + 1] = w > 1 ? xp[t + p1]! : 0;
        out[d + 2] = w > 2 ? xp[t + p2]! : 0;
        out[d + 3] = w > 3 ? xp[t + p3]! : 0;
      }
    }
  };
}

/** B[p, r] = patch value: output pixels down, taps across (the weight gradient's colsᵀ). */
function packPixelsByTaps(p: Patches) {
  const { xp, tap, pix } = p, out = PACKED_B, NR = GEMM_NR;
  return (pc: number, kc: number, jc: number, nc: number) => {
    for (let j0 = 0; j0 < nc; j0 += NR) {
      const w = Math.min(NR, nc - j0);
      const t0 = tap[jc + j0]!, t1 = w > 1 ? tap[jc + j0 + 1]! : 0, t2 = w > 2 ? tap[jc + j0 + 2]! : 0, t3 = w > 3 ? tap[jc + j0 + 3]! : 0;
      let d = j0 * kc;
      if (w === NR) {
        for (let k = 0; k < kc; k++, d += NR) {
          const q = pix[pc + k]!;
          out[d] = xp[t0 + q]!;
          out[d + 1] = xp[t1 + q]!;
          out[d + 2] = xp[t2 + q]!;
          out[d + 3] = xp[t3 + q]!;
        }
        continue;
      }
      for (let k = 0; k < kc; k++, d += NR) {
        const q = pix[pc + k]!;
        out[d] = xp[t0 + q]!;
        out[d + 1] = w > 1 ? xp[t1 + q]! : 0;
        out[d + 2] = w > 2 ? xp[t2 + q]! : 0;
        out[d + 3] = w > 3 ? xp[t3 + q]! : 0;
      }
    }
  };
}

/** y = conv(x, w) on dense arrays: Winograd, direct small kernels, or implicit im2col + gemm. */
function forward(x: TypedArray, w: TypedArray, xs: Quad, ws: Quad, spec: Conv2dSpec, ys: Quad, dtype: CpuView['dtype']): TypedArray {
  const [N, C, H, W] = xs;
  const [O, Cg, kh, kw] = ws;
  const [, , Ho, Wo] = ys;
  const G = spec.groups, Og = O / G, HWo = Ho * Wo, R = Cg * kh * kw;
  // float32 outputs come from the pool of freed buffers (a fresh 1 MB array page-faults on first write);
  // the direct kernels write every element, the other paths start from zeros
  const pooled = dtype === 'float32';
  const out = pooled ? outputF32(N * O * HWo) : arrayFor(dtype, N * O * HWo);
  const d: ConvDims = { N, C, H, W, O, Cg, Og, kh, kw, Ho, Wo, G };
  const winograd = useWinograd(kh, kw, spec, Cg, Og), batched = batchedFits(d);
  if (!winograd && !batched && directConvFits(Cg, H + 2 * spec.padding[0], W + 2 * spec.padding[1], Og, R, spec.stride[1])) {
    const dims = { C, H, W, Cg, Og, O, kh, kw, Ho, Wo };
    // float32 rows of five taps: Winograd along the rows (float64 keeps the exact direct sum)
    if (dtype === 'float32' && kw === 5 && rowWinogradFits(dims, spec)) {
      for (let g = 0; g < G; g++) {
        rowWinogradWeights(w, g, dims);
        for (let n = 0; n < N; n++) rowWinograd(x, n, g, dims, spec, out);
      }
      return out;
    }
    for (let n = 0; n < N; n++) for (let g = 0; g < G; g++) directConv(x, w, n, g, dims, spec, out);
    return out;
  }
  if (pooled) out.fill(0);
  if (winograd) {
    const at = (g: number, co: number, ci: number, i: number, j: number) => w[(((g * Og + co) * Cg + ci) * 3 + i) * 3 + j]!;
    winograd3x3(x, at, { N, G, Cin: Cg, Cout: Og, H, W, pad: spec.padding, Ho, Wo }, out, tileScheme(Ho, Wo));
    return out;
  }
  if (batched) {
    forwardBatched(x, w, d, spec, out);
    return out;
  }
  const p = patches(Cg, H, W, kh, kw, Ho, Wo, spec);
  const pack = packTapsByPixels(p);
  for (let n = 0; n < N; n++) {
    for (let g = 0; g < G; g++) {
      loadPadded(p, x, n, C, g * Cg, Cg, H, W, spec);
      // out[n, g*Og:(g+1)*Og] = W_g [Og, R] · patches [R, HWo]
      gemmWithB(Og, HWo, R, w, g * Og * R, R, 1, pack, out, (n * O + g * Og) * HWo);
    }
  }
  return out;
}

export const cpuConvKernels: Pick<Backend<TypedArray>, 'conv2d' | 'conv2dBackwardInput' | 'conv2dBackwardWeight'> = {
  conv2d(xv: CpuView, wv: CpuView, spec, outShape) {
    return forward(dense(xv), dense(wv), xv.shape as Quad, wv.shape as Quad, spec, outShape as Quad, xv.dtype);
  },

  conv2dBackwardInput(dyv: CpuView, wv: CpuView, spec, xShape) {
    const dy = dense(dyv), w = dense(wv);
    const [N, C, H, W] = xShape as Quad;
    const [O, Cg, kh, kw] = wv.shape as Quad;
    const [, , Ho, Wo] = dyv.shape as Quad;
    const G = spec.groups, Og = O / G, HWo = Ho * Wo, R = Cg * kh * kw;
    const [ph, pw] = spec.padding;
    // stride 1: δx is δ correlated with the flipped, transposed kernel over a (k - 1 - pad) border,
    // a forward convolution with all its fast paths
    // (only when that border adds little work: padding a 1×1 δ to 9×9 would multiply it 25-fold)
    const unit = spec.stride.every((v) => v === 1) && spec.dilation.every((v) => v === 1);
    const d: ConvDims = { N, C, H, W, O, Cg, Og, kh, kw, Ho, Wo, G };
    if (unit && ph <= kh - 1 && pw <= kw - 1 && Ho + kh - 1 - 2 * ph === H && Wo + kw - 1 - 2 * pw === W && 4 * H * W <= 5 * Ho * Wo) {
      const flipped = arrayFor(wv.dtype, w.length);
      for (let g = 0; g < G; g++) for (let o = 0; o < Og; o++) for (let c = 0; c < Cg; c++) {
        const src = ((g * Og + o) * Cg + c) * kh * kw, dst = ((g * Cg + c) * Og + o) * kh * kw;
        for (let k = 0; k < kh * kw; k++) flipped[dst + k] = w[src + kh * kw - 1 - k]!;
      }
      const s: Conv2dSpec = { ...spec, padding: [kh - 1 - ph, kw - 1 - pw] };
      return forward(dy, flipped, [N, O, Ho, Wo], [C, Og, kh, kw], s, [N, C, H, W], dyv.dtype);
    }
    const dx = arrayFor(dyv.dtype, N * C * H * W);
    if (batchedFits(d)) {
      backwardInputBatched(dy, w, d, spec, dx);
      return dx;
    }
    const cols = arrayFor(dyv.dtype, R * HWo);
    for (let n = 0; n < N; n++) {
      for (let g = 0; g < G; g++) {
        // cols [R, HWo] = W_gᵀ [R, Og] · dy_g [Og, HWo]; then fold back onto the input
        gemm(R, HWo, Og, w, g * Og * R, 1, R, dy, (n * O + g * Og) * HWo, HWo, 1, cols, 0);
        col2im(cols, HWo, 0, Cg, H, W, kh, kw, Ho, Wo, spec, dx, (n * C + g * Cg) * H * W);
      }
    }
    return dx;
  },

  conv2dBackwardWeight(xv: CpuView, dyv: CpuView, spec, wShape) {
    const x = dense(xv), dy = dense(dyv);
    const [N, C, H, W] = xv.shape as Quad;
    const [O, Cg, kh, kw] = wShape as Quad;
    const [, , Ho, Wo] = dyv.shape as Quad;
    const G = spec.groups, Og = O / G, HWo = Ho * Wo, R = Cg * kh * kw;
    const dw = arrayFor(xv.dtype, O * R);
    if (useWinograd(kh, kw, spec, Cg, Og)) {
      winogradWeightGrad3x3(x, dy, { N, G, Cin: Cg, Cout: Og, H, W, pad: spec.padding, Ho, Wo }, dw, tileScheme(Ho, Wo));
      return dw;
    }
    const d: ConvDims = { N, C, H, W, O, Cg, Og, kh, kw, Ho, Wo, G };
    if (batchedFits(d, Og <= 32 ? 256 : 64)) {
      backwardWeightBatched(x, dy, d, spec, dw);
      return dw;
    }
    const part = new Float64Array(Og * R);
    const p = patches(Cg, H, W, kh, kw, Ho, Wo, spec);
    const pack = packPixelsByTaps(p);
    for (let n = 0; n < N; n++) {
      for (let g = 0; g < G; g++) {
        loadPadded(p, x, n, C, g * Cg, Cg, H, W, spec);
        // dW_g [Og, R] += dy_g [Og, HWo] · patchesᵀ [HWo, R]  (∂L/∂W = δ ⊗ X)
        gemmWithB(Og, R, HWo, dy, (n * O + g * Og) * HWo, HWo, 1, pack, part, 0);
        const base = g * Og * R;
        for (let i = 0; i < part.length; i++) dw[base + i] += part[i]!;
      }
    }
    return dw;
  },
};
