import type { ArgReduceOp, ReduceOp, View } from '../contract';
import type { DType, TypedArray } from '../../dtype';
import { isContiguous, numel } from '../../shape';
import { MIN_ELEMENTS, PARALLEL_ELEMENTS } from './elementwise';
import { collapse, denseAddress, placeStrided } from './operand';
import { isZeros } from '../buffer-pool';
import type { Runtime } from './runtime';
import { runTask, threadsAvailable, threadsForWork } from './threads';

const TASK_SUM = 9, TASK_SCATTER_ADD = 10;
const REDUCE: Partial<Record<ReduceOp | ArgReduceOp, number>> = { sum: 0, max: 1, min: 2, prod: 3, any: 4, all: 5, argmax: 6, argmin: 7 };
/** The result's dtype of each op (float32 input): the others keep float32. */
const OUT_DTYPE: Partial<Record<ReduceOp | ArgReduceOp, DType>> = { any: 'bool', all: 'bool', argmax: 'int32', argmin: 'int32' };

/** wat/colsum.wat's export: column sums of [rows, cols] with row stride rs (floats), in float64. */
interface ColumnSum {
  col_sum(x: number, rows: number, cols: number, rs: number, acc: number, out: number): void;
}

/**
 * Sum (accumulated in float64), max, min, prod, any or all of a float32 view over its trailing `axes`,
 * read through its strides (a permuted view needs no dense copy; prod, any, all and the arg ops take only
 * strided views), with the TypeScript loop's bits but for the sum's order of additions (prod multiplies in float64 in the loop's order; any and all take NaN as
 * false, as the loop's `if (x[i])` does). Null for other ops, dtypes or layouts the kernel does not take.
 */
export function wasmSum(rt: Runtime, op: ReduceOp | ArgReduceOp, x: View<TypedArray>, axes: readonly number[], outDtype: DType, threads: number): TypedArray | null {
  const n = numel(x.shape);
  const code = REDUCE[op];
  if (code === undefined || x.dtype !== 'float32' || outDtype !== (OUT_DTYPE[op] ?? 'float32') || n < MIN_ELEMENTS) return null;
  const k = x.shape.length - axes.length;
  if (axes.some((a, i) => a !== k + i)) return null;
  // a dense view: the TypeScript loop reads it in place as fast (prod's products are serial, any and all
  // stop early), where the kernels would first copy it in; strided views they read without a gather
  if (code >= 3 && isContiguous(x.shape, x.strides)) return null;
  const heap = rt.heap;
  heap.reset();
  const p = placeStrided(heap, x);
  if (!p) return null;
  const kept = collapse(x.shape.slice(0, k), p.strides.slice(0, k));
  const reduced = collapse(x.shape.slice(k), p.strides.slice(k));
  if (!kept || !reduced) return null;
  const outputs = kept.dims[0] * kept.dims[1];
  const t = n >= PARALLEL_ELEMENTS && outputs > 1 ? threadsAvailable(rt, threads) : 1;
  const perPart = Math.ceil(outputs / (t > 1 ? 4 * t : 1));
  if (code >= 6 && reduced.dims[0] !== 1) return null;
  const out = heap.output((outDtype === 'bool' ? 1 : 4) * outputs);
  if (out === null) return null;
  // a sum over the leading rows of contiguous outputs (a bias gradient) reads whole rows instead
  if (op === 'sum' && kept.dims[0] === 1 && kept.strides[1] === 1 && reduced.dims[0] === 1) {
    const acc = heap.alloc(8 * outputs);
    if (acc === null) return null;
    (rt.kernels as unknown as ColumnSum).col_sum(p.addr + 4 * p.offset, reduced.dims[1], outputs, reduced.strides[1], acc, out);
    return heap.takeF32(out, outputs);
  }
  const desc = heap.words([TASK_SUM, code, ...kept.dims, ...kept.strides, ...reduced.dims, ...reduced.strides, p.addr + 4 * p.offset, out, perPart]);
  if (desc === null) return null;
  runTask(rt, desc, Math.ceil(outputs / perPart), t);
  return outDtype === 'bool' ? heap.takeU8(out, outputs) : outDtype === 'int32' ? heap.takeI32(out, outputs) : heap.takeF32(out, outputs);
}

/** argmax or argmin of a float32 view along its last axis (the TypeScript loop's indices); null otherwise. */
export function wasmArgReduce(rt: Runtime, op: ArgReduceOp, x: View<TypedArray>, axis: number, threads: number): TypedArray | null {
  return axis === x.shape.length - 1 ? wasmSum(rt, op, x, [axis], 'int32', threads) : null;
}

/**
 * out = base (or zeros) with src added at out[..., index[..., j]] along the last dim, for dense int32
 * indices and float32 values whose leading dims match the output's. Null when it does not apply or an
 * index is out of range (the TypeScript kernel then reports it).
 */
export function wasmScatterAddLast(
  rt: Runtime, shape: readonly number[], dim: number, index: View<TypedArray>, src: View<TypedArray>, base: View<TypedArray> | undefined, threads: number,
): TypedArray | null {
  const r = shape.length;
  if (dim !== r - 1 || src.dtype !== 'float32' || index.dtype !== 'int32' || (base && base.dtype !== 'float32')) return null;
  const size = numel(shape);
  if (size < MIN_ELEMENTS || index.shape.length !== r || src.shape.length !== r) return null;
  if (index.shape.some((d, i) => d !== src.shape[i] || (i < r - 1 && d !== shape[i]))) return null;
  if (!isContiguous(index.shape, index.strides) || !isContiguous(src.shape, src.strides)) return null;
  if (base && base.shape.some((d, i) => d !== shape[i])) return null;
  const heap = rt.heap;
  heap.reset();
  const idx = denseAddress(heap, index), vals = denseAddress(heap, src);
  // a base of zeros, filled (isZeros) or one zero broadcast (the max-pool and gather gradients'), is no base
  if (base && (isZeros(base.buffer) || isBroadcastZero(base))) base = undefined;
  const from = base ? denseAddress(heap, base) : 0;
  const outAddr = heap.output(4 * size);
  if (idx === null || vals === null || from === null || outAddr === null) return null;
  // the result starts as a copy of the base (a fresh block: the base itself may be a resident result)
  // (without a base each part zeroes its own rows first, on its own thread)
  if (base) heap.f32.copyWithin(outAddr >> 2, from >> 2, (from >> 2) + size);
  const rows = size / shape[r - 1]!;
  const t = threadsForWork(rt, threads, size, PARALLEL_ELEMENTS);
  const perPart = Math.ceil(rows / (t > 1 ? 4 * t : 1));
  const desc = heap.words([TASK_SCATTER_ADD, rows, index.shape[r - 1]!, shape[r - 1]!, idx, vals, outAddr, perPart, 0, base ? 0 : 1]);
  if (desc === null) return null;
  runTask(rt, desc, Math.ceil(rows / perPart), t);
  if (heap.i32[(desc >> 2) + 8] !== 0) return null;
  return heap.takeF32(outAddr, size);
}

/** A view of a single +0 broadcast over its whole shape (every stride 0). */
function isBroadcastZero(v: View<TypedArray>): boolean {
  return v.strides.every((s) => s === 0) && Object.is(v.buffer[v.offset], 0);
}
