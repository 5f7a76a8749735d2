import type { View } from '../contract';
import { numel, isContiguous } from '../../shape';
import { arrayFor, type DType, type TypedArray } from '../../dtype';

/** Flat buffer positions of every element of a strided view, in row-major order. */
export function stridedIndices(shape: readonly number[], strides: readonly number[], offset: number): Int32Array {
  const n = numel(shape);
  const out = new Int32Array(n);
  const rank = shape.length;
  if (n === 0) return out;
  if (rank === 0) {
    out[0] = offset;
    return out;
  }
  const inner = shape[rank - 1]!;
  const innerStride = strides[rank - 1]!;
  const counter = new Array<number>(rank).fill(0);
  let base = offset;
  let k = 0;
  const outer = n / inner;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) out[k++] = base + j * innerStride;
    for (let d = rank - 2; d >= 0; d--) {
      counter[d]!++;
      base += strides[d]!;
      if (counter[d]! < shape[d]!) break;
      base -= strides[d]! * shape[d]!;
      counter[d] = 0;
    }
  }
  return out;
}

export function viewIsDense<B>(v: View<B>): boolean {
  return isContiguous(v.shape, v.strides);
}

/** The view's elements as a dense array of `dtype` (the buffer itself when already dense and typed so). */
export function dense(v: View<TypedArray>, dtype: DType = v.dtype): TypedArray {
  const n = numel(v.shape);
  const src = v.buffer;
  if (viewIsDense(v)) {
    if (dtype === v.dtype && v.offset === 0 && src.length === n) return src;
    if (dtype === v.dtype) return src.slice(v.offset, v.offset + n);
    const out = arrayFor(dtype, n);
    // to bool, any non-zero (NaN included) is true: a plain Uint8Array store would wrap 0.5 to 0 and -1 to 255
    if (dtype === 'bool') for (let i = 0; i < n; i++) out[i] = src[v.offset + i] !== 0 ? 1 : 0;
    else for (let i = 0; i < n; i++) out[i] = src[v.offset + i]!;
    return out;
  }
  const rank = v.shape.length, inner = v.shape[rank - 1]!;
  if (dtype === v.dtype && rank > 0 && (v.strides[rank - 1] === 1 || v.strides[rank - 1] === 0) && inner >= 16) return denseRows(v, inner);
  const idx = stridedIndices(v.shape, v.strides, v.offset);
  const out = arrayFor(dtype, n);
  if (dtype === 'bool' && v.dtype !== 'bool') for (let i = 0; i < n; i++) out[i] = src[idx[i]!] !== 0 ? 1 : 0;
  else for (let i = 0; i < n; i++) out[i] = src[idx[i]!]!;
  return out;
}

/** `dense` of a view whose rows (last dim) are contiguous, or broadcast (stride 0): one block copy or fill per row. */
function denseRows(v: View<TypedArray>, inner: number): TypedArray {
  const rank = v.shape.length;
  const starts = stridedIndices(v.shape.slice(0, rank - 1), v.strides.slice(0, rank - 1), v.offset);
  const out = arrayFor(v.dtype, starts.length * inner);
  const src = v.buffer;
  if (v.strides[rank - 1] === 0) for (let r = 0; r < starts.length; r++) out.fill(src[starts[r]!]!, r * inner, (r + 1) * inner);
  else for (let r = 0; r < starts.length; r++) out.set(src.subarray(starts[r]!, starts[r]! + inner), r * inner);
  return out;
}

/** Like `dense` but never returns the input buffer itself, so the result may be written. */
export function denseCopy(v: View<TypedArray>, dtype: DType = v.dtype): TypedArray {
  const d = dense(v, dtype);
  return d === v.buffer ? d.slice() : d;
}
