import { describe, it, expect } from 'vitest';
import { Generator, Linear, ReLU, Sequential, ShapeError, randn, manualSeed } from '@dnn/tensor';
import { Graph } from './graph';
import { GATConv } from './gat-conv';
import { GCNConv } from './gcn-conv';
import { GINConv } from './gin-conv';
import { SAGEConv } from './sage-conv';

const f64 = { dtype: 'float64' as const };
const g = new Graph({ edgeIndex: [[0, 1, 2, 3], [1, 2, 3, 0]], numNodes: 5, name: 'ring' });

describe('graph layers: names, shapes, options', () => {
  it("state-dict keys and shapes are PyTorch Geometric's", () => {
    const shapes = (m: { stateDict(): Record<string, { shape: readonly number[] }> }) =>
      Object.fromEntries(Object.entries(m.stateDict()).map(([k, t]) => [k, [...t.shape]]));
    expect(shapes(new GCNConv(3, 4))).toEqual({ 'lin.weight': [4, 3], bias: [4] });
    expect(shapes(new GATConv(3, 4, { heads: 2 }))).toEqual({ 'lin.weight': [8, 3], att_src: [1, 2, 4], att_dst: [1, 2, 4], bias: [8] });
    expect(shapes(new GATConv(3, 4, { heads: 2, concat: false }))['bias']).toEqual([4]);
    expect(shapes(new SAGEConv(3, 4))).toEqual({ 'lin_l.weight': [4, 3], 'lin_l.bias': [4], 'lin_r.weight': [4, 3] });
    const gin = new GINConv(new Sequential(new Linear(3, 4), new ReLU(), new Linear(4, 2)));
    expect(shapes(gin)).toEqual({ 'nn.0.weight': [4, 3], 'nn.0.bias': [4], 'nn.2.weight': [2, 4], 'nn.2.bias': [2], eps: [1] });
    expect(gin.namedParameters().map(([n]) => n)).not.toContain('eps'); // a buffer unless trainEps
    expect(new GINConv(new Linear(3, 3), { trainEps: true }).namedParameters().map(([n]) => n)).toContain('eps');
  });

  it('initialization: zero biases, Glorot-bounded projections', () => {
    const gat = new GATConv(30, 20, { heads: 2, generator: new Generator(1) });
    expect(Math.max(...Array.from(gat.bias!.dataSync(), Math.abs))).toBe(0);
    const bound = Math.sqrt(6 / (30 + 40));
    const w = Array.from(gat.lin.weight.dataSync(), Math.abs);
    expect(Math.max(...w)).toBeLessThanOrEqual(bound);
    expect(Math.max(...w)).toBeGreaterThan(0.9 * bound);
  });

  it('wrong feature shapes are refused with the layer and graph named', () => {
    expect(() => new GCNConv(3, 2).forward(randn([5, 4]), g)).toThrow(ShapeError);
    expect(() => new GATConv(3, 2).forward(randn([4, 3]), g)).toThrow(/GATConv\(3→2, heads=1\): expected x \[5, 3\] for graph "ring", got \[4,3\]/);
    expect(() => new SAGEConv(3, 2).forward(randn([5]), g)).toThrow(ShapeError);
    expect(() => new GCNConv(3, 2, { normalize: false, addSelfLoops: true })).toThrow(/addSelfLoops needs normalize/);
  });

  it('attention dropout acts in training only and follows its generator', () => {
    manualSeed(2);
    const x = randn([5, 3], f64);
    const make = () => new GATConv(3, 2, { ...f64, heads: 2, dropout: 0.5, generator: new Generator(9) });
    const a = make(), b = make();
    const ya = a.forward(x, g).dataSync(), yb = b.forward(x, g).dataSync();
    expect(Array.from(ya)).toEqual(Array.from(yb));
    const train = Array.from(a.forward(x, g).dataSync());
    a.eval();
    const e1 = Array.from(a.forward(x, g).dataSync()), e2 = Array.from(a.forward(x, g).dataSync());
    expect(e1).toEqual(e2);
    expect(train).not.toEqual(e1);
  });

  it('a graph without edges: GCN sees only self-loops, SAGE max gives the root term', () => {
    const empty = new Graph({ edgeIndex: [[], []], numNodes: 3 });
    manualSeed(3);
    const x = randn([3, 2], f64);
    const gcn = new GCNConv(2, 2, f64);
    const y = gcn.forward(x, empty).dataSync(), lin = gcn.lin.forward(x).dataSync();
    Array.from(y).forEach((v, i) => expect(v).toBeCloseTo(lin[i]!, 14)); // bias is zero: Â = I
    const sage = new SAGEConv(2, 2, { ...f64, aggr: 'max' });
    const ys = sage.forward(x, empty).dataSync();
    const expected = sage.lin_r!.forward(x).add(sage.lin_l.bias!).dataSync();
    Array.from(ys).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 14));
  });
});
