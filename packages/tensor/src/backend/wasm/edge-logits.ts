import type { View } from '../contract';
import type { TypedArray } from '../../dtype';
import { numel } from '../../shape';
import { indexArray } from '../cpu/csr';
import { MIN_ELEMENTS, PARALLEL_ELEMENTS } from './elementwise';
import { denseAddress } from './operand';
import type { Runtime } from './runtime';
import { runTask, threadsAvailable } from './threads';

const TASK_EDGE_LOGITS = 19, TASK_EDGE_LOGITS_BWD = 20;

interface Placed { desc: number; E: number; W: number; N: number; R: number }

/** Copies the operands in and writes the descriptor; null when the kernel does not apply or an index is out of range. */
function place(rt: Runtime, kind: number, src: View<TypedArray>, dst: View<TypedArray>, row: View<TypedArray>, col: View<TypedArray>,
  last: View<TypedArray> | null, slope: number, threads: number): (Placed & { t: number }) | null {
  const r = indexArray(row), c = indexArray(col);
  if (src.dtype !== 'float32' || dst.dtype !== 'float32' || !r || !c || (last && last.dtype !== 'float32')) return null;
  const N = src.shape[0]!, R = dst.shape[0]!, E = r.length;
  const W = numel(src.shape.slice(1));
  if (E * W < MIN_ELEMENTS) return null;
  for (let k = 0; k < E; k++) if (!(r[k]! >= 0 && r[k]! < R && c[k]! >= 0 && c[k]! < N)) return null;
  const heap = rt.heap;
  heap.reset();
  const s = denseAddress(heap, src), d = denseAddress(heap, dst), rs = heap.put(r), cs = heap.put(c);
  // forward: the output; gradient: g, and the two zeroed sums
  const o = last ? denseAddress(heap, last) : heap.output(4 * E * W);
  const ds = last ? heap.output(4 * N * W) : 0, dd = last ? heap.output(4 * R * W) : 0;
  if (s === null || d === null || rs === null || cs === null || o === null || ds === null || dd === null) return null;
  if (last) { rt.kernels.zero(ds, 4 * N * W); rt.kernels.zero(dd, 4 * R * W); }
  // the gradient adds into shared rows in entry order: one part
  const t = !last && E * W >= PARALLEL_ELEMENTS ? threadsAvailable(rt, threads) : 1;
  const perPart = last ? E : Math.max(1, Math.ceil(E / (t > 1 ? 8 * t : 1)));
  const slopeBits = new Int32Array(Float32Array.of(slope).buffer)[0]!;
  const desc = heap.words([kind, E, W, rs, cs, s, d, o, slopeBits, perPart, ds, dd]);
  if (desc === null) return null;
  runTask(rt, desc, Math.ceil(E / perPart) || 0, t);
  return { desc, E, W, N, R, t };
}

/** out [E, …] = LeakyReLU(src[col[k]] + dst[row[k]]), four values at a time, entries split between threads; the TypeScript kernel's bits. */
export function wasmEdgeLogits(rt: Runtime, src: View<TypedArray>, dst: View<TypedArray>, row: View<TypedArray>, col: View<TypedArray>, slope: number, threads: number): TypedArray | null {
  const p = place(rt, TASK_EDGE_LOGITS, src, dst, row, col, null, slope, threads);
  return p && rt.heap.takeF32(rt.heap.i32[(p.desc >> 2) + 7]!, p.E * p.W);
}

/** [dsrc, ddst] of the edge logits for g [E, …], added in entry order (one thread); the TypeScript kernel's bits. */
export function wasmEdgeLogitsBackward(rt: Runtime, src: View<TypedArray>, dst: View<TypedArray>, row: View<TypedArray>, col: View<TypedArray>, g: View<TypedArray>, slope: number): TypedArray[] | null {
  const p = place(rt, TASK_EDGE_LOGITS_BWD, src, dst, row, col, g, slope, 1);
  if (!p) return null;
  const w = rt.heap.i32;
  return [rt.heap.takeF32(w[(p.desc >> 2) + 10]!, p.N * p.W), rt.heap.takeF32(w[(p.desc >> 2) + 11]!, p.R * p.W)];
}
