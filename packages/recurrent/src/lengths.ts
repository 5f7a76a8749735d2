import { Tensor, ShapeError, ValueError, DTypeError, DeviceError, fromTypedArray, fmtShape } from '@dnn/tensor';

/** Valid lengths of the sequences of a padded batch: an int32 tensor [N] or a plain array. */
export type Lengths = Tensor | readonly number[];

/**
 * Reads and checks `lengths` against a time-major batch of T steps and N sequences: every length is an
 * integer in 1…T and there is one per sequence. `who` names the layer in the error.
 */
export function readLengths(lengths: Lengths, steps: number, batch: number, who: string): number[] {
  let values: number[];
  if (lengths instanceof Tensor) {
    if (lengths.dtype !== 'int32') throw new DTypeError(`${who}: lengths must be int32, got ${lengths.dtype}`);
    if (lengths.rank !== 1) throw new ShapeError(`${who}: lengths must be [N], got ${fmtShape(lengths.shape)}`);
    // the step masks are built on the host: lengths are read synchronously
    if (!lengths.device.backend.syncRead) throw new DeviceError(`${who}: lengths on ${lengths.device.name} cannot be read synchronously; pass them as an array or a CPU tensor`);
    values = Array.from(lengths.dataSync(), Number);
  } else {
    values = [...lengths];
  }
  if (values.length !== batch) throw new ShapeError(`${who}: expected ${batch} lengths (one per sequence), got ${values.length}`);
  values.forEach((v, i) => {
    if (!Number.isInteger(v) || v < 1 || v > steps) {
      throw new ValueError(`${who}: lengths[${i}] = ${v} must be an integer in 1…${steps} (the sequence has ${steps} steps)`);
    }
  });
  return values;
}

/**
 * Per-step masks of a padded batch: `masks[t]` is a [N, 1] tensor of 1 where step t is inside
 * sequence n and 0 where it is padding (bool), on `like`'s device.
 */
export function stepMasks(lengths: readonly number[], steps: number, like: Tensor): Tensor[] {
  const masks: Tensor[] = [];
  for (let t = 0; t < steps; t++) {
    const m = Uint8Array.from(lengths, (len) => (t < len ? 1 : 0));
    masks.push(fromTypedArray(m, [lengths.length, 1], { dtype: 'bool', device: like.device }));
  }
  return masks;
}
