import type { Device } from '@dnn/tensor';

const ids = new WeakMap<Device, number>();
let next = 0;

/** A distinct key per device object, for memoizing per-device tensors on a graph. */
export function deviceKey(d: Device | undefined): string {
  if (!d) return 'default';
  if (!ids.has(d)) ids.set(d, next++);
  return `${d.name}#${ids.get(d)}`;
}
