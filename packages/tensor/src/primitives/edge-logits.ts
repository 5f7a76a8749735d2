import type { Tensor } from '../tensor';
import { tidy } from '../memory';
import { isGradEnabled, noGrad } from '../autograd/mode';
import { add, gt, mul, where } from '../ops/elementwise';
import { indexSelect, segmentSum } from '../ops/movement';
import { fromBuffer } from './dispatch';

/**
 * The edge logits' composite form (for a backend without the kernel) and their gradient: one backend
 * kernel when the backend has it and the gradient itself is not being recorded, else tensor ops, so
 * that higher-order gradients still work.
 */

const compose = <T>(fn: () => T): T => noGrad(() => tidy(fn));

/** z = src[col] + dst[row] and leakyRelu(z) = z > 0 ? z : slope · z. */
export function edgeLogitsComposite(src: Tensor, dst: Tensor, row: Tensor, col: Tensor, slope: number): Tensor {
  return compose(() => {
    const z = add(indexSelect(src, 0, col), indexSelect(dst, 0, row));
    return where(gt(z, 0), z, mul(z, slope));
  });
}

/** [dsrc, ddst]: the gradient g through the LeakyReLU, summed at each entry's column and row. */
export function edgeLogitsGrad(g: Tensor, src: Tensor, dst: Tensor, row: Tensor, col: Tensor, slope: number): [Tensor, Tensor] {
  const be = src.device.backend;
  if (!isGradEnabled() && be.edgeLogitsBackward) {
    const [ds, dd] = be.edgeLogitsBackward(src.viewFor('edgeLogits'), dst.viewFor('edgeLogits'), row.viewFor('edgeLogits'), col.viewFor('edgeLogits'), g.viewFor('edgeLogits'), slope);
    return [fromBuffer(src, ds, src.dtype, src.shape), fromBuffer(src, dd, src.dtype, dst.shape)];
  }
  const z = add(indexSelect(src, 0, col), indexSelect(dst, 0, row));
  const dz = where(gt(z, 0), g, mul(g, slope));
  return [segmentSum(dz, col, src.shape[0]!), segmentSum(dz, row, dst.shape[0]!)];
}
