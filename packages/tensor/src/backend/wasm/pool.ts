import type { Pool2dSpec, View } from '../contract';
import type { TypedArray } from '../../dtype';
import { denseAddress } from './operand';
import type { Runtime } from './runtime';
import { runTask, threadsForWork } from './threads';

const TASK_MAX = 4, TASK_AVG = 5, TASK_AVG_BWD = 6;
/** Window reads below which pooling stays on the calling thread. */
const PARALLEL_READS = 1 << 18;

/** The 19-word pool descriptor of wat/pool.wat, and how many parts of whole planes it has. */
function descriptor(rt: Runtime, kind: number, shape: readonly number[], s: Pool2dSpec, src: number, dst: number, third: number, threads: number): { desc: number | null; parts: number; t: number } {
  const [N, C, H, W] = shape as [number, number, number, number];
  const [Ho, Wo] = s.outShape, [kh, kw] = s.kernel;
  const planes = N * C;
  const reads = planes * Ho * Wo * kh * kw;
  const t = threadsForWork(rt, threads, reads, PARALLEL_READS);
  const per = Math.max(1, Math.ceil(planes / (t > 1 ? 4 * t : 1)));
  const desc = rt.heap.words([
    kind, planes, H, W, Ho, Wo, kh, kw, s.stride[0], s.stride[1], s.padding[0], s.padding[1], s.dilation[0], s.dilation[1],
    src, dst, third, per, Math.trunc(s.divisorOverride ?? 0),
  ]);
  return { desc, parts: Math.ceil(planes / per), t };
}

/** 0: the override, 1: count the padding (PyTorch's default), 2: only pixels inside the input. */
const divisorMode = (s: Pool2dSpec): number => (s.divisorOverride !== undefined ? 0 : s.countIncludePad ?? true ? 1 : 2);

/** Whether the kernels can take this spec (an integer divisor override, as PyTorch requires). */
export const poolSupported = (s: Pool2dSpec): boolean => s.divisorOverride === undefined || Number.isInteger(s.divisorOverride);

export function wasmMaxPool2d(rt: Runtime, xv: View<TypedArray>, s: Pool2dSpec, threads: number): { out: Float32Array; indices: Int32Array } | null {
  const [N, C] = xv.shape as [number, number];
  const size = N * C * s.outShape[0] * s.outShape[1];
  if (size === 0) return { out: new Float32Array(0), indices: new Int32Array(0) };
  const heap = rt.heap;
  heap.reset();
  const x = denseAddress(heap, xv), out = heap.output(4 * size), idx = heap.output(4 * size);
  if (x === null || out === null || idx === null) return null;
  const { desc, parts, t } = descriptor(rt, TASK_MAX, xv.shape, s, x, out, idx, threads);
  if (desc === null) return null;
  runTask(rt, desc, parts, t);
  return { out: heap.takeF32(out, size), indices: heap.takeI32(idx, size) };
}

export function wasmAvgPool2d(rt: Runtime, xv: View<TypedArray>, s: Pool2dSpec, threads: number): Float32Array | null {
  const [N, C] = xv.shape as [number, number];
  const size = N * C * s.outShape[0] * s.outShape[1];
  if (size === 0) return new Float32Array(0);
  const heap = rt.heap;
  heap.reset();
  const x = denseAddress(heap, xv), out = heap.output(4 * size);
  if (x === null || out === null) return null;
  const { desc, parts, t } = descriptor(rt, TASK_AVG, xv.shape, s, x, out, divisorMode(s), threads);
  if (desc === null) return null;
  runTask(rt, desc, parts, t);
  return heap.takeF32(out, size);
}

export function wasmAvgPool2dBackward(rt: Runtime, dyv: View<TypedArray>, s: Pool2dSpec, xShape: readonly number[], threads: number): Float32Array | null {
  const [N, C, H, W] = xShape as [number, number, number, number];
  const size = N * C * H * W;
  if (size === 0 || dyv.shape.reduce((p, d) => p * d, 1) === 0) return new Float32Array(size);
  const heap = rt.heap;
  heap.reset();
  const dy = denseAddress(heap, dyv), dx = heap.output(4 * size);
  if (dy === null || dx === null) return null;
  // backward reads the descriptor's input slot as dx (written) and its output slot as dy
  const { desc, parts, t } = descriptor(rt, TASK_AVG_BWD, xShape, s, dx, dy, divisorMode(s), threads);
  if (desc === null) return null;
  runTask(rt, desc, parts, t);
  return heap.takeF32(dx, size);
}
