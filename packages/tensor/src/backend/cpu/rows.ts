import type { View } from '../contract';
import { arrayFor, type TypedArray } from '../../dtype';
import { ValueError } from '../../errors';
import { isContiguous, numel } from '../../shape';
import { denseCopy, stridedIndices } from './strided';

type CpuView = View<TypedArray>;

/**
 * Whole-row gather and scatter-add along dim 0: `x[index]` and `out.index_add_(0, index, src)`, the
 * shapes of graph message passing, embeddings and their gradients. The frontend expresses them as a
 * gather / scatter-add whose index is a 1-D index broadcast over the trailing dims (stride 0 there),
 * so one index element picks a whole row. The generic kernels materialize an [E, F] index and an
 * [E, F] position table; these read the index once per row and copy or add F contiguous elements.
 * Results are the generic kernels' bit for bit: a copy is a copy, and every output element receives
 * its additions in the same order (increasing source row).
 */

/** Where row i's index lives (`offset + i·step`) when `index` is one index per row, else null. */
function rowIndex(index: CpuView, dim: number, shape: readonly number[]): { offset: number; step: number } | null {
  const r = index.shape.length;
  if (dim !== 0 || r === 0 || shape.length !== r || index.dtype !== 'int32') return null;
  for (let d = 1; d < r; d++) {
    if (index.shape[d] !== shape[d] || (index.shape[d] !== 1 && index.strides[d] !== 0)) return null;
  }
  return { offset: index.offset, step: index.strides[0]! };
}

/** Offsets of a row's elements from the row start, or null when they are contiguous (offset f). */
function rowLayout(v: CpuView): Int32Array | null {
  const shape = v.shape.slice(1), strides = v.strides.slice(1);
  return isContiguous(shape, strides) ? null : stridedIndices(shape, strides, 0);
}

/** Rows `index` of x, or null when the call is not a whole-row gather along dim 0. */
export function gatherRows(x: CpuView, dim: number, index: CpuView): TypedArray | null {
  const at = rowIndex(index, dim, x.shape);
  if (!at) return null;
  const layout = rowLayout(x);
  const rows = index.shape[0]!;
  const width = numel(x.shape.slice(1));
  const size = x.shape[0]!;
  const out = arrayFor(x.dtype, rows * width);
  const idx = index.buffer, src = x.buffer, rowStep = x.strides[0]!;
  for (let i = 0, o = 0; i < rows; i++, o += width) {
    const raw = idx[at.offset + i * at.step]!;
    const j = raw < 0 ? raw + size : raw;
    if (j < 0 || j >= size) throw new ValueError(`gather: index ${raw} is out of range for dim ${dim} of size ${size}`);
    const from = x.offset + j * rowStep;
    if (layout) for (let f = 0; f < width; f++) out[o + f] = src[from + layout[f]!]!;
    else if (width >= 256) out.set(src.subarray(from, from + width), o);
    else for (let f = 0; f < width; f++) out[o + f] = src[from + f]!;
  }
  return out;
}

/** out = base (or zeros) with src row i added into row index[i], or null when not a whole-row scatter-add along dim 0. */
export function scatterAddRows(
  shape: readonly number[], dim: number, index: CpuView, src: CpuView, baseView?: CpuView,
): TypedArray | null {
  const at = rowIndex(index, dim, shape);
  if (!at) return null;
  const dtype = src.dtype;
  const out = baseView ? denseCopy(baseView, dtype) : arrayFor(dtype, numel(shape));
  const rows = index.shape[0]!;
  const width = numel(shape.slice(1));
  const size = shape[0]!;
  const layout = rowLayout(src);
  const vals = src.buffer, srcStep = src.strides[0]!;
  const idx = index.buffer;
  for (let i = 0; i < rows; i++) {
    const raw = idx[at.offset + i * at.step]!;
    const j = raw < 0 ? raw + size : raw;
    if (j < 0 || j >= size) throw new ValueError(`scatterAdd: index ${raw} is out of range for dim ${dim} of size ${size}`);
    const o = j * width, s = src.offset + i * srcStep;
    if (layout) for (let f = 0; f < width; f++) out[o + f] += vals[s + layout[f]!]!;
    else for (let f = 0; f < width; f++) out[o + f] += vals[s + f]!;
  }
  return out;
}
