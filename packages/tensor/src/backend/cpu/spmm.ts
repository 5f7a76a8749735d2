import type { View } from '../contract';
import { arrayFor, type TypedArray } from '../../dtype';
import { ValueError } from '../../errors';
import { dense } from './strided';

type CpuView = View<TypedArray>;

/**
 * out[row[k], h, :] += weight[k, h] · x[col[k], h, :] for k in increasing order: gather, weight and
 * scatter-add in one pass, without the [E, H, C] message tensor. The additions into each output
 * element come in the composite's order and float32 products are rounded before they are added, as
 * the composite's separate multiply rounds them, so both give the same bits.
 */
export function spmm(x: CpuView, weight: CpuView, row: CpuView, col: CpuView, rows: number): TypedArray {
  const [N, H, C] = x.shape as [number, number, number];
  const entries: Entries = { r: dense(row) as Int32Array, c: dense(col) as Int32Array, rows, N, H, C };
  const out = arrayFor(x.dtype, rows * H * C);
  // one loop per float type, so that each sees one array type (monomorphic element access)
  if (x.dtype === 'float32') accumulate32(out as Float32Array, dense(x) as Float32Array, dense(weight, 'float32') as Float32Array, entries);
  else accumulate64(out as Float64Array, dense(x, 'float64') as Float64Array, dense(weight, 'float64') as Float64Array, entries);
  return out;
}

interface Entries { r: Int32Array; c: Int32Array; rows: number; N: number; H: number; C: number }

function accumulate32(out: Float32Array, src: Float32Array, w: Float32Array, { r, c, rows, N, H, C }: Entries): void {
  const width = H * C;
  for (let k = 0; k < r.length; k++) {
    const i = wrap(r[k]!, rows, 'row'), j = wrap(c[k]!, N, 'col');
    for (let h = 0; h < H; h++) {
      const wk = w[k * H + h]!;
      const o = i * width + h * C, s = j * width + h * C;
      for (let f = 0; f < C; f++) out[o + f] += Math.fround(wk * src[s + f]!);
    }
  }
}

function accumulate64(out: Float64Array, src: Float64Array, w: Float64Array, { r, c, rows, N, H, C }: Entries): void {
  const width = H * C;
  for (let k = 0; k < r.length; k++) {
    const i = wrap(r[k]!, rows, 'row'), j = wrap(c[k]!, N, 'col');
    for (let h = 0; h < H; h++) {
      const wk = w[k * H + h]!;
      const o = i * width + h * C, s = j * width + h * C;
      for (let f = 0; f < C; f++) out[o + f] += wk * src[s + f]!;
    }
  }
}

function wrap(raw: number, size: number, what: string): number {
  const j = raw < 0 ? raw + size : raw;
  if (j < 0 || j >= size) throw new ValueError(`spmm: ${what} index ${raw} is out of range for size ${size}`);
  return j;
}

/**
 * out[k, h] = Σ_c a[row[k], h, c] · b[col[k], h, c] ([E, H]) without the two [E, H, C] gathers. Float32
 * products are rounded, then summed in float64 in increasing c, as the composite's multiply and sum
 * do, so both give the same bits.
 */
export function sddmm(a: CpuView, b: CpuView, row: CpuView, col: CpuView): TypedArray {
  const [R, H, C] = a.shape as [number, number, number];
  const N = b.shape[0]!;
  const r = dense(row) as Int32Array, c = dense(col) as Int32Array;
  const E = r.length;
  const out = arrayFor(a.dtype, E * H);
  const single = a.dtype === 'float32';
  const A = dense(a, a.dtype), B = dense(b, a.dtype);
  const width = H * C;
  for (let k = 0; k < E; k++) {
    const i = wrap(r[k]!, R, 'row'), j = wrap(c[k]!, N, 'col');
    for (let h = 0; h < H; h++) {
      const pa = i * width + h * C, pb = j * width + h * C;
      let acc = 0;
      if (single) for (let f = 0; f < C; f++) acc += Math.fround(A[pa + f]! * B[pb + f]!);
      else for (let f = 0; f < C; f++) acc += A[pa + f]! * B[pb + f]!;
      out[k * H + h] = acc;
    }
  }
  return out;
}
