import type { Tensor } from '../tensor';
import { tidy } from '../memory';
import { noGrad } from '../autograd/mode';

/**
 * relu's gradient as one primitive, `reluBackward` [dy, x] → dy·[x ≰ 0] (PyTorch's threshold_backward:
 * the gradient passes where the input is not ≤ 0, so NaN inputs pass it on too). Composed, it is four
 * ops (compare, not, cast, multiply) over the activation; a backend kernel does it in one pass.
 */
export const reluBackwardComposite = (dy: Tensor, x: Tensor): Tensor =>
  noGrad(() => tidy(() => dy.mul(x.le(0).logicalNot().cast(dy.dtype))));
