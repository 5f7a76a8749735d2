import { ValueError } from '../errors';
import { isTensor } from '../memory';
import type { Tensor } from '../tensor';

/**
 * A user's dict of tensors (a state dict) read by own keys only: `toString` or `constructor` are
 * entries only when the dict itself holds them, and a prototype's keys never count. Every value must
 * be a live tensor. `op` names the caller in the ValueErrors.
 */
export function tensorEntries(dict: unknown, op: string): Map<string, Tensor> {
  if (dict instanceof Map) throw new ValueError(`${op}: expected a dict of tensors (name → Tensor), got a Map; pass Object.fromEntries(map)`);
  if (typeof dict !== 'object' || dict === null || Array.isArray(dict)) {
    throw new ValueError(`${op}: expected a dict of tensors (name → Tensor), got ${describeValue(dict)}`);
  }
  const out = new Map<string, Tensor>();
  for (const key of Object.keys(dict)) {
    const value: unknown = (dict as Record<string, unknown>)[key];
    if (!isTensor(value)) throw new ValueError(`${op}: '${key}' is not a tensor (got ${describeValue(value)})`);
    if ((value as Tensor).disposed) throw new ValueError(`${op}: '${key}' was disposed`);
    out.set(key, value as Tensor);
  }
  return out;
}

/** A short description of a value for error messages, never its whole contents. */
export function describeValue(v: unknown): string {
  if (v === null || v === undefined || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (typeof v === 'string') return v.length > 40 ? `${v.slice(0, 40)}…` : v;
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'function') return 'a function';
  return v instanceof Map ? 'a Map' : 'an object';
}
