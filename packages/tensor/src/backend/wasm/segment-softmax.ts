import type { View } from '../contract';
import type { TypedArray } from '../../dtype';
import { numel } from '../../shape';
import { rowOrder } from '../cpu/csr';
import { MIN_ELEMENTS, PARALLEL_ELEMENTS } from './elementwise';
import { denseAddress } from './operand';
import type { Runtime } from './runtime';
import { runTask, threadsAvailable } from './threads';

const TASK_SEG_SOFTMAX = 21, TASK_SEG_SOFTMAX_BWD = 22;

/**
 * Float32 segment softmax and its gradient over the rows grouped by segment (cpu/csr.ts), four
 * columns at a time, segments split between threads (each segment's sums in row order whichever thread
 * runs it). The exponentials are wat/sparse.wat's $seg_exp4, about 1 ulp from Math.exp, so the values
 * are the TypeScript kernel's within rounding, not its bits. Null when it does not apply (the TypeScript
 * kernel then runs, and reports bad ids).
 */
function run(rt: Runtime, kind: number, x: View<TypedArray>, g: View<TypedArray> | null, ids: View<TypedArray>, count: number, threads: number): TypedArray | null {
  const n = numel(x.shape);
  if (x.dtype !== 'float32' || (g && g.dtype !== 'float32') || n < MIN_ELEMENTS) return null;
  const order = rowOrder(ids, count);
  if (!order) return null;
  const W = n / x.shape[0]!;
  const heap = rt.heap;
  heap.reset();
  const xs = denseAddress(heap, x), gs = g ? denseAddress(heap, g) : 0;
  const starts = heap.put(order.starts), entry = heap.put(order.entry);
  const out = heap.output(4 * n);
  if (xs === null || gs === null || starts === null || entry === null || out === null) return null;
  const t = n >= PARALLEL_ELEMENTS ? threadsAvailable(rt, threads) : 1;
  const perPart = Math.max(1, Math.ceil(count / (t > 1 ? 8 * t : 1)));
  const desc = heap.words([kind, count, W, starts, entry, xs, out, perPart, gs]);
  if (desc === null) return null;
  runTask(rt, desc, Math.ceil(count / perPart), t);
  return heap.takeF32(out, n);
}

export function wasmSegmentSoftmax(rt: Runtime, src: View<TypedArray>, ids: View<TypedArray>, count: number, threads: number): TypedArray | null {
  return run(rt, TASK_SEG_SOFTMAX, src, null, ids, count, threads);
}

export function wasmSegmentSoftmaxBackward(rt: Runtime, y: View<TypedArray>, g: View<TypedArray>, ids: View<TypedArray>, count: number, threads: number): TypedArray | null {
  return run(rt, TASK_SEG_SOFTMAX_BWD, y, g, ids, count, threads);
}
