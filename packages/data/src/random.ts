import seedrandom from 'seedrandom';

/** A source of uniform floats in [0, 1). Everything random in this package takes one. */
export type Random = () => number;

/**
 * A seeded Random keyed by several parts, e.g. (seed, epoch, 'shuffle'). Joining the parts into
 * one string key keeps (seed 1, epoch 0) and (seed 0, epoch 1) apart, which seed + epoch would not.
 */
export function seededRandom(...parts: (number | string)[]): Random {
  const rng = seedrandom(parts.join('/'));
  return () => rng.double(); // 53 random bits, so index draws stay uniform for any length
}

/** An integer in [0, n). */
export function randomInt(random: Random, n: number): number {
  return Math.floor(random() * n);
}

/** Fisher-Yates shuffle in place. */
export function shuffleInPlace<A extends { [i: number]: number; length: number }>(a: A, random: Random): A {
  for (let i = a.length - 1; i > 0; i--) {
    const j = randomInt(random, i + 1);
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
  return a;
}
