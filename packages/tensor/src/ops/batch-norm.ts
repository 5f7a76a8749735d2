import { ShapeError, fmtShape } from '../errors';
import { applyAll } from '../autograd/engine';
import type { Tensor } from '../tensor';

/**
 * Training-mode batch normalization in one kernel: for x [N, C, …] with weight and bias [C],
 * y = (x − mean)/√(var + eps)·weight + bias, mean and var (biased) taken per channel over every other
 * axis. Returns y with the batch statistics (for running averages; they carry no gradient).
 * Differentiable in x, weight and bias; the gradient is one kernel too.
 */
export function batchNormTrain(x: Tensor, weight: Tensor, bias: Tensor, eps = 1e-5): { y: Tensor; mean: Tensor; variance: Tensor } {
  const C = x.shape[1];
  const ok = (t: Tensor) => t.rank === 1 && t.shape[0] === C;
  if (x.rank < 2 || !ok(weight) || !ok(bias)) {
    throw new ShapeError(`batchNormTrain: expected x [N, C, …], weight [C] and bias [C], got ${fmtShape(x.shape)}, ${fmtShape(weight.shape)} and ${fmtShape(bias.shape)}`);
  }
  const [y, mean, variance] = applyAll('batchNorm', [x, weight, bias], { eps });
  return { y: y!, mean: mean!, variance: variance! };
}
