import type { Tensor } from '../tensor';
import { tidy } from '../memory';
import { isGradEnabled, noGrad } from '../autograd/mode';
import { full } from '../ops/creation';
import { add, div, mul, sub } from '../ops/elementwise';
import { exp } from './elementwise';
import { concat, indexSelect, segmentSum } from '../ops/movement';
import { max } from '../ops/reduce';
import { fromBuffer } from './dispatch';

/**
 * The segment softmax's composite form (for a backend without the kernel) and its gradient: one
 * backend kernel when the backend has it and the gradient itself is not being recorded, else tensor
 * ops, so that higher-order gradients still work.
 */

const compose = <T>(fn: () => T): T => noGrad(() => tidy(fn));

/**
 * exp(src − max_s) / (Σ_s exp(src − max_s) + 1e-16) within each segment s (PyG's `softmax(src, index)`):
 * the per-segment max read through `slots` (each segment's rows, padded with a −∞ row), gathered back
 * to the rows, exp, a segment sum, a division.
 */
export function segmentSoftmaxComposite(src: Tensor, ids: Tensor, slots: Tensor, count: number): Tensor {
  return compose(() => {
    const rest = src.shape.slice(1);
    if (src.shape[0] === 0) return full(src.shape, 0, { dtype: src.dtype, device: src.device });
    const maxSize = slots.shape[0]! / count;
    const padded = concat([src, full([1, ...rest], -Infinity, { dtype: src.dtype, device: src.device })], 0);
    const m = max(indexSelect(padded, 0, slots).reshape([count, maxSize, ...rest]), 1);
    const e = exp(sub(src, indexSelect(m, 0, ids)));
    return div(e, add(indexSelect(segmentSum(e, ids, count), 0, ids), 1e-16));
  });
}

/** dsrc = y ⊙ (g − Σ_s g ⊙ y) for the softmax y of `src` and the gradient g of y. */
export function segmentSoftmaxGrad(g: Tensor, y: Tensor, ids: Tensor, count: number): Tensor {
  const be = y.device.backend;
  if (!isGradEnabled() && be.segmentSoftmaxBackward) {
    return fromBuffer(y, be.segmentSoftmaxBackward(y.viewFor('segmentSoftmax'), g.viewFor('segmentSoftmax'), ids.viewFor('segmentSoftmax'), count), y.dtype, y.shape);
  }
  return mul(y, sub(g, indexSelect(segmentSum(mul(g, y), ids, count), 0, ids)));
}
