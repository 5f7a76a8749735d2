import type { Tensor } from '../tensor';
import { tidy } from '../memory';
import { isGradEnabled, noGrad } from '../autograd/mode';
import { fromBuffer } from './dispatch';

/**
 * The fused training-mode batch normalization's composite form (for a backend without the kernel) and
 * its gradient. Over every axis but 1 (M elements per channel), with x̂ = (x − mean)·invstd and
 * invstd = (var + eps)^−½: y = x̂·weight + bias; dbias = Σ g, dweight = Σ g·x̂ and
 * dx = weight·invstd·(g − dbias/M − x̂·dweight/M).
 */

const compose = <T>(fn: () => T): T => noGrad(() => tidy(fn));
const axesOf = (x: Tensor): number[] => [...x.shape.keys()].filter((d) => d !== 1);
const perChannel = (x: Tensor): number[] => x.shape.map((d, i) => (i === 1 ? d : 1));

function statistics(x: Tensor): { mean: Tensor; variance: Tensor } {
  const axes = axesOf(x);
  const mean = x.mean(axes, true);
  return { mean, variance: x.sub(mean).square().mean(axes, true) };
}

export function batchNormComposite(x: Tensor, weight: Tensor, bias: Tensor, eps: number): Tensor[] {
  return compose(() => {
    const { mean, variance } = statistics(x);
    const shape = perChannel(x);
    const y = x.sub(mean).mul(variance.add(eps).rsqrt()).mul(weight.reshape(shape)).add(bias.reshape(shape));
    return [y, mean.reshape([-1]), variance.reshape([-1])];
  });
}

/**
 * [dx, dweight, dbias] for the gradient g of y: one backend kernel when it has one and the backward pass
 * is not itself recorded; else tensor ops, with the statistics recomputed from x so that their
 * dependence on x is on the tape (higher-order gradients).
 */
export function batchNormGrad(g: Tensor, x: Tensor, weight: Tensor, mean: Tensor, variance: Tensor, eps: number, needs: readonly boolean[]): (Tensor | null)[] {
  const be = x.device.backend;
  if (!isGradEnabled() && be.batchNormBackward) {
    const [dx, dw, db] = be.batchNormBackward(g.viewFor('batchNorm'), x.viewFor('batchNorm'), mean.viewFor('batchNorm'),
      variance.viewFor('batchNorm'), weight.viewFor('batchNorm'), eps);
    const C = weight.shape;
    return [fromBuffer(x, dx, x.dtype, x.shape), fromBuffer(x, dw, x.dtype, C), fromBuffer(x, db, x.dtype, C)];
  }
  const axes = axesOf(x), shape = perChannel(x), M = x.size / Math.max(x.shape[1]!, 1);
  const stats = isGradEnabled() ? statistics(x) : { mean: mean.reshape(shape), variance: variance.reshape(shape) };
  const invstd = stats.variance.add(eps).rsqrt();
  const xhat = x.sub(stats.mean).mul(invstd);
  const db = g.sum(axes);
  const dw = g.mul(xhat).sum(axes);
  const dx = needs[0]
    ? g.sub(db.reshape(shape).div(M)).sub(xhat.mul(dw.reshape(shape).div(M))).mul(invstd.mul(weight.reshape(shape)))
    : null;
  return [dx, needs[1] ? dw : null, needs[2] ? db : null];
}
