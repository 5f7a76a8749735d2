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
  const order = segmentsOf(ids, count);
  const out = arrayFor(src.dtype, E * W);
  // one loop per float type, so that each sees one array type and rounding (monomorphic)
  if (src.dtype === 'float32') softmax32(dense(src) as Float32Array, out as Float32Array, order, W);
  else softmax64(dense(src, 'float64') as Float64Array, out as Float64Array, order, W);
  return out;
}

function softmax32(x: Float32Array, out: Float32Array, order: RowOrder, W: number): void {
  shiftBySegmentMax32(x, out, order, W);
  for (let i = 0; i < out.length; i++) out[i] = Math.exp(out[i]!);
  normalizeSegments32(out, out, order, W);
}

/**
 * t = x − (the max of x over its segment), per column (the first NaN wins, as the max reduction's).
 * Each segment's rows are walked once per pass with all W columns of a row together (one cache line).
 */
function shiftBySegmentMax32(x: Float32Array, t: Float32Array, { rows: count, starts, entry }: RowOrder, W: number): void {
  const m = new Float64Array(W);
  for (let s = 0; s < count; s++) {
    const p0 = starts[s]!, p1 = starts[s + 1]!;
    m.fill(-Infinity);
    for (let p = p0; p < p1; p++) {
      const base = entry[p]! * W;
      for (let w = 0; w < W; w++) {
        const v = x[base + w]!, mw = m[w]!;
        // NaN wins and stays (a NaN max is never replaced: v > NaN is false, and NaN !== NaN is skipped)
        if (v > mw || (v !== v && mw === mw)) m[w] = v;
      }
    }
    for (let p = p0; p < p1; p++) {
      const base = entry[p]! * W;
      for (let w = 0; w < W; w++) t[base + w] = x[base + w]! - m[w]!;
    }
  }
}

/** out = e / (Σ_segment e + 1e-16), the sum in float32 in increasing row order (a segment sum's order). */
function normalizeSegments32(e: Float32Array, out: Float32Array, { rows: count, starts, entry }: RowOrder, W: number): void {
  const eps = Math.fround(1e-16);
  const sum = new Float32Array(W);
  for (let s = 0; s < count; s++) {
    const p0 = starts[s]!, p1 = starts[s + 1]!;
    sum.fill(0);
    for (let p = p0; p < p1; p++) {
      const base = entry[p]! * W;
      for (let w = 0; w < W; w++) sum[w] += e[base + w]!;
    }
    for (let w = 0; w < W; w++) sum[w] = Math.fround(sum[w]! + eps);
    for (let p = p0; p < p1; p++) {
      const base = entry[p]! * W;
      for (let w = 0; w < W; w++) out[base + w] = e[base + w]! / sum[w]!;
    }
  }
}

function softmax64(x: Float64Array, out: Float64Array, { rows: count, starts, entry }: RowOrder, W: number): void {
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
        const e = Math.exp(x[at]! - m);
        out[at] = e;
        sum += e;
      }
      const denom = sum + 1e-16;
      for (let p = p0; p < p1; p++) {
        const at = entry[p]! * W + w;
        out[at] = out[at]! / denom;
      }
    }
  }
}

/** dx = y ⊙ (g − Σ_segment g ⊙ y), the dot product summed in float64 in increasing row order. */
export function segmentSoftmaxBackward(yv: CpuView, gv: CpuView, ids: CpuView, count: number): TypedArray {
  const E = yv.shape[0]!, W = E === 0 ? 0 : numel(yv.shape) / E;
  const order = segmentsOf(ids, count);
  const out = arrayFor(yv.dtype, E * W);
  if (yv.dtype === 'float32') backward32(dense(yv) as Float32Array, dense(gv, 'float32') as Float32Array, out as Float32Array, order, W);
  else backward64(dense(yv, 'float64') as Float64Array, dense(gv, 'float64') as Float64Array, out as Float64Array, order, W);
  return out;
}

function backward32(y: Float32Array, g: Float32Array, out: Float32Array, { rows: count, starts, entry }: RowOrder, W: number): void {
  const dot = new Float64Array(W);
  for (let s = 0; s < count; s++) {
    const p0 = starts[s]!, p1 = starts[s + 1]!;
    dot.fill(0);
    for (let p = p0; p < p1; p++) {
      const base = entry[p]! * W;
      for (let w = 0; w < W; w++) dot[w] += g[base + w]! * y[base + w]!;
    }
    for (let p = p0; p < p1; p++) {
      const base = entry[p]! * W;
      for (let w = 0; w < W; w++) out[base + w] = y[base + w]! * (g[base + w]! - dot[w]!);
    }
  }
}

function backward64(y: Float64Array, g: Float64Array, out: Float64Array, { rows: count, starts, entry }: RowOrder, W: number): void {
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
}
