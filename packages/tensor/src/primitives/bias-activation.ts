import type { Tensor } from '../tensor';
import { tidy } from '../memory';
import { isGradEnabled, noGrad } from '../autograd/mode';
import { unbroadcast } from '../autograd/unbroadcast';
import type { Activation } from './params';
import { fromBuffer } from './dispatch';

/** bias [C] shaped to broadcast against x along `axis`: [1, …, C, …, 1]. */
export const biasShape = (x: Tensor, axis: number): number[] => x.shape.map((d, i) => (i === axis ? d : 1));

/**
 * The `biasActivation` primitive op by op: the add, then the activation, the same ops (so the same
 * bits) as a layer that adds its bias and a separate activation module.
 */
export const biasActivationComposite = (x: Tensor, bias: Tensor, axis: number, activation: Activation): Tensor =>
  noGrad(() => tidy(() => {
    const pre = x.add(bias.reshape(biasShape(x, axis)));
    return activation === 'identity' ? pre : pre[activation]();
  }));

/**
 * Gradients of y = act(x + bias) from the output y alone (x + bias is never stored): the activation's
 * rule as the unfused op applies it (relu through the reluBackward primitive, passed in by the rules table, whose test y ≤ 0 holds exactly where
 * x + bias ≤ 0), then the bias's share summed as the add's rule sums it.
 */
export function biasActivationGrad(
  g: Tensor, x: Tensor, bias: Tensor, y: Tensor, axis: number, activation: Activation, needs: readonly boolean[],
  reluBackward: (g: Tensor, y: Tensor) => Tensor,
): (Tensor | null)[] {
  const fused = activation === 'relu' && needs[0] && needs[1] ? biasReluGrad(g, y, axis) : null;
  if (fused) return fused;
  let gPre: Tensor;
  if (activation === 'relu') gPre = reluBackward(g, y);
  else if (activation === 'sigmoid') gPre = g.mul(y.mul(y.rsub(1)));
  else if (activation === 'tanh') gPre = g.mul(y.square().rsub(1));
  else gPre = g;
  return [needs[0] ? gPre : null, needs[1] ? unbroadcast(gPre, biasShape(x, axis)).reshape(bias.shape) : null];
}

/**
 * [dx, dbias] of relu(x + bias) from its output y in one backend pass (relu's gradient and the bias's
 * sum while each row is in cache), where the backend has one and the backward pass is not itself
 * recorded (dbias would have no tape); null otherwise. It gives the bits of the rule's reluBackward and
 * sum (see the backend's `biasReluBackward`).
 */
function biasReluGrad(g: Tensor, y: Tensor, axis: number): [Tensor, Tensor] | null {
  const be = y.device.backend;
  if (isGradEnabled() || !be.biasReluBackward) return null;
  const r = be.biasReluBackward(g.viewFor('biasActivation'), y.viewFor('biasActivation'), axis);
  if (!r) return null;
  return [fromBuffer(y, r.dx, y.dtype, y.shape), fromBuffer(y, r.dbias, y.dtype, [y.shape[axis]!])];
}
