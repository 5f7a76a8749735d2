import type { View } from '../contract';
import { arrayFor, type TypedArray } from '../../dtype';
import { dense } from './strided';

/**
 * act(x + bias) with bias along `axis` (see the `biasActivation` primitive): x as [outer, C, inner],
 * one add per element, then relu as the unary op computes it (`v < 0 ? 0 : v`), so the pair's bits.
 */
export function biasActivation(xv: View<TypedArray>, bv: View<TypedArray>, axis: number, relu: boolean): TypedArray {
  const x = dense(xv), b = dense(bv);
  const C = xv.shape[axis]!;
  const inner = xv.shape.slice(axis + 1).reduce((p, d) => p * d, 1);
  const out = arrayFor(xv.dtype, x.length);
  for (let i = 0, row = 0; i < x.length; row++) {
    const bias = b[row % C]!;
    // the sum is rounded to the dtype on the store, then relu reads the stored value
    for (const end = i + inner; i < end; i++) {
      out[i] = x[i]! + bias;
      if (relu && out[i]! < 0) out[i] = 0;
    }
  }
  return out;
}
