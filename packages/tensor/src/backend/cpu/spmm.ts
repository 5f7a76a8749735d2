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
  const E = row.shape[0]!;
  const src = dense(x), w = dense(weight, x.dtype), r = dense(row), c = dense(col);
  const out = arrayFor(x.dtype, rows * H * C);
  const f32 = x.dtype === 'float32';
  const width = H * C;
  for (let k = 0; k < E; k++) {
    const i = wrap(r[k]!, rows, 'row'), j = wrap(c[k]!, N, 'col');
    for (let h = 0; h < H; h++) {
      const wk = w[k * H + h]!;
      const o = i * width + h * C, s = j * width + h * C;
      if (f32) for (let f = 0; f < C; f++) out[o + f] += Math.fround(wk * src[s + f]!);
      else for (let f = 0; f < C; f++) out[o + f] += wk * src[s + f]!;
    }
  }
  return out;
}

function wrap(raw: number, size: number, what: string): number {
  const j = raw < 0 ? raw + size : raw;
  if (j < 0 || j >= size) throw new ValueError(`spmm: ${what} index ${raw} is out of range for size ${size}`);
  return j;
}
