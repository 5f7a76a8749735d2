import { isTensor, type Tensor } from '@dnn/tensor';
import type { StepOutput } from './types';

/**
 * Reads a step's output as plain numbers on any device (asynchronously, so WebGPU works) and
 * disposes the tensors it held. A bare loss becomes `{ loss }`.
 */
export async function readScalars(out: StepOutput): Promise<Record<string, number>> {
  const entries: [string, Tensor | number][] = typeof out === 'number' || isTensor(out) ? [['loss', out]] : Object.entries(out);
  if (!entries.some(([k]) => k === 'loss')) throw new TypeError('step: the record a step returns needs a `loss` entry');
  const values: Record<string, number> = {};
  try {
    for (const [name, v] of entries) values[name] = typeof v === 'number' ? v : await v.itemAsync();
  } finally {
    for (const [, v] of entries) if (typeof v !== 'number') v.dispose();
  }
  return values;
}

/** The number of samples in a batch: the leading dim of its `x` (or of the batch itself when it is a tensor), else 1. */
export function batchSize(batch: unknown): number {
  if (isTensor(batch)) return batch.shape[0] ?? 1;
  const x = (batch as { x?: unknown } | null)?.x;
  return isTensor(x) ? (x.shape[0] ?? 1) : 1;
}

/** Disposes the tensors at the top level of a batch (a tensor, an array or a plain record). */
export function disposeBatch(batch: unknown): void {
  if (isTensor(batch)) {
    batch.dispose();
  } else if (batch && typeof batch === 'object') {
    for (const v of Array.isArray(batch) ? batch : Object.values(batch)) if (isTensor(v)) v.dispose();
  }
}
