import { seededRandom, shuffleInPlace } from './random';

export interface OrderOptions {
  shuffle: boolean;
  seed: number | string;
  epoch: number;
}

/** The sample indices of one epoch: 0..n-1, shuffled by (seed, epoch) when asked. */
export function epochOrder(n: number, { shuffle, seed, epoch }: OrderOptions): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return shuffle ? shuffleInPlace(order, seededRandom(seed, epoch, 'shuffle')) : order;
}

/** How many batches an epoch of n samples makes. */
export function batchCount(n: number, batchSize: number, dropLast: boolean): number {
  return dropLast ? Math.floor(n / batchSize) : Math.ceil(n / batchSize);
}

/** The indices of batch b of an epoch's order (a view, no copy). */
export function batchIndices(order: Int32Array, b: number, batchSize: number): Int32Array {
  return order.subarray(b * batchSize, Math.min((b + 1) * batchSize, order.length));
}
