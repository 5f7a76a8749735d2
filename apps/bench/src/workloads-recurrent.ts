import type { Workload } from './types';

/** The recurrent rows: LSTM and GRU, batch 32, 64 steps, 128 → 256, forward and backward (to input and weights). */
export const RECURRENT_WORKLOADS: readonly Workload[] = (['LSTM', 'GRU'] as const).map((cell) => ({
  name: `${cell.toLowerCase()}-32x64-128to256-fwdbwd`,
  description: `${cell} 128→256, batch 32, 64 steps: forward + backward of the summed output`,
  spec: { kind: 'rnn-fwdbwd', cell, batch: 32, seq: 64, input: 128, hidden: 256 },
  work: 32,
  unit: 'sequences/s',
}));
