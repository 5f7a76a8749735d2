import type { View } from '../contract';
import type { TypedArray } from '../../dtype';
import { numel } from '../../shape';
import { denseAddress } from './operand';
import type { Runtime } from './runtime';
import { runTask, threadsForWork } from './threads';
import { MIN_ELEMENTS, PARALLEL_ELEMENTS } from './elementwise';

const TASK_RELU_BWD = 16;

/**
 * relu's gradient over float32 views in one WebAssembly pass (wat/relu.wat) instead of four element-wise
 * ops; a recent result (the layer's output gradient) is read where it lies. Null for other dtypes, small
 * tensors, or when the memory is exhausted (the TypeScript kernel then runs, with the same bits).
 */
export function wasmReluBackward(rt: Runtime, dy: View<TypedArray>, x: View<TypedArray>, threads: number): TypedArray | null {
  const n = numel(dy.shape);
  if (dy.dtype !== 'float32' || x.dtype !== 'float32' || n < MIN_ELEMENTS) return null;
  const heap = rt.heap;
  heap.reset();
  const g = denseAddress(heap, dy), v = denseAddress(heap, x), out = heap.output(4 * n);
  if (g === null || v === null || out === null) return null;
  const t = threadsForWork(rt, threads, n, PARALLEL_ELEMENTS);
  const perPart = t > 1 ? Math.ceil(n / (4 * t) / 4) * 4 : Math.ceil(n / 4) * 4;
  const desc = heap.words([TASK_RELU_BWD, n, g, v, out, perPart]);
  if (desc === null) return null;
  runTask(rt, desc, Math.ceil(n / perPart), t);
  return heap.takeF32(out, n);
}
