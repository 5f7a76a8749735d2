import { Tensor } from '../tensor';
import type { Conv2dSpec, Pool2dSpec } from '../backend/contract';
import { tidy } from '../memory';
import { noGrad } from '../autograd/mode';
import { fromTypedArray, full } from '../ops/creation';
import { div, mul, sub, where } from '../ops/elementwise';
import { exp, isfinite, log as ln } from './elementwise';
import { matmul } from '../ops/matmul';
import { contiguous, gather, pad, scatterAdd } from '../ops/movement';
import { argmax, max, sum } from '../ops/reduce';
import { avgPoolDivisors, convPositions, maxPoolTable, poolPositions } from './fallback-tables';

/**
 * The optional kernels composed from required primitives (pad, strided copy, batched matmul, gather,
 * scatterAdd, reductions), so a backend works as soon as its primitives pass. They run inside a
 * primitive's forward: nothing here is recorded, and every intermediate is freed before returning.
 */
type Quad = [number, number, number, number];

/** Runs a composite without recording and frees its intermediates. */
const compose = <T>(fn: () => T): T => noGrad(() => tidy(fn));

/** A new handle on x's storage with arbitrary strides (as_strided): the im2col windows, without a copy. */
function strided(x: Tensor, shape: readonly number[], strides: readonly number[]): Tensor {
  x.assertAlive('strided');
  return new Tensor(x.storage, shape, strides, x.offset);
}

/** x zero-padded to [N, C, Hp, Wp] as a contiguous tensor (extra rows/cols at the end for ceil-mode overhang). */
function padTo(x: Tensor, ph: number, pw: number, Hp: number, Wp: number): Tensor {
  const [, , H, W] = x.shape as Quad;
  const padded = ph || pw || Hp > H + ph || Wp > W + pw ? pad(x, [pw, Wp - W - pw, ph, Hp - H - ph]) : x;
  return contiguous(padded);
}

/** The receptive fields of every output pixel as a strided view [N, G, Cg, kh, kw, Ho, Wo] of the padded input. */
function windows(xp: Tensor, G: number, kh: number, kw: number, Ho: number, Wo: number, s: Conv2dSpec): Tensor {
  const [N, C, Hp, Wp] = xp.shape as Quad;
  const [sh, sw] = s.stride, [dh, dw] = s.dilation, P = Hp * Wp, Cg = C / G;
  return strided(xp, [N, G, Cg, kh, kw, Ho, Wo], [C * P, Cg * P, P, dh * Wp, dw, sh * Wp, sw]);
}

function convGeometry(x: readonly number[], w: readonly number[], s: Conv2dSpec) {
  const [N, C, H, W] = x as Quad;
  const [O, Cg, kh, kw] = w as Quad;
  const [sh, sw] = s.stride, [ph, pw] = s.padding, [dh, dw] = s.dilation;
  const Ho = Math.floor((H + 2 * ph - dh * (kh - 1) - 1) / sh) + 1;
  const Wo = Math.floor((W + 2 * pw - dw * (kw - 1) - 1) / sw) + 1;
  const G = s.groups;
  return { N, C, H, W, O, Cg, kh, kw, Ho, Wo, G, Og: O / G, R: Cg * kh * kw, L: Ho * Wo, Hp: H + 2 * ph, Wp: W + 2 * pw };
}

function int32(table: Int32Array, shape: readonly number[], like: Tensor): Tensor {
  return fromTypedArray(table, shape, { dtype: 'int32', device: like.device });
}

