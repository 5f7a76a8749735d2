import { describe, it, expect } from 'vitest';
import { Linear, ReLU, Sequential, Tensor, manualSeed, nn, rand, randn } from '@dnn/tensor';
import { gradcheck } from '@dnn/tensor/testing';
import { Graph } from './graph';
import { GATConv } from './gat-conv';
import { GCNConv } from './gcn-conv';
import { GINConv } from './gin-conv';
import { SAGEConv } from './sage-conv';
import { globalAddPool, globalMaxPool, globalMeanPool } from './pool';
import { batchGraphs } from './batch';
import type { GraphLayer } from './testing/golden-cases';

const f64 = { dtype: 'float64' as const };

// A directed graph with a node without in-edges (4) and an isolated node (5).
const graph = new Graph({ edgeIndex: [[0, 1, 2, 3, 0, 2, 4, 1], [1, 2, 0, 0, 3, 3, 1, 0]], numNodes: 6, name: 'gradcheck' });

/** Finite differences through the input and every parameter of a layer on `graph`, in float64. */
async function checkLayer(layer: GraphLayer, features: number, g = graph): Promise<void> {
  manualSeed(5);
  const x = randn([g.numNodes, features], f64);
  const named = layer.namedParameters();
  const fn = (input: Tensor, ...params: Tensor[]) =>
    nn.functionalCall(layer, Object.fromEntries(named.map(([n], i) => [n, params[i]!])), input, g);
  const report = await gradcheck(fn, [x, ...named.map(([, p]) => p.detach())], { eps: 1e-6, atol: 1e-7, rtol: 1e-5 });
  expect(report.inputs).toHaveLength(1 + named.length);
}

describe('finite-difference gradients through every graph layer (float64)', () => {
  it('GCNConv', () => checkLayer(new GCNConv(3, 2, f64), 3));
  it('GCNConv improved, without normalization', () => checkLayer(new GCNConv(3, 2, { ...f64, improved: true }), 3)
    .then(() => checkLayer(new GCNConv(3, 2, { ...f64, normalize: false }), 3)));
  it('GCNConv through its edge weights (normalization included), with an existing self-loop', async () => {
    manualSeed(6);
    const looped = new Graph({ edgeIndex: [[...graph.src, 2], [...graph.dst, 2]], numNodes: 6 });
    const conv = new GCNConv(3, 2, { ...f64, improved: true });
    const x = randn([6, 3], f64);
    const w = rand([looped.numEdges], f64).add(0.5);
    const report = await gradcheck((xi: Tensor, wi: Tensor) => conv.forward(xi, looped, wi), [x, w], { eps: 1e-6, atol: 1e-7, rtol: 1e-5 });
    expect(report.inputs).toHaveLength(2);
  });
  it('GATConv, 2 heads, through the attention softmax over neighbours', () =>
    checkLayer(new GATConv(3, 2, { ...f64, heads: 2 }), 3));
  it('GATConv heads averaged, no self-loops (a node with an empty neighbourhood)', () =>
    checkLayer(new GATConv(3, 2, { ...f64, heads: 2, concat: false, addSelfLoops: false }), 3));
  it('SAGEConv mean and max', () => checkLayer(new SAGEConv(3, 2, f64), 3)
    .then(() => checkLayer(new SAGEConv(3, 2, { ...f64, aggr: 'max' }), 3)));
  it('SAGEConv normalized', () => checkLayer(new SAGEConv(3, 2, { ...f64, normalize: true }), 3));
  it('GINConv with trainable eps', () => {
    manualSeed(3);
    const net = new Sequential(new Linear(3, 4, f64), new ReLU(), new Linear(4, 2, f64));
    return checkLayer(new GINConv(net, { ...f64, trainEps: true, eps: 0.1 }), 3);
  });
  it('global sum, mean and max pooling over a batch', async () => {
    const b = batchGraphs([graph, new Graph({ edgeIndex: [[0], [1]], numNodes: 3 })]);
    manualSeed(8);
    const x = randn([b.numNodes, 3], f64);
    for (const pool of [globalAddPool, globalMeanPool, globalMaxPool]) {
      const report = await gradcheck((t: Tensor) => pool(t, b), [x], { eps: 1e-6, atol: 1e-7, rtol: 1e-5 });
      expect(report.inputs).toHaveLength(1);
    }
  });
});
