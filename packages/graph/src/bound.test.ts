import { describe, it, expect } from 'vitest';
import { manualSeed, randn, tensor } from '@dnn/tensor';
import { Graph } from './graph';
import { batchGraphs } from './batch';
import { GCNConv } from './gcn-conv';
import { GINClassifier } from './demos/models';
import { OnBatch, OnGraph, bindGraph, isBatchHandle } from './bound';

describe('models bound to their graphs (one tensor per batch)', () => {
  it('OnGraph gives the rows of the full forward pass, with the inner names in the state dict', () => {
    manualSeed(1);
    const g = new Graph({ edgeIndex: [[0, 1, 2], [1, 2, 0]], x: randn([3, 2]) });
    const conv = new GCNConv(2, 2);
    const bound = new OnGraph(conv, g);
    const rows = bound.forward(tensor([2, 0], { dtype: 'int32' })).arraySync() as number[][];
    const full = conv.forward(g.x!, g).arraySync() as number[][];
    expect(rows).toEqual([full[2], full[0]]);
    expect(Object.keys(bound.stateDict()).sort()).toEqual(['model.bias', 'model.lin.weight']);
  });
  it('OnBatch finds the batched graph from its handle (one row per graph) and refuses other tensors', () => {
    manualSeed(2);
    const graphs = [0, 1].map((k) => new Graph({ edgeIndex: [[0], [1]], numNodes: 2 + k, x: randn([2 + k, 2]) }));
    const model = new OnBatch(new GINClassifier(2, 3));
    const batch = batchGraphs(graphs);
    const handle = bindGraph(batch);
    expect(handle.shape).toEqual([2]);
    expect(isBatchHandle(handle)).toBe(true);
    expect(isBatchHandle(randn([2]))).toBe(false);
    const out = model.forward(handle);
    expect(out.shape).toEqual([2, 3]);
    expect(out.arraySync()).toEqual(model.model.forward(batch.x!, batch).arraySync());
    expect(() => model.forward(randn([5, 2]))).toThrow(/not a batch handle/);
  });
});
