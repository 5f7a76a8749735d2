import type { View } from '../contract';
import { arrayFor, type TypedArray } from '../../dtype';
import { ValueError } from '../../errors';
import { numel } from '../../shape';
import { indexArray, rowOrder, type RowOrder } from './csr';
import { dense } from './strided';

type CpuView = View<TypedArray>;

/** The rows of each segment in increasing row order (cached by the ids' buffer, see csr.ts). */
function segmentsOf(ids: CpuView, count: number): RowOrder {
  const order = rowOrder(ids, count);
  if (order) return order;
  const raw = indexArray(ids) ?? dense(ids);
  const bad = Array.from(raw).find((s) => !(s >= 0 && s < count));
  throw new ValueError(`segmentSoftmax: segment id ${bad} is outside [0, ${count})`);
}

/**
 * Softmax within segments, one segment at a time through its rows: the max (the first NaN wins, as
 * the max reduction's), exp(x − max), the sum in increasing row order, then each exp divided by
 * sum + 1e-16. Float32 values are rounded after every step as the composite's separate ops round them,
 * so both give the same bits.
 */
export function segmentSoftmax(src: CpuView, ids: CpuView, count: number): TypedArray {
  const E = src.shape[0]!, W = E === 0 ? 0 : numel(src.shape) / E;
  const { starts, entry } = segmentsOf(ids, count);
  const x = dense(src);
  const out = arrayFor(src.dtype, E * W);
  const round = src.dtype === 'float32' ? Math.fround : (v: number) => v;
  const eps = round(1e-16);
  for (let s = 0; s < count; s++) {
    const p0 = starts[s]!, p1 = starts[s + 1]!;
    for (let w = 0; w < W; w++) {
      let m = -Infinity;
      for (let p = p0; p < p1; p++) {
        const v = x[entry[p]! * W + w]!;
        if (v > m || v !== v) { m = v; if (v !== v) break; }
      }
      let sum = 0;
      for (let p = p0; p < p1; p++) {
        const at = entry[p]! * W + w;
        const e = round(Math.exp(round(x[at]! - m)));
        out[at] = e;
        sum = round(sum + e);
      }
      const denom = round(sum + eps);
      for (let p = p0; p < p1; p++) {
        const at = entry[p]! * W + w;
        out[at] = out[at]! / denom;
      }
    }
  }
  return out;
}

/** dx = y ⊙ (g − Σ_segment g ⊙ y), the dot product summed in float64 in increasing row order. */
export function segmentSoftmaxBackward(yv: CpuView, gv: CpuView, ids: CpuView, count: number): TypedArray {
  const E = yv.shape[0]!, W = E === 0 ? 0 : numel(yv.shape) / E;
  const { starts, entry } = segmentsOf(ids, count);
  const y = dense(yv), g = dense(gv, yv.dtype);
  const out = arrayFor(yv.dtype, E * W);
  for (let s = 0; s < count; s++) {
    const p0 = starts[s]!, p1 = starts[s + 1]!;
    for (let w = 0; w < W; w++) {
      let dot = 0;
      for (let p = p0; p < p1; p++) {
        const at = entry[p]! * W + w;
        dot += g[at]! * y[at]!;
      }
      for (let p = p0; p < p1; p++) {
        const at = entry[p]! * W + w;
        out[at] = y[at]! * (g[at]! - dot);
      }
    }
  }
  return out;
}
