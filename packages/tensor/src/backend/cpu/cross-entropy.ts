import type { View } from '../contract';
import { arrayFor, type TypedArray } from '../../dtype';
import { ValueError } from '../../errors';
import { dense } from './strided';

/**
 * Softmax cross-entropy of logits [N, C] against int32 targets [N], loss and gradient in one pass over
 * each row (see the `softmaxCrossEntropy` primitive): the row's maximum, Σ exp(x − max) in float64,
 * then loss = log Σ + max − x[t] and grad = exp(x − max)/Σ − onehot(t). Rows whose target is
 * `ignoreIndex` get loss 0 and gradient 0; another target outside [0, C) throws.
 */
export function softmaxCrossEntropy(logits: View<TypedArray>, target: View<TypedArray>, ignoreIndex: number): { loss: TypedArray; grad: TypedArray } {
  const [N, C] = logits.shape as [number, number];
  const x = dense(logits), t = dense(target);
  const loss = arrayFor(logits.dtype, N), grad = arrayFor(logits.dtype, N * C);
  for (let n = 0; n < N; n++) {
    const k = t[n]!, row = n * C;
    if (k === ignoreIndex) continue; // zero loss, zero gradient (fresh arrays are zero)
    if (!(k >= 0 && k < C)) throw new ValueError(`crossEntropy: target ${k} at row ${n} is out of range for ${C} classes (ignoreIndex ${ignoreIndex})`);
    let max = -Infinity;
    for (let c = 0; c < C; c++) if (x[row + c]! > max) max = x[row + c]!;
    // all logits −∞ (or +∞): PyTorch gives NaN; so does max − max here
    let sum = 0;
    for (let c = 0; c < C; c++) sum += Math.exp(x[row + c]! - max);
    const inv = 1 / sum;
    for (let c = 0; c < C; c++) grad[row + c] = Math.exp(x[row + c]! - max) * inv;
    grad[row + k] = grad[row + k]! - 1;
    loss[n] = Math.log(sum) + max - x[row + k]!;
  }
  return { loss, grad };
}
