import { describe, it, expect } from 'vitest';
import { Linear, ReLU, Sequential, indexSelect, manualSeed, randn, tensor, type Tensor } from '@dnn/tensor';
import { Graph } from './graph';
import { GATConv } from './gat-conv';
import { GCNConv } from './gcn-conv';
import { GINConv } from './gin-conv';
import { SAGEConv } from './sage-conv';
import { globalAddPool, globalMaxPool, globalMeanPool } from './pool';
import type { GraphLayer } from './testing/golden-cases';

const f64 = { dtype: 'float64' as const };
const N = 9;
// A random-looking directed graph with an isolated node (8).
const edges: [number[], number[]] = [[0, 1, 2, 3, 4, 5, 6, 7, 0, 2, 4, 6, 1, 5], [1, 2, 3, 4, 5, 6, 7, 0, 4, 6, 0, 2, 7, 3]];
const perm = [4, 7, 0, 8, 2, 6, 1, 3, 5]; // new node k is old node perm[k]

/** The same graph with nodes renumbered: old node perm[k] becomes k; edges also listed in reverse. */
function permuted(): Graph {
  const inv = new Array<number>(N);
  perm.forEach((old, k) => { inv[old] = k; });
  const src = edges[0].map((v) => inv[v]!).reverse();
  const dst = edges[1].map((v) => inv[v]!).reverse();
  return new Graph({ edgeIndex: [src, dst], numNodes: N });
}

const rows = (t: Tensor): Tensor => indexSelect(t, 0, tensor(perm, { dtype: 'int32' }));

function maxDiff(a: Tensor, b: Tensor): number {
  const x = Array.from(a.dataSync(), Number), y = Array.from(b.dataSync(), Number);
  return x.reduce((m, v, i) => Math.max(m, Math.abs(v - y[i]!)), 0);
}

const layers: [string, () => GraphLayer][] = [
  ['GCNConv', () => new GCNConv(4, 3, f64)],
  ['GATConv', () => new GATConv(4, 3, { ...f64, heads: 2 })],
  ['SAGEConv mean', () => new SAGEConv(4, 3, f64)],
  ['SAGEConv max', () => new SAGEConv(4, 3, { ...f64, aggr: 'max' })],
  ['GINConv', () => new GINConv(new Sequential(new Linear(4, 5, f64), new ReLU(), new Linear(5, 3, f64)), { ...f64, eps: 0.2 })],
];

describe('permuting node order permutes outputs (equivariance)', () => {
  for (const [name, make] of layers) {
    it(name, () => {
      manualSeed(21);
      const layer = make();
      const x = randn([N, 4], f64);
      const g = new Graph({ edgeIndex: edges, numNodes: N });
      const y = layer.forward(x, g);
      const yp = layer.forward(rows(x), permuted());
      expect(maxDiff(yp, rows(y))).toBeLessThan(1e-12);
      // and the outputs are not trivially equal under a different order
      expect(maxDiff(yp, y)).toBeGreaterThan(1e-3);
    });
  }
});

describe('pooling is invariant to node order', () => {
  it('sum, mean and max over one graph', () => {
    manualSeed(22);
    const x = randn([N, 3], f64);
    for (const pool of [globalAddPool, globalMeanPool, globalMaxPool]) {
      expect(maxDiff(pool(rows(x)), pool(x))).toBeLessThan(1e-12);
    }
  });
  it('sum, mean and max with a batch vector, exact values', () => {
    const x = tensor([[1, -2], [3, 5], [-4, 0], [2, 2]], f64);
    const batch = [0, 0, 0, 1];
    expect(globalAddPool(x, batch).arraySync()).toEqual([[0, 3], [2, 2]]);
    expect(globalMeanPool(x, batch).arraySync()).toEqual([[0, 1], [2, 2]]);
    expect(globalMaxPool(x, batch).arraySync()).toEqual([[3, 5], [2, 2]]);
    expect(globalMaxPool(x, [0, 0, 0, 0], 2).arraySync()).toEqual([[3, 5], [0, 0]]); // an empty graph pools to 0
  });
});
