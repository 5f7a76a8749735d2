import type { Activation, View } from '../contract';
import { arrayFor, type TypedArray } from '../../dtype';
import { numel } from '../../shape';
import { binaryLoop, unaryLoop } from './elementwise';
import { dense } from './strided';

/**
 * act(x + bias) element by element (see the `biasActivation` primitive), bias already broadcast to x's
 * shape: the add's loop, then the activation's loop in place over its result, so the composite's bits.
 */
export function biasActivation(x: View<TypedArray>, bias: View<TypedArray>, activation: Activation): TypedArray {
  const out = arrayFor(x.dtype, numel(x.shape));
  binaryLoop('add', dense(x), dense(bias), out);
  if (activation !== 'identity') unaryLoop(activation, out, out);
  return out;
}
