import type { Activation, Backend, View } from '../contract';
import type { TypedArray } from '../../dtype';
import { contiguousStrides, numel } from '../../shape';
import { collapse, denseAddress } from './operand';
import type { Runtime } from './runtime';
import { runTask, threadsForWork } from './threads';
import { MIN_ELEMENTS, PARALLEL_ELEMENTS } from './elementwise';

const TASK_BIAS_ACT = 23;

/**
 * The axis a broadcast bias view runs along (its one axis of non-zero stride, −1 for a single value)
 * and its [C] view; null when the bias is laid out otherwise.
 */
function biasAxis(x: View<TypedArray>, bias: View<TypedArray>): { axis: number; b: View<TypedArray> } | null {
  const along = bias.strides.flatMap((s, i) => (s !== 0 && x.shape[i]! > 1 ? [i] : []));
  if (along.length > 1) return null;
  const axis = along[0] ?? -1, C = axis < 0 ? 1 : x.shape[axis]!;
  return { axis, b: { buffer: bias.buffer, dtype: bias.dtype, shape: [C], strides: [axis < 0 ? 1 : bias.strides[axis]!], offset: bias.offset } };
}

/**
 * A layer's epilogue act(x + bias), act relu or the identity, in one WebAssembly pass (wat/epilogue.wat)
 * over the layer's output where it lies (a conv or matmul result), instead of a broadcast add and then
 * the activation; bias is x's broadcast view (the contract's form). Null for other activations and
 * dtypes, small tensors, or when the memory is exhausted (the add and the activation then run, same bits).
 */
export function wasmBiasActivation(rt: Runtime, xv: View<TypedArray>, bias: View<TypedArray>, activation: Activation, threads: number): TypedArray | null {
  const n = numel(xv.shape);
  if ((activation !== 'relu' && activation !== 'identity') || xv.dtype !== 'float32' || bias.dtype !== 'float32' || n < MIN_ELEMENTS) return null;
  const found = biasAxis(xv, bias);
  if (!found) return null;
  const { axis, b: bv } = found;
  const C = axis < 0 ? 1 : xv.shape[axis]!, inner = axis < 0 ? n : numel(xv.shape.slice(axis + 1));
  const vector = inner === 1 && C > 1;
  const rows = vector ? n / C : n / inner, len = vector ? C : inner;
  const heap = rt.heap;
  heap.reset();
  const x = denseAddress(heap, xv), b = denseAddress(heap, bv), out = heap.output(4 * n);
  if (x === null || b === null || out === null) return null;
  const t = threadsForWork(rt, threads, n, PARALLEL_ELEMENTS);
  const perPart = Math.ceil(rows / (t > 1 ? 4 * t : 1));
  const desc = heap.words([TASK_BIAS_ACT, rows, len, C, x, b, out, perPart, activation === 'relu' ? 1 : 0, vector ? 1 : 0]);
  if (desc === null) return null;
  runTask(rt, desc, Math.ceil(rows / perPart), t);
  return heap.takeF32(out, n);
}

/**
 * The contract's biasActivation on the CPU: the kernel above where it applies, else the backend's add
 * and activation (WebAssembly where those run there), so the fused primitive is never slower than the
 * two ops and gives their bits.
 */
export function biasActivationMethod(
  rt: () => Runtime | null, threads: () => number, ops: Pick<Backend<TypedArray>, 'binary' | 'unary'>,
): Pick<Required<Backend<TypedArray>>, 'biasActivation'> {
  return {
    biasActivation(x, bias, activation) {
      const r = rt();
      const fast = r && wasmBiasActivation(r, x, bias, activation, threads());
      if (fast) return fast;
      const sum = ops.binary('add', x, bias, x.shape, x.dtype);
      if (activation === 'identity') return sum;
      return ops.unary(activation, { buffer: sum, dtype: x.dtype, shape: x.shape, strides: contiguousStrides(x.shape), offset: 0 }, x.dtype);
    },
  };
}

const TASK_BIAS_RELU_BWD = 24;

/**
 * relu's gradient from the output, dx = dy·[y ≰ 0], and the bias gradient Σ dx over every axis but
 * `axis`, in one pass (wat/epilogue.wat) with the bits of reluBackward then the sum: the sums walk the
 * rows the sum kernel would (`collapse` of the same view) in its order. Null where the unfused pair
 * would not run these two kernels (small or odd layouts, other dtypes) or out of memory.
 */
export function wasmBiasReluBackward(rt: Runtime, dyv: View<TypedArray>, yv: View<TypedArray>, axis: number, threads: number): { dx: Float32Array; dbias: Float32Array } | null {
  const n = numel(dyv.shape), shape = dyv.shape;
  if (dyv.dtype !== 'float32' || yv.dtype !== 'float32' || n < MIN_ELEMENTS) return null;
  const C = shape[axis]!, inner = numel(shape.slice(axis + 1));
  // a sum over one element is no sum in the rule (the gradient itself, −0 kept): C < n needed
  if (C < 2 || C === n) return null;
  const strides = contiguousStrides(shape);
  const others = shape.map((_, i) => i).filter((i) => i !== axis);
  const rows = collapse(others.map((i) => shape[i]!), others.map((i) => strides[i]!));
  const vector = inner === 1;
  // the sum kernel's layouts: column sums over whole rows, or per-channel rows of contiguous floats
  if (!rows || (vector ? rows.dims[0] !== 1 : rows.strides[1] !== 1 && rows.dims[1] !== 1)) return null;
  const heap = rt.heap;
  heap.reset();
  const dy = denseAddress(heap, dyv), y = denseAddress(heap, yv), dx = heap.output(4 * n), db = heap.output(4 * C);
  const scratch = vector ? heap.alloc(8 * C) : 0;
  if (dy === null || y === null || dx === null || db === null || scratch === null) return null;
  const t = vector ? 1 : threadsForWork(rt, threads, n, PARALLEL_ELEMENTS);
  const perPart = vector ? C : Math.ceil(C / (t > 1 ? 4 * t : 1));
  const [r0, r1] = vector ? [rows.dims[1], C] : rows.dims;
  const desc = heap.words([TASK_BIAS_RELU_BWD, C, r0, r1, rows.strides[0], inner, dy, y, dx, db, perPart, vector ? 1 : 0, scratch]);
  if (desc === null) return null;
  runTask(rt, desc, Math.ceil(C / perPart), t);
  return { dx: heap.takeF32(dx, n), dbias: heap.takeF32(db, C) };
}
