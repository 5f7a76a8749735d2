import { bytesPerElement, type DType } from './dtype';
import { AllocationError, ValueError, fmtShape } from './errors';
import { numel } from './shape';

/**
 * The one place that decides whether a tensor of a shape can be allocated. Every creation op
 * reaches it through `checkShape`, and every primitive's output through the engine, which turns a
 * backend's failed allocation into the same error.
 */

/** The most elements one tensor holds: the longest typed array JavaScript engines make (2^32). */
export const MAX_ELEMENTS = 2 ** 32;

/** Throws AllocationError when `shape` of `dtype` cannot be one buffer; returns its byte count. */
export function checkAllocation(op: string, shape: readonly number[], dtype: DType): number {
  const n = elements(shape);
  const bytes = n * bytesPerElement(dtype);
  if (n > MAX_ELEMENTS) {
    throw allocationError(op, shape, dtype, `one tensor holds at most ${group(MAX_ELEMENTS)} elements`);
  }
  return bytes;
}

/** The error for a shape whose allocation failed (or would fail) for `reason`. */
export function allocationError(op: string, shape: readonly number[], dtype: DType, reason: string): AllocationError {
  const bytes = elements(shape) * bytesPerElement(dtype);
  return new AllocationError(
    `${op}: shape ${fmtShape(shape)} of ${dtype} needs ${group(bytes)} bytes (${humanBytes(bytes)}); ${reason}`,
    op, [...shape], dtype, bytes,
  );
}

/** The error for a backend that failed to allocate the output of `op` on these inputs. */
export function backendAllocationError(op: string, inputs: readonly { shape: readonly number[]; dtype: DType }[], device: string, cause: Error): AllocationError {
  const shapes = inputs.map((x) => fmtShape(x.shape)).join(' and ');
  return new AllocationError(
    `${op}: the ${device} backend could not allocate the output for input${inputs.length > 1 ? 's' : ''} ${shapes} (${cause.message})`,
    op, null, inputs[0]!.dtype, null,
  );
}

/** True for the RangeErrors engines throw when a typed array or ArrayBuffer cannot be made. */
export function isAllocationFailure(e: unknown): e is RangeError {
  return e instanceof RangeError && /typed array length|array buffer allocation|array length|out of memory/i.test(e.message);
}

/**
 * Validates a user shape (an array of non-negative integer sizes) and its size as a `dtype` tensor;
 * returns a copy. `op` names the public function in the messages.
 */
export function checkShape(shape: readonly number[], op: string, dtype: DType = 'float32'): number[] {
  if (!Array.isArray(shape)) throw new ValueError(`${op}: shape must be an array of sizes, got ${String(shape)}`);
  for (const d of shape) {
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) {
      throw new ValueError(`${op}: sizes must be non-negative integers, got ${fmtShape(shape)}`);
    }
  }
  checkAllocation(op, shape, dtype);
  return shape.map((d) => d + 0); // + 0 turns -0 into 0
}

/** numel, where a zero size wins even beside sizes whose product overflows (0 · Infinity is NaN). */
const elements = (shape: readonly number[]): number => (shape.includes(0) ? 0 : numel(shape));

const group = (n: number): string => (Number.isSafeInteger(n) ? n.toLocaleString('en-US') : String(n));

function humanBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${i === 0 ? n : n.toFixed(2)} ${units[i]}`;
}
