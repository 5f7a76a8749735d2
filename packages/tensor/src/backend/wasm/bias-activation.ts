import type { View } from '../contract';
import type { TypedArray } from '../../dtype';
import { numel } from '../../shape';
import { denseAddress } from './operand';
import type { Runtime } from './runtime';
import { runTask, threadsAvailable } from './threads';
import { MIN_ELEMENTS, PARALLEL_ELEMENTS } from './elementwise';

const TASK_BIAS_ACT = 23;

/**
 * A layer's epilogue act(x + bias) in one WebAssembly pass (wat/epilogue.wat) over the layer's output
 * where it lies (a conv or matmul result), instead of a broadcast add and a relu. Null for other
 * dtypes, small tensors, or when the memory is exhausted (the TypeScript kernel then runs, same bits).
 */
export function wasmBiasActivation(rt: Runtime, xv: View<TypedArray>, bv: View<TypedArray>, axis: number, relu: boolean, threads: number): TypedArray | null {
  const n = numel(xv.shape);
  if (xv.dtype !== 'float32' || bv.dtype !== 'float32' || n < MIN_ELEMENTS) return null;
  const C = xv.shape[axis]!, inner = numel(xv.shape.slice(axis + 1));
  const vector = inner === 1;
  const rows = vector ? n / C : n / inner, len = vector ? C : inner;
  const heap = rt.heap;
  heap.reset();
  const x = denseAddress(heap, xv), b = denseAddress(heap, bv), out = heap.output(4 * n);
  if (x === null || b === null || out === null) return null;
  const t = n >= PARALLEL_ELEMENTS ? threadsAvailable(rt, threads) : 1;
  const perPart = Math.ceil(rows / (t > 1 ? 4 * t : 1));
  const desc = heap.words([TASK_BIAS_ACT, rows, len, C, x, b, out, perPart, relu ? 1 : 0, vector ? 1 : 0]);
  if (desc === null) return null;
  runTask(rt, desc, Math.ceil(rows / perPart), t);
  return heap.takeF32(out, n);
}
