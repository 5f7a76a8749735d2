import { apply } from '../autograd/engine';
import { DTypeError, ShapeError, ValueError, fmtShape } from '../errors';
import type { BiasActivation } from '../primitives/params';
import type { Tensor } from '../tensor';

export type { BiasActivation } from '../primitives/params';

export interface BiasActivationOptions {
  /** The axis of x the bias runs along (negative counts from the end). Default 1 (channels of [N, C, …]). */
  axis?: number;
  /** 'relu' or 'none'. Default 'relu'. */
  activation?: BiasActivation;
}

/**
 * A layer's epilogue in one op: act(x + bias) with bias [C] along `axis` of x and act relu or the
 * identity. It gives exactly the bits of the add then the relu (and their gradients), in one pass
 * over x where the backend has a kernel.
 */
export function biasActivation(x: Tensor, bias: Tensor, opts: BiasActivationOptions = {}): Tensor {
  const op = 'biasActivation';
  const activation = opts.activation ?? 'relu';
  const axis = (opts.axis ?? 1) < 0 ? x.rank + opts.axis! : opts.axis ?? 1;
  if (activation !== 'relu' && activation !== 'none') throw new ValueError(`${op}: activation must be 'relu' or 'none', got ${String(activation)}`);
  if (!Number.isInteger(axis) || axis < 0 || axis >= x.rank) throw new ValueError(`${op}: axis ${opts.axis} is out of range for input ${fmtShape(x.shape)}`);
  if (bias.rank !== 1 || bias.shape[0] !== x.shape[axis]) {
    throw new ShapeError(`${op}: expected bias [${x.shape[axis]}] for axis ${axis} of input ${fmtShape(x.shape)}, got ${fmtShape(bias.shape)}`);
  }
  if (bias.dtype !== x.dtype) throw new DTypeError(`${op}: bias is ${bias.dtype}, input is ${x.dtype}`);
  return apply('biasActivation', [x, bias], { axis, activation });
}
