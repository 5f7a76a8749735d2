import { full } from '../ops/creation';
import type { Device } from '../device';
import type { DType } from '../dtype';
import { Parameter } from './parameter';

/** A zero-filled parameter of `shape`, about to be filled by an init function. */
export function emptyParameter(shape: readonly number[], o: { device: Device; dtype: DType }): Parameter {
  const t = full(shape, 0, o);
  const p = Parameter.from(t);
  t.dispose();
  return p;
}
