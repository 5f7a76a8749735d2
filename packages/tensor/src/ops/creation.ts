import { Tensor } from '../tensor';
import { newStorage, contiguousStrides } from '../tensor-core';
import { arrayFor, checkDType, dtypeOfArray, type DType, type TypedArray } from '../dtype';
import { getDefaultDevice, type Device } from '../device';
import { ShapeError, ValueError, fmtShape } from '../errors';
import { numel } from '../shape';
import { checkShape } from '../allocation';

export interface TensorOptions {
  dtype?: DType;
  device?: Device;
  requiresGrad?: boolean;
}

export type NestedArray = number | boolean | readonly NestedArray[];

/** Makes a tensor from a flat typed array of `shape` (taken over without copying when types match). */
export function fromTypedArray(data: TypedArray, sizes: readonly number[], opts: TensorOptions = {}): Tensor {
  const dtype = opts.dtype ?? dtypeOfArray(data);
  const shape = checkShape(sizes, 'fromTypedArray', dtype);
  const device = opts.device ?? getDefaultDevice();
  if (numel(shape) !== data.length) {
    throw new ShapeError(`tensor: ${data.length} values do not fill shape ${fmtShape(shape)} (${numel(shape)} elements)`);
  }
  const buffer = device.backend.fromArray(data, dtype);
  const t = new Tensor(newStorage(device, buffer, dtype, shape), [...shape], contiguousStrides(shape), 0);
  if (opts.requiresGrad) t.requiresGrad = true;
  return t;
}

/**
 * A new tensor of `shape` whose values `write` stores, row-major, into the zeroed array it is handed.
 * The array comes from the device: on the CPU device it becomes the tensor's storage as it is (float32
 * lives in the WebAssembly kernels' memory, which they read in place), so values written this way are
 * never copied again; elsewhere it is an ordinary array, uploaded once. The array must not be kept or
 * written after `write` returns. If `write` throws, the memory is released and no tensor is made.
 *
 * ```ts
 * const x = fromWriter([64, 784], (data) => { for (let i = 0; i < data.length; i++) data[i] = pixels[i] / 255; });
 * ```
 */
export function fromWriter(sizes: readonly number[], write: (data: TypedArray) => void, opts: TensorOptions = {}): Tensor {
  const { data, dtype, release } = writableArray(sizes, opts, 'fromWriter');
  try {
    write(data);
  } catch (error) {
    release();
    throw error;
  }
  return fromTypedArray(data, sizes, { ...opts, dtype });
}

/** fromWriter with a `write` that may finish asynchronously (a data set read from disk, say). */
export async function fromWriterAsync(sizes: readonly number[], write: (data: TypedArray) => void | Promise<void>, opts: TensorOptions = {}): Promise<Tensor> {
  const { data, dtype, release } = writableArray(sizes, opts, 'fromWriterAsync');
  try {
    await write(data);
  } catch (error) {
    release();
    throw error;
  }
  return fromTypedArray(data, sizes, { ...opts, dtype });
}

function writableArray(sizes: readonly number[], opts: TensorOptions, op: string): { data: TypedArray; dtype: DType; release: () => void } {
  const dtype = checkDType(opts.dtype ?? 'float32', op);
  const n = numel(checkShape(sizes, op, dtype));
  const backend = (opts.device ?? getDefaultDevice()).backend;
  // float16 is written as numbers and rounded by fromArray: it never gets the backend's own array
  const own = dtype === 'float16' ? null : backend.writable?.(n, dtype) ?? null;
  if (own) return { data: own, dtype, release: () => backend.free(own) };
  return { data: dtype === 'float16' ? new Float64Array(n) : arrayFor(dtype, n), dtype, release: () => {} };
}

