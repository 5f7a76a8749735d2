import type { BinaryOp, UnaryOp, View } from '../contract';
import type { DType, TypedArray } from '../../dtype';
import { numel } from '../../shape';
import { lines, placeStrided } from './operand';
import type { Runtime } from './runtime';
import { runTask, threadsAvailable } from './threads';

const TASK_BINARY = 7, TASK_UNARY = 8;
/** Below this many elements the TypeScript loop is quicker than copying into the kernels' memory. */
export const MIN_ELEMENTS = 4096;
/** Memory-bound work: a second thread pays only for large tensors. */
export const PARALLEL_ELEMENTS = 1 << 18;

const ARITH: Partial<Record<BinaryOp, number>> = { add: 0, sub: 1, mul: 2, div: 3, maximum: 4, minimum: 5, remainder: 13, atan2: 20, pow: 21 };
const COMPARE: Partial<Record<BinaryOp, number>> = { gt: 6, ge: 7, lt: 8, le: 9, eq: 10, ne: 11 };
const WHERE = 12;
/** Logical ops of float32 operands (predicates.wat); those of bool operands are 3 codes on. */
const LOGICAL: Partial<Record<BinaryOp, number>> = { logicalAnd: 14, logicalOr: 15, logicalXor: 16 };
const BYTES_LOGICAL = 3;
/** float32 → bool predicates (predicates.wat). */
const PREDICATE: Partial<Record<UnaryOp, number>> = { isnan: 19, isfinite: 20 };
/** float32 → float32 in float64 lanes (trig.wat); an argument it does not reduce leaves the op to TypeScript. */
const TRIG: Partial<Record<UnaryOp, number>> = { sin: 21, cos: 22, erf: 23 };
/** Descriptor word the trig rows set when an argument was beyond their range (b's address: unused by unary ops). */
const TRIG_UNREDUCED = 11;
/** The descriptor of the last task `run` started. */
let lastDescriptor = 0;
// 4 and 5 are the bool ops below
const UNARY: Partial<Record<UnaryOp, number>> = {
  relu: 0, neg: 1, abs: 2, sqrt: 3, sign: 6, reciprocal: 7, floor: 8, ceil: 9, round: 10, rsqrt: 11, exp: 12, sigmoid: 13, log: 14, tanh: 15, expm1: 16, log1p: 17,
  logSigmoid: 18,
};
const BOOL_TO_F32 = 4, BOOL_NOT = 5;

/**
 * Merges adjacent dims that every operand walks contiguously (stride[d] = stride[d+1]·size[d+1]) and
 * drops size-1 dims, then left-pads to [d0, d1, d2, n]: the kernels' canonical form. Null beyond rank 4.
 */
export function canonical(shape: readonly number[], strides: readonly (readonly number[])[]): { dims: number[]; strides: number[][] } | null {
  const dims: number[] = [];
  const st: number[][] = strides.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    if (shape[d] === 1) continue;
    const last = dims.length - 1;
    if (last >= 0 && strides.every((s, k) => st[k]![last] === s[d]! * shape[d]!)) {
      dims[last]! *= shape[d]!;
      strides.forEach((s, k) => { st[k]![last] = s[d]!; });
    } else {
      dims.push(shape[d]!);
      strides.forEach((s, k) => st[k]!.push(s[d]!));
    }
  }
  if (dims.length > 4) return null;
  while (dims.length < 4) {
    dims.unshift(1);
    st.forEach((s) => s.unshift(0));
  }
  return { dims, strides: st };
}

function run(rt: Runtime, kind: number, op: number, shape: readonly number[], views: View<TypedArray>[], outBytes: number, threads: number): number | null {
  const heap = rt.heap;
  heap.reset();
  const placed = views.map((v) => placeStrided(heap, v));
  if (placed.some((p) => p === null)) return null;
  const c = canonical(shape, placed.map((p) => p!.strides));
  if (!c) return null;
  const [d0, d1, d2, n] = c.dims as [number, number, number, number];
  const size = numel(shape);
  const out = heap.output(size * outBytes);
  const t = size >= PARALLEL_ELEMENTS ? threadsAvailable(rt, threads) : 1;
  const rows = d0 * d1 * d2;
  const perPart = Math.ceil(rows / (t > 1 ? 4 * t : 1));
  const parts = Math.ceil(rows / perPart);
  // a gathered row of a and of b (float32), and of where's condition (bytes)
  const scratchStride = lines(9 * n);
  const scratch = heap.alloc(scratchStride * Math.min(t, parts));
  if (out === null || scratch === null) return null;
  const operand = (k: number) => {
    const p = placed[k];
    if (!p) return [0, 0, 0, 0, 0];
    const elementBytes = views[k]!.dtype === 'bool' ? 1 : 4;
    return [p.addr + elementBytes * p.offset, ...c.strides[k]!];
  };
  const desc = heap.words([kind, op, d0, d1, d2, n, ...operand(0), ...operand(1), out, scratch, scratchStride, perPart, ...(views.length > 2 ? operand(2) : [])]);
  if (desc === null) return null;
  lastDescriptor = desc;
  runTask(rt, desc, parts, t);
  return out;
}

