import { DTypeError } from '../errors';
import type { Tensor } from '../tensor';
import type { Primitive } from './params';

/**
 * The primitives that take float16 inputs: casts, views, the products (matmul and the convolution's
 * forward pass, accumulated in float32) and a few element-wise ops. Each computes in float32 and rounds
 * its result to half. Any other primitive given a float16 tensor refuses with a DTypeError instead of
 * computing in a precision nobody checked.
 */
export const FLOAT16_PRIMITIVES: ReadonlySet<Primitive> = new Set<Primitive>([
  'cast', 'reshape', 'permute', 'expand', 'slice', 'flip', 'matmul', 'conv2d', 'add', 'mul', 'relu',
]);

/** Throws when `prim` is given a float16 input it does not take. */
export function checkFloat16(prim: Primitive, inputs: readonly Tensor[]): void {
  if (FLOAT16_PRIMITIVES.has(prim) || !inputs.some((t) => t.dtype === 'float16')) return;
  throw new DTypeError(`${prim}: float16 tensors are not supported by this op (float16 takes ${[...FLOAT16_PRIMITIVES].join(', ')}); ` +
    `cast to float32 first with .cast('float32')`);
}