export const composite = {
  /** im2col (a strided copy of the padded input) followed by one batched matmul per group. */
  conv2d(x: Tensor, w: Tensor, s: Conv2dSpec): Tensor {
    return compose(() => {
      const g = convGeometry(x.shape, w.shape, s);
      const xp = padTo(x, s.padding[0], s.padding[1], g.Hp, g.Wp);
      const cols = contiguous(windows(xp, g.G, g.kh, g.kw, g.Ho, g.Wo, s)).reshape([g.N, g.G, g.R, g.L]);
      const y = matmul(w.reshape([1, g.G, g.Og, g.R]), cols);
      return y.reshape([g.N, g.O, g.Ho, g.Wo]);
    });
  },

  /** Columns Wᵀ·δ, folded back onto the (padded) input with scatterAdd (col2im), then cropped. */
  conv2dBackwardInput(dy: Tensor, w: Tensor, s: Conv2dSpec & { xShape: readonly number[] }): Tensor {
    return compose(() => {
      const g = convGeometry(s.xShape, w.shape, s);
      const [N, , Ho, Wo] = dy.shape as Quad;
      const L = Ho * Wo, RL = g.R * L;
      const dcols = matmul(w.reshape([1, g.G, g.Og, g.R]).transpose(-1, -2), dy.reshape([N, g.G, g.Og, L]));
      const index = int32(convPositions(g.Cg, g.kh, g.kw, Ho, Wo, g.Hp, g.Wp, s), [1, 1, RL], dy).expand([N, g.G, RL]);
      const zeros = full([N, g.G, g.Cg * g.Hp * g.Wp], 0, { dtype: dy.dtype, device: dy.device });
      const dxp = scatterAdd(zeros, 2, index, dcols.reshape([N, g.G, RL])).reshape([N, g.C, g.Hp, g.Wp]);
      const [ph, pw] = s.padding;
      return contiguous(dxp.slice([null, null, { start: ph, end: ph + g.H }, { start: pw, end: pw + g.W }]));
    });
  },

  /** dW_g = δ_g [Og, N·L] · cols_gᵀ [N·L, R]: the whole batch in one product per group. */
  conv2dBackwardWeight(x: Tensor, dy: Tensor, s: Conv2dSpec & { wShape: readonly number[] }): Tensor {
    return compose(() => {
      const g = convGeometry(x.shape, s.wShape, s);
      const xp = padTo(x, s.padding[0], s.padding[1], g.Hp, g.Wp);
      // windows as [G, N, Ho, Wo, Cg, kh, kw]: the rows of colsᵀ come out contiguous
      const win = windows(xp, g.G, g.kh, g.kw, g.Ho, g.Wo, s).permute([1, 0, 5, 6, 2, 3, 4]);
      const colsT = contiguous(win).reshape([g.G, g.N * g.L, g.R]);
      const dyg = dy.reshape([g.N, g.G, g.Og, g.L]).permute([1, 2, 0, 3]).reshape([g.G, g.Og, g.N * g.L]);
      return matmul(dyg, colsT).reshape(s.wShape);
    });
  },

  /**
   * Every window gathered as a row of the plane (out-of-bounds slots repeat the window's first valid
   * pixel, so they never win), argmax picks the first maximum, and a lookup turns it into an H·W index.
   */
  maxPool2d(x: Tensor, s: Pool2dSpec): Tensor[] {
    return compose(() => {
      const [N, C, H, W] = x.shape as Quad;
      const [Ho, Wo] = s.outShape, P = N * C, L = Ho * Wo, K = s.kernel[0] * s.kernel[1];
      const { table, empty } = maxPoolTable(H, W, s);
      const planes = contiguous(x).reshape([P, H * W]);
      const slots = int32(table, [1, L, K], x);
      const vals = gather(planes, 1, slots.reshape([1, L * K]).expand([P, L * K])).reshape([P, L, K]);
      const best = argmax(vals, 2, true);
      let out = gather(vals, 2, best).reshape([N, C, Ho, Wo]);
      let indices = gather(slots.expand([P, L, K]), 2, best).reshape([N, C, Ho, Wo]);
      if (empty) {
        // a window wholly in the padding: -inf and index -1, as the CPU kernel reports it
        const mask = fromTypedArray(empty, [Ho, Wo], { dtype: 'bool', device: x.device });
        out = where(mask, -Infinity, out);
        indices = where(mask, -1, indices);
      }
      return [out, indices];
    });
  },

  /** Sum of a strided window view of the zero-padded input, divided by each window's divisor. */
  avgPool2d(x: Tensor, s: Pool2dSpec): Tensor {
    return compose(() => {
      const [N, C, H, W] = x.shape as Quad;
      const [Ho, Wo] = s.outShape, [kh, kw] = s.kernel, [sh, sw] = s.stride, [ph, pw] = s.padding;
      const Hp = Math.max(H + 2 * ph, (Ho - 1) * sh + kh), Wp = Math.max(W + 2 * pw, (Wo - 1) * sw + kw);
      const xp = padTo(x, ph, pw, Hp, Wp);
      const win = strided(xp, [N, C, Ho, Wo, kh, kw], [C * Hp * Wp, Hp * Wp, sh * Wp, sw, Wp, 1]);
      return div(sum(win, [4, 5]), divisor(s, H, W, x));
    });
  },

  /** Source rows gathered, weighted, and scatter-added at their target rows (message passing). */
  spmm(x: Tensor, w: Tensor, row: Tensor, col: Tensor, rows: number): Tensor {
    return compose(() => {
      const [E, H, C] = [row.shape[0]!, x.shape[1]!, x.shape[2]!];
      const perEntry = (index: Tensor) => index.reshape([E, 1, 1]).expand([E, H, C]);
      const messages = mul(gather(x, 0, perEntry(col)), w.reshape([E, H, 1]));
      return scatterAdd(full([rows, H, C], 0, { dtype: x.dtype, device: x.device }), 0, perEntry(row), messages);
    });
  },

  /** Products of the rows of a and b each entry pairs, summed over the last dim. */
  sddmm(a: Tensor, b: Tensor, row: Tensor, col: Tensor): Tensor {
    return compose(() => {
      const [E, H, C] = [row.shape[0]!, a.shape[1]!, a.shape[2]!];
      const perEntry = (index: Tensor) => index.reshape([E, 1, 1]).expand([E, H, C]);
      return sum(mul(gather(a, 0, perEntry(row)), gather(b, 0, perEntry(col))), [2]);
    });
  },

  /** e^{x - max} normalized along `dim`; log-softmax as x - max - log Σ e^{x - max} (a finite shift). */
  softmax(x: Tensor, dim: number, log: boolean): Tensor {
    return compose(() => {
      const m = max(x, dim, true);
      if (!log) {
        const e = exp(sub(x, m));
        return div(e, sum(e, dim, true));
      }
      const shift = where(isfinite(m), m, 0);
      const z = sub(x, shift);
      return sub(z, ln(sum(exp(z), dim, true)));
    });
  },

  /** δ / divisor spread over each window (scatterAdd onto the padded plane), then cropped. */
  avgPool2dBackward(dy: Tensor, s: Pool2dSpec & { xShape: readonly number[] }): Tensor {
    return compose(() => {
      const [N, C, H, W] = s.xShape as Quad;
      const [Ho, Wo] = s.outShape, [kh, kw] = s.kernel, [sh, sw] = s.stride, [ph, pw] = s.padding;
      const Hp = Math.max(H + 2 * ph, (Ho - 1) * sh + kh), Wp = Math.max(W + 2 * pw, (Wo - 1) * sw + kw);
      const P = N * C, L = Ho * Wo, K = kh * kw;
      const share = div(dy, divisor(s, H, W, dy)).reshape([P, L, 1]).expand([P, L, K]).reshape([P, L * K]);
      const index = int32(poolPositions(Ho, Wo, s, Wp), [1, L * K], dy).expand([P, L * K]);
      const zeros = full([P, Hp * Wp], 0, { dtype: dy.dtype, device: dy.device });
      const dxp = scatterAdd(zeros, 1, index, share).reshape([N, C, Hp, Wp]);
      return contiguous(dxp.slice([null, null, { start: ph, end: ph + H }, { start: pw, end: pw + W }]));
    });
  },
};

function divisor(s: Pool2dSpec, H: number, W: number, like: Tensor): Tensor | number {
  if (s.divisorOverride !== undefined) return s.divisorOverride;
  const dtype = like.dtype === 'float64' ? 'float64' : 'float32';
  return fromTypedArray(avgPoolDivisors(H, W, s, dtype), s.outShape, { dtype, device: like.device });
}
