import { Tensor, type TensorLike } from '@dnn/tensor';
import type { Input } from '../run-case';

/** Input i as a tensor (fixtures and tables are written together, so a mismatch is a table bug). */
export function t(inputs: Input[], i: number): Tensor {
  const x = inputs[i];
  if (!(x instanceof Tensor)) throw new Error(`input ${i} is not a tensor`);
  return x;
}

/** Input i as a tensor or a plain number/boolean. */
export function like(inputs: Input[], i: number): TensorLike {
  const x = inputs[i];
  if (x === null || x === undefined) throw new Error(`input ${i} is missing`);
  return x;
}

/** Input i as a tensor, or null where the fixture leaves it out (an optional bias). */
export function optional(inputs: Input[], i: number): Tensor | null {
  const x = inputs[i];
  return x instanceof Tensor ? x : null;
}

export const tensors = (inputs: Input[]): Tensor[] => inputs.map((_, i) => t(inputs, i));
