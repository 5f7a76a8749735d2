import type { View } from '../contract';
import { arrayFor, type TypedArray } from '../../dtype';
import { dense } from './strided';

/** dy·[x ≰ 0] element by element (see the `reluBackward` primitive): the composite's product, so its bits. */
export function reluBackward(dy: View<TypedArray>, x: View<TypedArray>): TypedArray {
  const g = dense(dy), v = dense(x);
  const out = arrayFor(dy.dtype, g.length);
  for (let i = 0; i < g.length; i++) out[i] = g[i]! * (v[i]! <= 0 ? 0 : 1);
  return out;
}
