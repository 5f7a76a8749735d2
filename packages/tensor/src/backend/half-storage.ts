import { DTypeError } from '../errors';
import { roundArrayToHalf, roundToHalf } from '../half';
import type { DType, TypedArray } from '../dtype';
import type { Backend } from './contract';

/**
 * The backend methods that see float16 operands: memory, casts, the element-wise kernels (of which the
 * primitive gate lets through add, mul and relu only), matmul and the forward convolution.
 */
export const FLOAT16_METHODS: ReadonlySet<string> = new Set([
  'fromArray', 'fill', 'read', 'readSync', 'free', 'byteSize', 'copy', 'unary', 'binary', 'matmul', 'conv2d',
]);

const isHalf = (v: unknown): boolean =>
  v === 'float16' || (typeof v === 'object' && v !== null && (v as { dtype?: unknown }).dtype === 'float16');

/** Whether an argument is, or holds (one level down: arrays, parameter updates), a float16 operand. */
function mentionsHalf(arg: unknown): boolean {
  if (isHalf(arg)) return true;
  if (Array.isArray(arg)) {
    for (const a of arg) if (isHalf(a) || holdsHalf(a)) return true;
    return false;
  }
  return holdsHalf(arg);
}

/**
 * Whether one of an object's own values is a float16 operand. Every backend call passes here, so it
 * walks the keys instead of allocating Object.values; a typed array's elements are never operands.
 */
function holdsHalf(o: unknown): boolean {
  if (typeof o !== 'object' || o === null || ArrayBuffer.isView(o)) return false;
  for (const k in o) if (Object.hasOwn(o, k) && isHalf((o as Record<string, unknown>)[k])) return true;
  return false;
}

/**
 * `backend` with every method outside FLOAT16_METHODS refusing float16 operands or outputs with a
 * DTypeError (random draws, optimizer steps, pooling, reductions…): a kernel never sees a dtype it was
 * not written for. Ops reach the backend through the primitive gate first; this also covers the
 * methods ops call directly.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function guardFloat16<T extends Backend<any>>(backend: T): T {
  const out: Record<string, unknown> = { ...(backend as object) };
  for (const [name, fn] of Object.entries(backend as object)) {
    if (typeof fn !== 'function' || FLOAT16_METHODS.has(name)) continue;
    out[name] = (...args: unknown[]) => {
      if (args.some(mentionsHalf)) {
        throw new DTypeError(`${name}: float16 tensors are not supported by this op on the ${backend.name} device; cast to float32 first`);
      }
      return (fn as (...a: unknown[]) => unknown).apply(backend, args);
    };
  }
  return out as unknown as T;
}

/** A view or dtype with float16 read as float32 (the CPU holds halves widened in Float32Arrays). */
function widen(arg: unknown): unknown {
  if (arg === 'float16') return 'float32';
  if (typeof arg === 'object' && arg !== null && (arg as { dtype?: unknown }).dtype === 'float16') return { ...arg, dtype: 'float32' };
  return arg;
}

/**
 * float16 on a backend of typed arrays (the CPU): each float16-capable method runs in float32 on the
 * widened values and rounds its result to the nearest half, so a float16 tensor always holds halves.
 */
export function withFloat16Storage(backend: Backend<TypedArray>): Backend<TypedArray> {
  const guarded = guardFloat16(backend) as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = { ...guarded };
  const halfResult: Record<string, (args: unknown[]) => boolean> = {
    fill: (a) => a[1] === 'float16',
    copy: (a) => a[1] === 'float16',
    unary: (a) => a[2] === 'float16',
    binary: (a) => a[4] === 'float16',
    matmul: (a) => a[2] === 'float16',
    conv2d: (a) => isHalf(a[0]),
  };
  for (const [name, isHalfResult] of Object.entries(halfResult)) {
    const fn = guarded[name] as ((...a: unknown[]) => TypedArray) | undefined;
    if (!fn) continue;
    out[name] = (...args: unknown[]) => {
      const result = fn.apply(backend, args.map(widen));
      return isHalfResult(args) ? roundArrayToHalf(result) : result;
    };
  }
  // rounded from the caller's values (a float64 rounded to float32 first could round twice), into a copy
  out.fromArray = (data: TypedArray, dtype: DType) =>
    (dtype === 'float16' ? Float32Array.from(data, roundToHalf) : backend.fromArray(data, dtype));
  return out as unknown as Backend<TypedArray>;
}
