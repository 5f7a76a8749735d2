import { describe, it, expect } from 'vitest';
import { Generator } from '@dnn/tensor';
import { contextualSbm } from '../datasets/csbm';
import { csbmSweep } from './csbm';

describe('contextual stochastic block model', () => {
  it('the generator gives the requested homophily and degree, deterministically by seed', () => {
    const g = contextualSbm({ numNodes: 2000, avgDegree: 10, homophily: 0.75, generator: new Generator(4) });
    const y = g.y!.arraySync() as number[];
    const same = Array.from(g.src).filter((u, e) => y[u] === y[g.dst[e]!]).length / g.numEdges;
    expect(same).toBeGreaterThan(0.72);
    expect(same).toBeLessThan(0.78);
    expect(g.numEdges / g.numNodes).toBeGreaterThan(9.5); // both directions, few duplicates dropped
    expect(g.isUndirected()).toBe(true);
    expect(g.hasSelfLoops()).toBe(false);
    const again = contextualSbm({ numNodes: 2000, avgDegree: 10, homophily: 0.75, generator: new Generator(4) });
    expect(Array.from(again.dst)).toEqual(Array.from(g.dst));
  });

  it('GCN, GAT and SAGE beat the feature-only MLP by at least 10 points (200 nodes, medium level)', () => {
    const [row] = csbmSweep({ numNodes: 200, epochs: 30, seed: 0, levels: [{ name: 'medium', homophily: 0.8, signal: 0.6 }] });
    const acc = row!.accuracy;
    for (const kind of ['gcn', 'gat', 'sage'] as const) expect(acc[kind] - acc.mlp, kind).toBeGreaterThanOrEqual(0.1);
  }, 30000);
});
