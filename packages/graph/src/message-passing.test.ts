import { describe, it, expect } from 'vitest';
import { tensor } from '@dnn/tensor';
import { Graph } from './graph';
import { propagate, propagateWeighted } from './message-passing';

describe('propagateWeighted: Σ_{j → i} w_ji · x_j as one sparse product', () => {
  // edges 0→1, 2→1, 0→1 (a repeat), 1→0; node 2 has no in-edges
  const graph = new Graph({ edgeIndex: [[0, 2, 0, 1], [1, 1, 1, 0]], numNodes: 3, name: 'g' });
  const x = tensor([[1, 2], [3, 4], [5, 6]], { dtype: 'float64' });
  it('gives the exact sums, 0 for a node without in-edges', () => {
    const w = tensor([0.5, 2, -1, 3], { dtype: 'float64' });
    expect(propagateWeighted(graph, x, w).arraySync()).toEqual([[9, 12], [0.5 * 1 + 2 * 5 - 1, 0.5 * 2 + 2 * 6 - 2], [0, 0]]);
  });
  it('per-head weights on x [N, H, C] match gather, weight and sum bit for bit', () => {
    const xh = tensor([[[1.1, 2.3], [3.7, 4.1]], [[5.3, 6.9], [7.7, 8.3]], [[9.1, 1.7], [2.9, 3.1]]], { dtype: 'float64' });
    const w = tensor([[0.3, 1.7], [2.1, -0.9], [-1.3, 0.7], [3.3, 0.1]], { dtype: 'float64' });
    const fused = propagateWeighted(graph, xh, w).dataSync();
    const composed = propagate(graph, xh, { aggr: 'sum', message: (xj) => xj.mul(w.unsqueeze(-1)) }).dataSync();
    expect(Array.from(fused)).toEqual(Array.from(composed));
  });
});
