/** Base class of every error dnn throws on purpose; `op` names the operation that refused. */
export class DnnError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
/** Shapes that do not fit the op (misaligned matmul, bad broadcast, out-of-range dim). */
export class ShapeError extends DnnError {}
/** A dtype the op cannot take (bool into matmul, float index into gather). */
export class DTypeError extends DnnError {}
/** Tensors on different devices, or a synchronous read of a device that only reads asynchronously. */
export class DeviceError extends DnnError {}
/** A value out of its domain (negative size, NaN shape, disposed tensor, bad option). */
export class ValueError extends DnnError {}
/**
 * A tensor too large to allocate: more elements than one typed array (or device buffer) holds, or
 * memory the backend could not get. A ValueError, so code that catches bad values catches it too.
 * `shape` and `bytes` are null when a backend failed on an output whose shape only the kernel knew.
 */
export class AllocationError extends ValueError {
  constructor(
    message: string,
    readonly op: string,
    readonly shape: readonly number[] | null,
    readonly dtype: string,
    readonly bytes: number | null,
  ) {
    super(message);
  }
}

export const fmtShape = (s: readonly number[]): string => `[${s.join(',')}]`;
