import type { View } from '../contract';
import type { TypedArray } from '../../dtype';
import { MIN_ELEMENTS, PARALLEL_ELEMENTS } from './elementwise';
import { denseAddress } from './operand';
import type { Runtime } from './runtime';
import { runTask, threadsAvailable } from './threads';
import { columnsInOrder, indexArray, rowOrder } from '../cpu/csr';

const TASK_SPMM = 17, TASK_SDDMM = 18;

/** Dense float32 [N, H, C] (or [E, H]) operands only; the kernels read them row-major. */
const f32 = (...views: View<TypedArray>[]): boolean => views.every((v) => v.dtype === 'float32');

/**
 * out [rows, H, C] = Σ_k weight[k, h] · x[col[k], h, :] at row[k] (see the `spmm` primitive), on the
 * entries sorted by row: each output row is summed in registers and written once, rows split between
 * threads. The TypeScript kernel's bits. Null when it does not apply (the TypeScript kernel then runs,
 * and reports bad indices).
 */
export function wasmSpmm(
  rt: Runtime, x: View<TypedArray>, weight: View<TypedArray>, row: View<TypedArray>, col: View<TypedArray>, rows: number, threads: number,
): TypedArray | null {
  const [N, H, C] = x.shape as [number, number, number];
  const size = rows * H * C;
  if (!f32(x, weight) || size < MIN_ELEMENTS) return null;
  const order = rowOrder(row, rows);
  const csr = order && columnsInOrder(order, col);
  if (!order || !csr || (csr.cols.length > 0 && (csr.min < 0 || csr.max >= N))) return null;
  const heap = rt.heap;
  heap.reset();
  const xs = denseAddress(heap, x), ws = denseAddress(heap, weight);
  // entries already in row order (a graph sorted by target) need no entry table: 0 tells the kernel
  const starts = heap.put(order.starts), entry = order.inOrder ? 0 : heap.put(order.entry), cols = heap.put(csr.cols);
  const out = heap.output(4 * size);
  if (xs === null || ws === null || starts === null || entry === null || cols === null || out === null) return null;
  const work = csr.cols.length * H * C;
  const t = work >= PARALLEL_ELEMENTS ? threadsAvailable(rt, threads) : 1;
  const perPart = Math.max(1, Math.ceil(rows / (t > 1 ? 8 * t : 1)));
  const desc = heap.words([TASK_SPMM, rows, H, C, starts, entry, cols, xs, ws, out, perPart]);
  if (desc === null) return null;
  runTask(rt, desc, Math.ceil(rows / perPart), t);
  return heap.takeF32(out, size);
}

/**
 * out [E, H] with out[k, h] = Σ_c a[row[k], h, c] · b[col[k], h, c] (see the `sddmm` primitive):
 * float32 products summed in float64, entries split between threads. Null when it does not apply or an
 * index is out of range (the TypeScript kernel then runs and reports it).
 */
export function wasmSddmm(
  rt: Runtime, a: View<TypedArray>, b: View<TypedArray>, row: View<TypedArray>, col: View<TypedArray>, threads: number,
): TypedArray | null {
  const [R, H, C] = a.shape as [number, number, number];
  const N = b.shape[0]!;
  const r = indexArray(row), c = indexArray(col);
  if (!f32(a, b) || !r || !c || r.length * H * C < MIN_ELEMENTS) return null;
  for (let k = 0; k < r.length; k++) if (!(r[k]! >= 0 && r[k]! < R && c[k]! >= 0 && c[k]! < N)) return null;
  const E = r.length;
  const heap = rt.heap;
  heap.reset();
  const as = denseAddress(heap, a), bs = denseAddress(heap, b), rs = heap.put(r), cs = heap.put(c);
  const out = heap.output(4 * E * H);
  if (as === null || bs === null || rs === null || cs === null || out === null) return null;
  const t = E * H * C >= PARALLEL_ELEMENTS ? threadsAvailable(rt, threads) : 1;
  const perPart = Math.max(1, Math.ceil(E / (t > 1 ? 8 * t : 1)));
  const desc = heap.words([TASK_SDDMM, E, H, C, rs, cs, as, bs, out, perPart]);
  if (desc === null) return null;
  runTask(rt, desc, Math.ceil(E / perPart), t);
  return heap.takeF32(out, E * H);
}
