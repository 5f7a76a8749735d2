import type { Tensor } from '../tensor';
import { tidy } from '../memory';
import { isGradEnabled, noGrad } from '../autograd/mode';
import { where } from '../ops/elementwise';
import { logSoftmax } from '../ops/reduce';

/**
 * The fused softmax cross-entropy's composite form (for a backend without the kernel) and its
 * gradient. For logits x [N, C] and int32 targets t [N]: loss[n] = logsumexp(x[n]) − x[n, t[n]] and,
 * from the same pass, its gradient with respect to x[n], softmax(x[n]) − onehot(t[n]); a row whose
 * target is `ignoreIndex` has loss 0 and gradient 0.
 */

const compose = <T>(fn: () => T): T => noGrad(() => tidy(fn));

/** [loss [N], softmax − onehot [N, C]] as tensor ops. */
function lossAndGrad(x: Tensor, t: Tensor, ignoreIndex: number): [Tensor, Tensor] {
  const keep = t.ne(ignoreIndex);
  const safe = where(keep, t, 0);
  const logp = logSoftmax(x, 1);
  const loss = where(keep, logp.gather(1, safe.unsqueeze(1)).squeeze(1).neg(), 0);
  const onehot = x.zerosLike().scatterAdd(1, safe.unsqueeze(1), x.onesLike().narrow(1, 0, 1));
  const grad = where(keep.unsqueeze(1), logp.exp().sub(onehot), 0);
  return [loss, grad];
}

export const crossEntropyComposite = (x: Tensor, t: Tensor, ignoreIndex: number): Tensor[] =>
  compose(() => lossAndGrad(x, t, ignoreIndex));

/**
 * d loss / d x = (softmax − onehot)·g[n]: the forward's second output, scaled. When the backward pass
 * is itself recorded (higher-order gradients), the softmax is recomputed with tensor ops instead, so
 * that its dependence on x is on the tape.
 */
export function crossEntropyGrad(g: Tensor, x: Tensor, t: Tensor, ignoreIndex: number, saved: Tensor): Tensor {
  const unit = isGradEnabled() ? lossAndGrad(x, t, ignoreIndex)[1] : saved;
  return unit.mul(g.unsqueeze(1));
}