/** `tensor([[1, 2], [3, 4]])`, `tensor(float32Array, { shape: [2, 2] })`, `tensor(3.5)`. */
export function tensor(data: NestedArray | TypedArray | Tensor, opts: TensorOptions & { shape?: readonly number[] } = {}): Tensor {
  if (data instanceof Tensor) return data.cast(opts.dtype ?? data.dtype).to(opts.device ?? data.device).detach();
  if (ArrayBuffer.isView(data)) {
    const dtype = opts.dtype ? checkDType(opts.dtype, 'tensor') : dtypeOfArray(data as TypedArray);
    const shape = opts.shape ? checkShape(opts.shape, 'tensor', dtype) : [data.length];
    const arr = dtypeOfArray(data as TypedArray) === dtype || dtype === 'float16' ? (data as TypedArray) : convertArray(data as TypedArray, dtype);
    return fromTypedArray(arr, shape, { ...opts, dtype });
  }
  const shape = inferShape(data);
  const flat: number[] = [];
  flatten(data, flat, shape, 0);
  const isBool = typeof firstLeaf(data) === 'boolean';
  const dtype = opts.dtype ? checkDType(opts.dtype, 'tensor') : isBool ? 'bool' : 'float32';
  // float16 is rounded once, from the numbers themselves (a Float32Array would round them twice)
  const arr = dtype === 'float16' ? new Float64Array(flat.length) : arrayFor(dtype, flat.length);
  for (let i = 0; i < flat.length; i++) arr[i] = flat[i]!;
  const finalShape = opts.shape ? checkShape(opts.shape, 'tensor', dtype) : shape;
  return fromTypedArray(arr, finalShape, { ...opts, dtype });
}

function convertArray(data: TypedArray, dtype: DType): TypedArray {
  const out = arrayFor(dtype, data.length);
  for (let i = 0; i < data.length; i++) out[i] = dtype === 'bool' ? (data[i] ? 1 : 0) : data[i]!;
  return out;
}

function firstLeaf(d: NestedArray): unknown {
  while (Array.isArray(d)) {
    if (d.length === 0) return undefined;
    d = (d as NestedArray[])[0]!;
  }
  return d;
}

function inferShape(d: NestedArray): number[] {
  const shape: number[] = [];
  let cur: NestedArray = d;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    if (cur.length === 0) break;
    cur = (cur as NestedArray[])[0]!;
  }
  return shape;
}

/** Row-major leaves of `d`, checked against `shape`; an explicit stack, so any nesting depth is fine. */
function flatten(d: NestedArray, out: number[], shape: readonly number[], depth: number): void {
  const stack: [NestedArray, number][] = [[d, depth]];
  while (stack.length) {
    const [node, at] = stack.pop()!;
    if (!Array.isArray(node)) {
      if (at !== shape.length) throw new ShapeError(`tensor: ragged nested array (expected shape ${fmtShape(shape)})`);
      if (typeof node !== 'number' && typeof node !== 'boolean') throw new ValueError(`tensor: expected numbers, got ${typeof node}`);
      out.push(Number(node));
      continue;
    }
    if (at >= shape.length || node.length !== shape[at]) {
      throw new ShapeError(`tensor: ragged nested array (expected shape ${fmtShape(shape)})`);
    }
    for (let i = node.length - 1; i >= 0; i--) stack.push([(node as NestedArray[])[i]!, at + 1]);
  }
}

export function full(shape: readonly number[], value: number, opts: TensorOptions = {}): Tensor {
  return fullAs('full', shape, value, opts);
}

/** `full` under the name of the public op that called it, for error messages. */
function fullAs(op: string, shape: readonly number[], value: number, opts: TensorOptions): Tensor {
  const dtype = opts.dtype ?? (typeof value === 'boolean' ? 'bool' : 'float32');
  const s = checkShape(shape, op, dtype);
  const device = opts.device ?? getDefaultDevice();
  const buffer = device.backend.fill(numel(s), dtype, Number(value));
  const t = new Tensor(newStorage(device, buffer, dtype, s), s, contiguousStrides(s), 0);
  if (opts.requiresGrad) t.requiresGrad = true;
  return t;
}

