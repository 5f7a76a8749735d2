import type { Workload } from './types';

/**
 * Rectangular products by the same B each run: a recurrent step's shapes (LSTM 256 hidden, batch 32),
 * h·W_hhᵀ forward and dgates·W_hh backward, where the CPU device packs W_hh once (packed-b.ts).
 */
export const GEMM_WORKLOADS: readonly Workload[] = [
  { m: 32, k: 256, n: 1024, transposeB: true, what: 'h·W_hhᵀ (LSTM forward step)' },
  { m: 32, k: 1024, n: 256, transposeB: false, what: 'dgates·W_hh (LSTM backward step)' },
].map(({ what, ...s }) => ({
  name: `matmul-${s.m}x${s.k}x${s.n}`,
  description: `${s.m}×${s.k} · ${s.k}×${s.n}, ${what}`,
  spec: { kind: 'matmul-mkn', ...s },
  work: 2 * s.m * s.k * s.n,
  unit: 'GFLOP/s',
}));
