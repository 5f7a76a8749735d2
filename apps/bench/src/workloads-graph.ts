import type { Workload } from './types';

/**
 * Graph neural network rows: a 2-layer GCN and a 2-layer GAT (4 heads, then 1), forward and backward
 * of a cross-entropy loss over every node, on a two-class stochastic block model (homophily 0.8,
 * undirected, E counts both directions). One step per run.
 */
const gnn = (model: 'gcn' | 'gat', nodes: number, edges: number, label: string): Workload => ({
  name: `${model}-sbm-${label}`,
  description: `2-layer ${model.toUpperCase()} fwd+bwd, SBM ${nodes.toLocaleString('en')} nodes / ${edges.toLocaleString('en')} edges, 32 → 32 → 4`,
  spec: { kind: 'gnn', model, nodes, edges, features: 32, hidden: 32, classes: 4, heads: model === 'gat' ? 4 : 1 },
  work: 1,
  unit: 'steps/s',
});

export const GRAPH_WORKLOADS: readonly Workload[] = [
  gnn('gcn', 10_000, 100_000, '10k'),
  gnn('gat', 10_000, 100_000, '10k'),
  gnn('gcn', 100_000, 1_000_000, '100k'),
  gnn('gat', 100_000, 1_000_000, '100k'),
];
