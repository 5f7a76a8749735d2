import { seededRandom, shuffleInPlace } from './random';

/**
 * Stratified split: sample indices into parts of the given fractions, each class divided in
 * the same proportions (so a 90/10 split of a balanced set keeps both parts balanced).
 * Fractions must be positive and sum to at most 1; below 1 the rest is left out. Per class the
 * counts are rounded by largest remainder, so a class's parts add up to round(n_c * sum).
 * Returns one ascending Int32Array of indices per fraction.
 */
export function split(labels: ArrayLike<number>, fractions: readonly number[], seed: number | string = 0): Int32Array[] {
  if (fractions.length === 0) throw new RangeError('split: give at least one fraction');
  if (fractions.some((f) => !(f > 0))) throw new RangeError(`split: fractions must be positive, got [${fractions.join(', ')}]`);
  const total = fractions.reduce((a, b) => a + b, 0);
  if (total > 1 + 1e-9) throw new RangeError(`split: fractions sum to ${total}, more than 1`);

  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    let members = byClass.get(l);
    if (members === undefined) byClass.set(l, (members = []));
    members.push(i);
  }
  const parts: number[][] = fractions.map(() => []);
  // classes in label order so the random stream, and thus the result, does not depend on Map order
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    const members = shuffleInPlace(byClass.get(label)!, seededRandom(seed, 'split', label));
    let at = 0;
    allot(members.length, fractions, total).forEach((count, k) => {
      parts[k]!.push(...members.slice(at, at + count));
      at += count;
    });
  }
  return parts.map((p) => Int32Array.from(p).sort());
}

/** Splits n into counts proportional to fractions (largest-remainder rounding). */
function allot(n: number, fractions: readonly number[], total: number): number[] {
  const exact = fractions.map((f) => f * n);
  const counts = exact.map(Math.floor);
  let left = Math.round(n * total) - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((e, k) => [e - counts[k]!, k] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, k] of byRemainder) {
    if (left <= 0) break;
    counts[k]!++;
    left--;
  }
  return counts;
}
