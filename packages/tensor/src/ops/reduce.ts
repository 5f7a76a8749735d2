import { apply } from '../autograd/engine';
import { intListArg } from '../args';
import { noGrad } from '../autograd/mode';
import { isFloat } from '../dtype';
import { ShapeError, ValueError } from '../errors';
import { normDim } from '../shape';
import type { Tensor } from '../tensor';
import { cast, exp, log, sub, div, mul, sqrt } from './elementwise';

export type Dims = number | readonly number[] | null | undefined;

/** Sorted unique non-negative axes; undefined/null means every axis. */
export function normAxes(dims: Dims, rank: number, op: string): number[] {
  if (dims === undefined || dims === null) return [...Array(rank).keys()];
  const list = typeof dims === 'number' ? [dims] : intListArg(dims, op, 'dims');
  const axes = [...new Set(list.map((d) => normDim(d, rank, op)))].sort((a, b) => a - b);
  if (axes.length !== list.length) throw new ShapeError(`${op}: repeated dim in ${JSON.stringify(dims)}`);
  return rank === 0 ? [] : axes;
}

export function sum(x: Tensor, dims?: Dims, keepDim = false): Tensor {
  const src = x.dtype === 'bool' ? cast(x, 'int32') : x;
  return apply('sum', [src], { axes: normAxes(dims, x.rank, 'sum'), keepDim });
}
export function prod(x: Tensor, dims?: Dims, keepDim = false): Tensor {
  const src = x.dtype === 'bool' ? cast(x, 'int32') : x;
  return apply('prod', [src], { axes: normAxes(dims, x.rank, 'prod'), keepDim });
}
export function mean(x: Tensor, dims?: Dims, keepDim = false): Tensor {
  const axes = normAxes(dims, x.rank, 'mean');
  const count = axes.reduce((n, a) => n * x.shape[a]!, 1);
  const src = isFloat(x.dtype) ? x : cast(x, 'float32');
  return div(apply('sum', [src], { axes, keepDim }), count);
}
function extreme(op: 'max' | 'min', x: Tensor, dims: Dims, keepDim: boolean): Tensor {
  const axes = normAxes(dims, x.rank, op);
  for (const a of axes) {
    if (x.shape[a] === 0) throw new ValueError(`${op}: cannot reduce over dim ${a} of size 0 (shape [${x.shape}])`);
  }
  return apply(op, [x], { axes, keepDim });
}
/** max over dims (all when omitted); use argmax for positions. */
export const max = (x: Tensor, dims?: Dims, keepDim = false): Tensor => extreme('max', x, dims, keepDim);
export const min = (x: Tensor, dims?: Dims, keepDim = false): Tensor => extreme('min', x, dims, keepDim);
export const any = (x: Tensor, dims?: Dims, keepDim = false): Tensor =>
  apply('any', [x], { axes: normAxes(dims, x.rank, 'any'), keepDim });
export const all = (x: Tensor, dims?: Dims, keepDim = false): Tensor =>
  apply('all', [x], { axes: normAxes(dims, x.rank, 'all'), keepDim });

function argExtreme(op: 'argmax' | 'argmin', x: Tensor, dim: number | undefined, keepDim: boolean): Tensor {
  if (dim === undefined) return apply(op, [x.reshape([-1])], { axis: 0, keepDim: false });
  const axis = normDim(dim, x.rank, op);
  if (x.rank === 0) return apply(op, [x.reshape([1])], { axis: 0, keepDim: false });
  if (x.shape[axis] === 0) throw new ValueError(`${op}: cannot reduce over dim ${dim} of size 0`);
  return apply(op, [x], { axis, keepDim });
}
export const argmax = (x: Tensor, dim?: number, keepDim = false): Tensor => argExtreme('argmax', x, dim, keepDim);
export const argmin = (x: Tensor, dim?: number, keepDim = false): Tensor => argExtreme('argmin', x, dim, keepDim);

/** Variance with Bessel's correction by default (`correction: 1`, PyTorch's unbiased=True). */
export function variance(x: Tensor, dims?: Dims, opts: { correction?: number; keepDim?: boolean } = {}): Tensor {
  const axes = normAxes(dims, x.rank, 'var');
  const n = axes.reduce((p, a) => p * x.shape[a]!, 1);
  const centered = sub(x, mean(x, axes, true));
  const ss = sum(mul(centered, centered), axes, opts.keepDim ?? false);
  return div(ss, Math.max(0, n - (opts.correction ?? 1)));
}
export const std = (x: Tensor, dims?: Dims, opts: { correction?: number; keepDim?: boolean } = {}): Tensor =>
  sqrt(variance(x, dims, opts));

/** log Σ exp(x), shifted by the max so ±1e4 logits stay finite. */
export function logsumexp(x: Tensor, dims?: Dims, keepDim = false): Tensor {
  const axes = normAxes(dims, x.rank, 'logsumexp');
  // the shift is a constant: taken under noGrad, no tape node (holding saved values) is left behind
  const m = noGrad(() => max(x, axes, true));
  const safeM = m.isfinite().where(m, m.zerosLike());
  const out = log(sum(exp(sub(x, safeM)), axes, true)).add(safeM);
  return keepDim ? out : out.squeeze(axes);
}

/** softmax(x)ᵢ = e^{xᵢ} / Σⱼ e^{xⱼ} along `dim`: the backend's kernel where it has one, else composed. */
export function softmax(x: Tensor, dim = -1): Tensor {
  return softmaxPrimitive(x, normDim(dim, x.rank, 'softmax'), false);
}

/** log softmax(x) = x - log Σ e^{x} along `dim`, without forming softmax (±1e4 logits stay finite). */
export function logSoftmax(x: Tensor, dim = -1): Tensor {
  return softmaxPrimitive(x, normDim(dim, x.rank, 'logSoftmax'), true);
}

function softmaxPrimitive(x: Tensor, dim: number, log: boolean): Tensor {
  const xf = isFloat(x.dtype) ? x : cast(x, 'float32');
  if (xf.rank === 0) return apply('softmax', [xf.reshape([1])], { dim: 0, log }).reshape([]);
  return apply('softmax', [xf], { dim, log });
}
