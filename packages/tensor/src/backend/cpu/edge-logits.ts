import type { View } from '../contract';
import { arrayFor, type TypedArray } from '../../dtype';
import { ValueError } from '../../errors';
import { numel } from '../../shape';
import { dense } from './strided';

type CpuView = View<TypedArray>;

interface Operands { src: TypedArray; dst: TypedArray; row: Int32Array; col: Int32Array; W: number }

function operands(src: CpuView, dst: CpuView, row: CpuView, col: CpuView): Operands {
  const N = src.shape[0]!, R = dst.shape[0]!;
  const W = N === 0 ? numel(src.shape.slice(1)) : numel(src.shape) / N;
  const r = dense(row) as Int32Array, c = dense(col) as Int32Array;
  for (let k = 0; k < r.length; k++) {
    if (!(c[k]! >= 0 && c[k]! < N)) throw new ValueError(`edgeLogits: col index ${c[k]} is out of range for size ${N}`);
    if (!(r[k]! >= 0 && r[k]! < R)) throw new ValueError(`edgeLogits: row index ${r[k]} is out of range for size ${R}`);
  }
  return { src: dense(src), dst: dense(dst, src.dtype), row: r, col: c, W };
}

/**
 * out[k] = LeakyReLU(src[col[k]] + dst[row[k]]) in one pass over the entries. Float32 sums and slope
 * products are rounded as the composite's separate add and multiply round them: the same bits.
 */
export function edgeLogits(srcV: CpuView, dstV: CpuView, rowV: CpuView, colV: CpuView, slope: number): TypedArray {
  const o = operands(srcV, dstV, rowV, colV);
  const out = arrayFor(srcV.dtype, o.row.length * o.W);
  if (srcV.dtype === 'float32') logits32(o.src as Float32Array, o.dst as Float32Array, o, out as Float32Array, Math.fround(slope));
  else logits64(o.src as Float64Array, o.dst as Float64Array, o, out as Float64Array, slope);
  return out;
}

function logits32(src: Float32Array, dst: Float32Array, { row, col, W }: Operands, out: Float32Array, slope: number): void {
  for (let k = 0, o = 0; k < row.length; k++) {
    const s = col[k]! * W, d = row[k]! * W;
    for (let w = 0; w < W; w++, o++) {
      const z = Math.fround(src[s + w]! + dst[d + w]!);
      out[o] = z > 0 ? z : z * slope;
    }
  }
}

function logits64(src: Float64Array, dst: Float64Array, { row, col, W }: Operands, out: Float64Array, slope: number): void {
  for (let k = 0, o = 0; k < row.length; k++) {
    const s = col[k]! * W, d = row[k]! * W;
    for (let w = 0; w < W; w++, o++) {
      const z = src[s + w]! + dst[d + w]!;
      out[o] = z > 0 ? z : z * slope;
    }
  }
}

/**
 * [dsrc, ddst]: dz = g where z > 0, else g · slope (z recomputed), added at col[k] and at row[k] in
 * increasing k (a segment sum's order): the composite's bits.
 */
export function edgeLogitsBackward(srcV: CpuView, dstV: CpuView, rowV: CpuView, colV: CpuView, gV: CpuView, slope: number): TypedArray[] {
  const o = operands(srcV, dstV, rowV, colV);
  const ds = arrayFor(srcV.dtype, numel(srcV.shape)), dd = arrayFor(srcV.dtype, numel(dstV.shape));
  if (srcV.dtype === 'float32') {
    backward32(o.src as Float32Array, o.dst as Float32Array, dense(gV, 'float32') as Float32Array, o, ds as Float32Array, dd as Float32Array, Math.fround(slope));
  } else {
    backward64(o.src as Float64Array, o.dst as Float64Array, dense(gV, 'float64') as Float64Array, o, ds as Float64Array, dd as Float64Array, slope);
  }
  return [ds, dd];
}

function backward32(src: Float32Array, dst: Float32Array, g: Float32Array, { row, col, W }: Operands, ds: Float32Array, dd: Float32Array, slope: number): void {
  for (let k = 0, o = 0; k < row.length; k++) {
    const s = col[k]! * W, d = row[k]! * W;
    for (let w = 0; w < W; w++, o++) {
      const z = Math.fround(src[s + w]! + dst[d + w]!);
      const dz = z > 0 ? g[o]! : Math.fround(g[o]! * slope);
      ds[s + w] += dz;
      dd[d + w] += dz;
    }
  }
}

function backward64(src: Float64Array, dst: Float64Array, g: Float64Array, { row, col, W }: Operands, ds: Float64Array, dd: Float64Array, slope: number): void {
  for (let k = 0, o = 0; k < row.length; k++) {
    const s = col[k]! * W, d = row[k]! * W;
    for (let w = 0; w < W; w++, o++) {
      const z = src[s + w]! + dst[d + w]!;
      const dz = z > 0 ? g[o]! : g[o]! * slope;
      ds[s + w] += dz;
      dd[d + w] += dz;
    }
  }
}
