import type { TypedArray } from '../dtype';

/**
 * Output buffers of the CPU kernels (WebAssembly and TypeScript), reused once their tensor is freed. A fresh large typed
 * array costs a page fault per 4 KiB on first write, often more than the kernel itself (a 1.2 MB
 * LeNet activation: ~0.4 ms to allocate, 0.05 ms to fill); a training loop frees and re-allocates
 * the same sizes every step. Only arrays made here are reused, never ones a caller handed in.
 */
const MIN_LENGTH = 4096;
const MAX_POOLED_BYTES = 128 * 2 ** 20;

const made = new WeakSet<TypedArray>();
const free = new Map<string, TypedArray[]>();
const pooled = new Set<TypedArray>();
let pooledBytes = 0;

const keyOf = (kind: string, n: number): string => `${kind}${n}`;

function take<T extends Float32Array | Int32Array | Uint8Array>(kind: 'f' | 'i' | 'u', n: number, make: (n: number) => T): T {
  if (n >= MIN_LENGTH) {
    const a = free.get(keyOf(kind, n))?.pop() as T | undefined;
    if (a) {
      pooled.delete(a);
      pooledBytes -= a.byteLength;
      return a;
    }
  }
  const a = make(n);
  if (n >= MIN_LENGTH) made.add(a);
  return a;
}

/** A Float32Array of n elements whose contents the caller overwrites entirely. */
export const outputF32 = (n: number): Float32Array => take('f', n, (k) => new Float32Array(k));
export const outputI32 = (n: number): Int32Array => take('i', n, (k) => new Int32Array(k));
export const outputU8 = (n: number): Uint8Array => take('u', n, (k) => new Uint8Array(k));

const zeros = new WeakSet<TypedArray>();

/** A float32 array of n zeros (reused when possible); `isZeros` knows it until it is freed. */
export function zerosF32(n: number): Float32Array {
  return markZeros(outputF32(n).fill(0));
}

/** Marks an array the caller just filled with zeros (made elsewhere, e.g. in the WebAssembly heap). */
export function markZeros<T extends TypedArray>(a: T): T {
  zeros.add(a);
  return a;
}

export const isZeros = (a: TypedArray): boolean => zeros.has(a);

/** Called when the backend frees a buffer: keeps it for reuse if it was made here and the pool has room. */
export function recycle(buffer: unknown): void {
  zeros.delete(buffer as TypedArray);
  if (!(buffer instanceof Float32Array || buffer instanceof Int32Array || buffer instanceof Uint8Array)) return;
  if (!made.has(buffer) || pooled.has(buffer) || pooledBytes + buffer.byteLength > MAX_POOLED_BYTES) return;
  const key = keyOf(buffer instanceof Float32Array ? 'f' : buffer instanceof Int32Array ? 'i' : 'u', buffer.length);
  let list = free.get(key);
  if (!list) free.set(key, (list = []));
  list.push(buffer);
  pooled.add(buffer);
  pooledBytes += buffer.byteLength;
}
