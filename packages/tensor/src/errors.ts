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

export const fmtShape = (s: readonly number[]): string => `[${s.join(',')}]`;