export const zeros = (shape: readonly number[], opts: TensorOptions = {}): Tensor => fullAs('zeros', shape, 0, opts);
export const ones = (shape: readonly number[], opts: TensorOptions = {}): Tensor => fullAs('ones', shape, 1, opts);
/** A tensor of `shape` with x's dtype and device. */
export const zerosOf = (x: Tensor, shape: readonly number[] = x.shape): Tensor => full(shape, 0, { dtype: x.dtype, device: x.device });
export const zerosLike = (x: Tensor, opts: TensorOptions = {}): Tensor => full(x.shape, 0, { dtype: x.dtype, device: x.device, ...opts });
export const onesLike = (x: Tensor, opts: TensorOptions = {}): Tensor => full(x.shape, 1, { dtype: x.dtype, device: x.device, ...opts });
export const fullLike = (x: Tensor, value: number, opts: TensorOptions = {}): Tensor =>
  full(x.shape, value, { dtype: x.dtype, device: x.device, ...opts });

/** Values start, start+step, … below end (`arange(5)` is 0…4); int32 when every argument is an integer. */
export function arange(start: number, end?: number, step = 1, opts: TensorOptions = {}): Tensor {
  if (end === undefined) [start, end] = [0, start];
  if (typeof step !== 'number' || step === 0 || !Number.isFinite(step)) {
    throw new ValueError(`arange: step must be a non-zero finite number, got ${step}`);
  }
  if (typeof start !== 'number' || typeof end !== 'number' || !Number.isFinite(start) || !Number.isFinite(end)) {
    throw new ValueError(`arange: start and end must be finite numbers, got ${start} and ${end}`);
  }
  const n = Math.max(0, Math.ceil((end - start) / step));
  const dtype = opts.dtype ?? ([start, end, step].every(Number.isInteger) ? 'int32' : 'float32');
  checkShape([n], 'arange', dtype);
  const arr = arrayFor(dtype, n);
  for (let i = 0; i < n; i++) arr[i] = start + i * step;
  return fromTypedArray(arr, [n], { ...opts, dtype });
}

export function linspace(start: number, end: number, steps: number, opts: TensorOptions = {}): Tensor {
  if (!Number.isInteger(steps) || steps < 0) throw new ValueError(`linspace: steps must be a non-negative integer, got ${steps}`);
  const dtype = opts.dtype ?? 'float32';
  [steps] = checkShape([steps], 'linspace', dtype) as [number];
  const arr = arrayFor(dtype, steps);
  const delta = steps > 1 ? (end - start) / (steps - 1) : 0;
  // symmetric formula as in PyTorch: the second half is computed from the end so both ends are exact
  for (let i = 0; i < steps; i++) arr[i] = i < steps / 2 ? start + i * delta : end - (steps - 1 - i) * delta;
  return fromTypedArray(arr, [steps], { ...opts, dtype });
}

export function eye(n: number, m: number = n, opts: TensorOptions = {}): Tensor {
  const dtype = opts.dtype ?? 'float32';
  [n, m] = checkShape([n, m], 'eye', dtype) as [number, number];
  const arr = arrayFor(dtype, n * m);
  for (let i = 0; i < Math.min(n, m); i++) arr[i * m + i] = 1;
  return fromTypedArray(arr, [n, m], { ...opts, dtype });
}

/** A number (or boolean) as a 0-d tensor matching `like`'s device, with PyTorch's scalar typing rules. */
export function scalarLike(value: number | boolean, like: Tensor): Tensor {
  let dtype: DType = like.dtype;
  if (typeof value === 'boolean') dtype = like.dtype === 'bool' ? 'bool' : like.dtype;
  else if (like.dtype === 'bool') dtype = Number.isInteger(value) ? 'int32' : 'float32';
  else if (like.dtype === 'int32' && !Number.isInteger(value)) dtype = 'float32';
  return full([], Number(value), { dtype, device: like.device });
}
