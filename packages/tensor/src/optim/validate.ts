import { ValueError } from '../errors';

/** Throws a ValueError naming the optimizer, the group and the first option that is negative or not a number. */
export function checkNonNegative(op: string, where: string, values: Record<string, number>): void {
  for (const [name, v] of Object.entries(values)) {
    if (!(typeof v === 'number' && v >= 0)) throw new ValueError(`${op}: ${name} must be a non-negative number, got ${v} (${where})`);
  }
}

/** Throws unless every value lies in [0, 1). */
export function checkUnitInterval(op: string, where: string, values: Record<string, number>): void {
  for (const [name, v] of Object.entries(values)) {
    if (!(typeof v === 'number' && v >= 0 && v < 1)) throw new ValueError(`${op}: ${name} must be in [0, 1), got ${v} (${where})`);
  }
}
