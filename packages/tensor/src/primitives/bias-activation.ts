import type { Tensor } from '../tensor';
import { tidy } from '../memory';
import { isGradEnabled, noGrad } from '../autograd/mode';
import type { BiasActivation } from './params';
import { fromBuffer } from './dispatch';

/**
 * The shape the unfused layers give their bias before the add: [C] when it runs along the last axis
 * (Linear adds its bias as it is), else [1, …, C, …, 1] at x's rank (conv2d's [1, O, 1, 1]). The rule
 * sums the gradient back through this shape, so the fused layer's bias gradient has the pair's bits.
 */
export function biasShape(rank: number, axis: number, channels: number): number[] {
  if (axis === rank - 1) return [channels];
  return Array.from({ length: rank }, (_, i) => (i === axis ? channels : 1));
}

/**
 * `biasActivation` composed: x + bias, then relu. The backend kernel does it in one pass over x
 * (with the same bits: a float32 add, then `v < 0 ? 0 : v`).
 */
export const biasActivationComposite = (x: Tensor, bias: Tensor, axis: number, activation: BiasActivation): Tensor =>
  noGrad(() => tidy(() => {
    const z = x.add(bias.reshape(biasShape(x.rank, axis, bias.shape[0]!)));
    return activation === 'relu' ? z.relu() : z;
  }));

/**
 * [dx, dbias] of relu(x + bias) from its output y in one backend pass, where the backend has one and
 * the backward pass is not itself recorded (dbias has no tape of its own); null otherwise, and the rule
 * composes reluBackward and a sum, which this matches bit for bit.
 */
export function biasReluGrad(g: Tensor, y: Tensor, axis: number): [Tensor, Tensor] | null {
  const be = y.device.backend;
  if (isGradEnabled() || !be.biasReluBackward) return null;
  const r = be.biasReluBackward(g.viewFor('biasActivation'), y.viewFor('biasActivation'), axis);
  if (!r) return null;
  return [fromBuffer(y, r.dx, y.dtype, y.shape), fromBuffer(y, r.dbias, y.dtype, [y.shape[axis]!])];
}
