import type { View } from '../contract';
import type { TypedArray } from '../../dtype';
import { numel } from '../../shape';
import { outputF32 } from '../buffer-pool';
import { rowOrder } from '../cpu/csr';
import { normalizeSegments32, shiftBySegmentMax32 } from '../cpu/segment-softmax';
import { dense } from '../cpu/strided';
import { MIN_ELEMENTS, PARALLEL_ELEMENTS } from './elementwise';
import type { Runtime } from './runtime';
import { runTask, threadsAvailable } from './threads';

const TASK_EXP = 17;

/**
 * Float32 segment softmax with its exponentials on four lanes at a time (wat/sparse.wat's $seg_exp4,
 * about 1 ulp from Math.exp): the per-segment max subtracted and the normalizing sums as in the
 * TypeScript kernel, the exp of every element in between as one task split between threads (each
 * element's value does not depend on the split). Null when it does not apply (the TypeScript kernel
 * then runs, and reports bad ids).
 */
export function wasmSegmentSoftmax(rt: Runtime, src: View<TypedArray>, ids: View<TypedArray>, count: number, threads: number): TypedArray | null {
  const n = numel(src.shape);
  if (src.dtype !== 'float32' || n < MIN_ELEMENTS) return null;
  const order = rowOrder(ids, count);
  if (!order) return null;
  const W = n / src.shape[0]!;
  const heap = rt.heap;
  heap.reset();
  const at = heap.alloc(4 * n);
  if (at === null) return null;
  shiftBySegmentMax32(dense(src) as Float32Array, heap.f32.subarray(at >> 2, (at >> 2) + n), order, W);
  const t = n >= PARALLEL_ELEMENTS ? threadsAvailable(rt, threads) : 1;
  const perPart = 4 * Math.ceil(n / (4 * (t > 1 ? 4 * t : 1)));
  const desc = heap.words([TASK_EXP, n, at, perPart]);
  if (desc === null) return null;
  runTask(rt, desc, Math.ceil(n / perPart), t);
  const out = outputF32(n);
  normalizeSegments32(heap.f32.subarray(at >> 2, (at >> 2) + n), out, order, W);
  return out;
}
