import { ShapeError, ValueError, fmtShape } from '../errors';
import { apply } from '../autograd/engine';
import type { Activation } from '../primitives/params';
import type { Tensor } from '../tensor';

export type { Activation };

export interface BiasActivationOptions {
  /** The axis of x the bias runs along (default 1, the channels of [N, C, …]; -1 for a linear layer's features). */
  axis?: number;
  /** Applied after the bias (default 'identity'). */
  activation?: Activation;
}

const ACTIVATIONS: readonly Activation[] = ['identity', 'relu', 'sigmoid', 'tanh'];

/**
 * y = act(x + bias), the bias [x.shape[axis]] broadcast along every other axis: a layer's bias and its
 * activation in one pass where the device has the kernel (WebGPU), else op by op, with the same values
 * as `act(x.add(bias…))` either way. Differentiable in x and bias.
 */
export function biasActivation(x: Tensor, bias: Tensor, opts: BiasActivationOptions = {}): Tensor {
  const activation = opts.activation ?? 'identity';
  if (!ACTIVATIONS.includes(activation)) {
    throw new ValueError(`biasActivation: activation must be one of ${ACTIVATIONS.join(', ')}, got '${activation}'`);
  }
  const axisIn = opts.axis ?? 1;
  const axis = axisIn < 0 ? axisIn + x.rank : axisIn;
  if (axis < 0 || axis >= x.rank) throw new ShapeError(`biasActivation: axis ${axisIn} is out of range for x ${fmtShape(x.shape)}`);
  if (bias.rank !== 1 || bias.shape[0] !== x.shape[axis]) {
    throw new ShapeError(`biasActivation: expected bias [${x.shape[axis]}] for axis ${axisIn} of x ${fmtShape(x.shape)}, got ${fmtShape(bias.shape)}`);
  }
  return apply('biasActivation', [x, bias.cast(x.dtype)], { axis, activation });
}