/**
 * a op b for float32 views already broadcast to `shape` (atan2 and pow in float64 lanes, Math.atan2's and
 * Math.pow's float32 values but within about 1e-15 and 2e-13 of a rounding boundary), or a logical op of two float32 or two bool
 * views; null when the op or dtypes are not covered.
 */
export function wasmBinary(rt: Runtime, op: BinaryOp, a: View<TypedArray>, b: View<TypedArray>, shape: readonly number[], outDtype: DType, threads: number): TypedArray | null {
  const logical = LOGICAL[op];
  if (logical !== undefined && outDtype === 'bool' && a.dtype === b.dtype && (a.dtype === 'float32' || a.dtype === 'bool') && numel(shape) >= MIN_ELEMENTS) {
    const out = run(rt, TASK_BINARY, logical + (a.dtype === 'bool' ? BYTES_LOGICAL : 0), shape, [a, b], 1, threads);
    return out === null ? null : rt.heap.takeU8(out, numel(shape));
  }
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || numel(shape) < MIN_ELEMENTS) return null;
  const arith = ARITH[op], cmp = COMPARE[op];
  if (arith !== undefined && outDtype === 'float32') {
    const out = run(rt, TASK_BINARY, arith, shape, [a, b], 4, threads);
    return out === null ? null : rt.heap.takeF32(out, numel(shape));
  }
  if (cmp !== undefined && outDtype === 'bool') {
    const out = run(rt, TASK_BINARY, cmp, shape, [a, b], 1, threads);
    return out === null ? null : rt.heap.takeU8(out, numel(shape));
  }
  return null;
}

/** cond ? a : b for float32 a and b and a bool cond, all already broadcast to `shape`; null otherwise. */
export function wasmWhere(rt: Runtime, cond: View<TypedArray>, a: View<TypedArray>, b: View<TypedArray>, shape: readonly number[], outDtype: DType, threads: number): TypedArray | null {
  if (cond.dtype !== 'bool' || a.dtype !== 'float32' || b.dtype !== 'float32' || outDtype !== 'float32' || numel(shape) < MIN_ELEMENTS) return null;
  const out = run(rt, TASK_BINARY, WHERE, shape, [a, b, cond], 4, threads);
  return out === null ? null : rt.heap.takeF32(out, numel(shape));
}

/**
 * op(x) for a float32 view (the ops of UNARY: the TypeScript loop's bits, but for exp, expm1, log, log1p, tanh, sigmoid and logSigmoid, which
 * are computed in float64 and can differ from it by one float32 rounding when the exact value lies
 * within 1e-14 of a rounding boundary, and sin, cos and erf likewise, which leave a view with an argument beyond ±2^18
 * or ±∞ to the TypeScript loop), isnan and isfinite of a float32 view, or logicalNot of a bool view; null otherwise.
 */
export function wasmUnary(rt: Runtime, op: UnaryOp, x: View<TypedArray>, outDtype: DType, threads: number): TypedArray | null {
  if (numel(x.shape) < MIN_ELEMENTS) return null;
  if (op === 'logicalNot' && x.dtype === 'bool' && outDtype === 'bool') {
    const flat = byteRun(x);
    const out = flat && run(rt, TASK_UNARY, BOOL_NOT, flat.shape, [flat], 1, threads);
    return out == null ? null : rt.heap.takeU8(out, flat!.shape[0]!);
  }
  const predicate = PREDICATE[op];
  if (predicate !== undefined && x.dtype === 'float32' && outDtype === 'bool') {
    const out = run(rt, TASK_UNARY, predicate, x.shape, [x], 1, threads);
    return out === null ? null : rt.heap.takeU8(out, numel(x.shape));
  }
  const trig = TRIG[op];
  if (trig !== undefined && x.dtype === 'float32' && outDtype === 'float32') {
    const out = run(rt, TASK_UNARY, trig, x.shape, [x], 4, threads);
    if (out === null || rt.heap.i32[(lastDescriptor >> 2) + TRIG_UNREDUCED] !== 0) return null;
    return rt.heap.takeF32(out, numel(x.shape));
  }
  const code = UNARY[op];
  if (code === undefined || x.dtype !== 'float32' || outDtype !== 'float32') return null;
  const out = run(rt, TASK_UNARY, code, x.shape, [x], 4, threads);
  return out === null ? null : rt.heap.takeF32(out, numel(x.shape));
}

/** A bool view as a flat [n] view when its elements are one contiguous run (the kernels read bytes in order); else null. */
function byteRun(x: View<TypedArray>): View<TypedArray> | null {
  const n = numel(x.shape);
  const c = canonical(x.shape, [x.strides]);
  if (!c || c.dims[0]! * c.dims[1]! * c.dims[2]! !== 1 || c.strides[0]![3] !== 1) return null;
  return { ...x, shape: [n], strides: [1] };
}

/** A bool view as float32 (the relu gradient's mask), when its elements are contiguous; null otherwise. */
export function wasmBoolToF32(rt: Runtime, x: View<TypedArray>, threads: number): TypedArray | null {
  if (x.dtype !== 'bool' || numel(x.shape) < MIN_ELEMENTS) return null;
  const flat = byteRun(x);
  const out = flat && run(rt, TASK_UNARY, BOOL_TO_F32, flat.shape, [flat], 4, threads);
  return out == null ? null : rt.heap.takeF32(out, flat!.shape[0]!);
}
