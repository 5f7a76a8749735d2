import type { Tensor } from '../tensor';
import { tidy } from '../memory';
import { noGrad } from '../autograd/mode';
import type { BiasActivation } from './params';

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
