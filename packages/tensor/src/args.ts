import { ValueError } from './errors';

/**
 * Checks of plain arguments (sizes, offsets, lists of dims) at the door of a public function, so a
 * wrong type or a NaN is refused by name instead of failing deep inside with a TypeError.
 */

const show = (v: unknown): string => {
  if (Array.isArray(v)) return `[${v.map((x) => show(x)).join(',')}]`;
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'object' && v !== null) return Object.prototype.toString.call(v);
  return String(v);
};

/** An integer (a safe one: beyond 2^53 sizes and offsets lose their meaning). */
export function intArg(v: unknown, op: string, name: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new ValueError(`${op}: ${name} must be an integer, got ${show(v)}`);
  return v;
}

/** An array of integers, each at least `min`. */
export function intListArg(v: unknown, op: string, name: string, min = -Infinity): number[] {
  if (!Array.isArray(v) || !v.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= min)) {
    const what = min === 0 ? 'non-negative integers' : min === -1 ? 'integers ≥ -1' : 'integers';
    throw new ValueError(`${op}: ${name} must be an array of ${what}, got ${show(v)}`);
  }
  return [...(v as number[])];
}
