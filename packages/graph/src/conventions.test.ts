import { describe, it, expect } from 'vitest';
import { Linear, ReLU, Sequential, manualSeed, randn, tensor, type Device, type DType, type Module, type Tensor } from '@dnn/tensor';
import { checkModuleConventions, type ModuleExample } from '@dnn/tensor/testing';
import * as graphPkg from './index';
import { Graph } from './graph';
import { batchGraphs } from './batch';

type GraphForward = Module & { forward(x: Tensor, g: Graph): Tensor };

const g = new Graph({ edgeIndex: [[0, 1, 2, 3, 4], [1, 2, 0, 4, 3]], numNodes: 6, name: 'conventions' });
const batch = batchGraphs([new Graph({ edgeIndex: [[0, 1], [1, 2]], numNodes: 3 }), new Graph({ edgeIndex: [[1], [0]], numNodes: 2 })]);
const x = (rows: number, f: number) => (o: { device: Device; dtype: DType }) => randn([rows, f], o);
const onGraph: ModuleExample['call'] = (m, input) => (m as GraphForward).forward(input!, g);
const onBatch: ModuleExample['call'] = (m, input) => (m as GraphForward).forward(input!, batch);
const mlp = () => [new Sequential(new Linear(3, 4, { dtype: 'float64' }), new ReLU(), new Linear(4, 2, { dtype: 'float64' }))];
const boundGraph = (o: { dtype?: DType }) => new Graph({ edgeIndex: [[0, 1], [1, 2]], x: randn([3, 3], { dtype: o.dtype ?? 'float32' }) });

/** Every Module class @dnn/graph exports, with its required arguments, some options and an input. */
const EXAMPLES: Record<string, ModuleExample> = {
  GCNConv: { args: [3, 2], options: { improved: true }, input: x(6, 3), call: onGraph },
  GATConv: { args: [3, 2], options: { heads: 2, dropout: 0.2 }, input: x(6, 3), call: onGraph },
  SAGEConv: { args: [3, 2], options: { aggr: 'max' }, input: x(6, 3), call: onGraph },
  GINConv: { args: mlp, options: { trainEps: true, eps: 0.1 }, input: x(6, 3), call: onGraph },
  NodeClassifier: { args: ['gat', 3, 2], options: { hidden: 4, heads: 2 }, input: x(6, 3), call: onGraph },
  GINClassifier: { args: [3, 2], options: { hidden: 4 }, input: x(5, 3), call: onBatch },
  MeanPoolMLP: { args: [3, 2], options: { hidden: 4 }, input: x(5, 3), call: onBatch },
  OnGraph: {
    // the bound graph is data: it is built in float32 and follows the module's dtype through the layer
    args: () => [new graphPkg.GCNConv(3, 2, { dtype: 'float64' }), boundGraph({ dtype: 'float64' })],
    input: (o) => tensor([2, 0], { dtype: 'int32', device: o.device }),
  },
  OnBatch: {
    // forward finds the batch by its features; the check moves inputs between devices, so it calls the inner model
    args: () => [new graphPkg.GINClassifier(3, 2, { dtype: 'float64' })],
    input: x(5, 3), call: (m, input) => (m as graphPkg.OnBatch).model.forward(input!, batch),
  },
};

describe('layer conventions of @dnn/graph', () => {
  it('every exported module takes (required arguments, options), runs forward and backward, moves with .to() and round-trips its state dict', () => {
    manualSeed(4);
    expect(checkModuleConventions(graphPkg, EXAMPLES)).toEqual([]);
  });
});
