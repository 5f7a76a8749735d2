import type { View } from '../contract';
import type { TypedArray } from '../../dtype';
import { contiguousStrides, isContiguous, numel } from '../../shape';
import { dense } from '../cpu/strided';
import type { Heap } from './heap';
import { wasmRuntime } from './runtime';

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
  const gathered = gatherResident(heap, v);
  if (gathered !== undefined) return gathered === null ? null : { addr: gathered, strides, offset: 0 };
  const addr = heap.put(dense(v));
  return addr === null ? null : { addr, strides, offset: 0 };
}

/** wat/gather.wat's export. */
interface Gather {
  gather_f32(src: number, d0: number, d1: number, s0: number, s1: number, dst: number): void;
}

/**
 * A strided float32 view of a resident array (a transposed gradient, a permuted result) copied into
 * scratch, row-major, by the kernels: the scratch address, null when out of memory, undefined where
 * this does not apply (the host gathers then).
 */
function gatherResident(heap: Heap, v: View<TypedArray>): number | null | undefined {
  const rt = wasmRuntime();
  const at = v.dtype === 'float32' && rt?.heap === heap ? heap.residentAt(v.buffer) : null;
  const merged = at === null ? null : collapse(v.shape, v.strides);
  if (!rt || at === null || !merged) return undefined;
  const dst = heap.alloc(4 * Math.max(numel(v.shape), 1));
  if (dst === null) return null;
  (rt.kernels as unknown as Gather).gather_f32(at + 4 * v.offset, merged.dims[0], merged.dims[1], merged.strides[0], merged.strides[1], dst);
  return dst;
}

/** Merges a group of dims walked contiguously into at most two (outer, inner), or null. */
export function collapse(shape: readonly number[], strides: readonly number[]): { dims: [number, number]; strides: [number, number] } | null {
  const dims: number[] = [], st: number[] = [];
  for (let d = 0; d < shape.length; d++) {
    if (shape[d] === 1) continue;
    const last = dims.length - 1;
    if (last >= 0 && st[last] === strides[d]! * shape[d]!) {
      dims[last]! *= shape[d]!;
      st[last] = strides[d]!;
    } else {
      dims.push(shape[d]!);
      st.push(strides[d]!);
    }
  }
  if (dims.length > 2) return null;
  while (dims.length < 2) {
    dims.unshift(1);
    st.unshift(0);
  }
  return { dims: dims as [number, number], strides: st as [number, number] };
}

/** Byte address of the first element of a view's row-major copy (see placeDense); null when out of memory. */
export function denseAddress(heap: Heap, v: View<TypedArray>): number | null {
  const p = placeDense(heap, v);
  return p && p.addr + v.buffer.BYTES_PER_ELEMENT * p.offset;
}

/** Bytes rounded up to a cache line. */
export const lines = (bytes: number): number => Math.ceil(bytes / 64) * 64;
