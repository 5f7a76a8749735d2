import { Linear, Module, ReLU, Sequential, tensor, type DType, type Device, type Tensor } from '@dnn/tensor';
import { Graph } from '../graph';
import { GATConv } from '../gat-conv';
import { GCNConv } from '../gcn-conv';
import { GINConv } from '../gin-conv';
import { SAGEConv } from '../sage-conv';
import { globalAddPool, globalMaxPool, globalMeanPool } from '../pool';

/** One golden case of `packages/graph/fixtures/layers.json` (written by tooling/fixtures/gen_graph.py). */
export interface Arr { shape: number[]; data: number[] }
export interface GoldenCase {
  name: string; layer: string; options: Record<string, number | boolean | string>;
  graph: { numNodes: number; edgeIndex: [number[], number[]]; batch?: number[] };
  state: Record<string, Arr>; input: Arr; gradOutput: Arr; output: Arr; gradInput: Arr;
  gradParams: Record<string, Arr>;
  /** GCNConv cases with edge weights: the weights and their gradient. */
  edgeWeight?: Arr; gradEdgeWeight?: Arr;
}

export type GraphLayer = Module & { forward(x: Tensor, g: Graph, edgeWeight?: Tensor | null): Tensor };

/** Pooling functions as parameter-free modules, so every case runs the same way. */
class Pool extends Module {
  constructor(readonly fn: (x: Tensor, g: Graph) => Tensor) { super(); }
  forward(x: Tensor, g: Graph): Tensor { return this.fn(x, g); }
}

/** The dnn layer for a case, with the case's options, in `dtype` on `device`. */
export function buildLayer(c: GoldenCase, dtype: DType, device?: Device): GraphLayer {
  const o = c.options as Record<string, never>;
  const base = { dtype, device };
  switch (c.layer) {
    case 'GCNConv': return new GCNConv(o.in, o.out, { ...o, ...base });
    case 'GATConv': return new GATConv(o.in, o.out, { ...o, ...base });
    case 'SAGEConv': return new SAGEConv(o.in, o.out, { ...o, ...base });
    case 'GINConv': {
      const net = new Sequential(new Linear(o.in, o.hidden, base), new ReLU(), new Linear(o.hidden, o.out, base));
      return new GINConv(net, { eps: o.eps, trainEps: o.trainEps, ...base });
    }
    case 'global_add_pool': return new Pool(globalAddPool);
    case 'global_mean_pool': return new Pool(globalMeanPool);
    case 'global_max_pool': return new Pool(globalMaxPool);
    default: throw new Error(`no builder for ${c.layer}`);
  }
}

export function buildGraph(c: GoldenCase): Graph {
  return new Graph({ ...c.graph, name: c.name });
}

export function toTensor(a: Arr, dtype: DType, device?: Device): Tensor {
  return tensor(Float64Array.from(a.data), { shape: a.shape, dtype, device });
}
