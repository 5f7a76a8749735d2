import type { View } from '../contract';
import type { TypedArray } from '../../dtype';
import { contiguousStrides, isContiguous, numel } from '../../shape';
import { dense } from '../cpu/strided';
import type { Heap } from './heap';

/** A view in the heap: element at multi-index i lives at addr + size·(offset + Σ i_d·strides_d). */
export interface Placed {
  readonly addr: number;
  readonly strides: readonly number[];
  readonly offset: number;
}

/**
 * A view as the kernels read it, keeping its strides so transposed, flipped and broadcast operands
 * need no dense copy (the GEMM packing reads any strides): a recent result is read where it already
 * is; otherwise the stretch of the buffer the view reaches is copied in, or the view made dense when
 * it reaches much more than it holds (a small slice of a big buffer). Null when out of memory.
 */
export function placeStrided(heap: Heap, v: View<TypedArray>): Placed | null {
  const at = heap.residentAt(v.buffer);
  if (at !== null) return { addr: at, strides: v.strides, offset: v.offset };
  const n = numel(v.shape);
  let lo = v.offset, hi = v.offset;
  for (let d = 0; d < v.shape.length; d++) {
    const reach = v.strides[d]! * (v.shape[d]! - 1);
    if (reach < 0) lo += reach;
    else hi += reach;
  }
  if (n > 0 && hi - lo + 1 <= 2 * n + 4096) {
    const addr = heap.put(v.buffer.subarray(lo, hi + 1));
    return addr === null ? null : { addr, strides: v.strides, offset: v.offset - lo };
  }
  return placeDense(heap, v);
}

/** The view's elements in row-major order. */
export function placeDense(heap: Heap, v: View<TypedArray>): Placed | null {
  const strides = contiguousStrides(v.shape);
  if (isContiguous(v.shape, v.strides)) {
    const at = heap.residentAt(v.buffer);
    if (at !== null) return { addr: at, strides, offset: v.offset };
  }
  const addr = heap.put(dense(v));
  return addr === null ? null : { addr, strides, offset: 0 };
}

/** Byte address of the first element of a view's row-major copy (see placeDense); null when out of memory. */
export function denseAddress(heap: Heap, v: View<TypedArray>): number | null {
  const p = placeDense(heap, v);
  return p && p.addr + v.buffer.BYTES_PER_ELEMENT * p.offset;
}

/** Bytes rounded up to a cache line. */
export const lines = (bytes: number): number => Math.ceil(bytes / 64) * 64;
