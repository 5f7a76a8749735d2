import { fromTypedArray, keep, type DType, type Device, type Tensor } from '@dnn/tensor';
import { deviceKey } from './device-key';
import { hostArray } from './host-array';
import type { Graph } from './graph';

export interface GcnNormOptions {
  /** Add a self-loop to every node first (one per node; nodes that had loops keep one of weight 1). Default true. */
  addSelfLoops?: boolean;
  /** Weight of the added self-loops: 2 in the "improved" GCN, else 1. Default false. */
  improved?: boolean;
}

export interface GcnNorm {
  /** The graph the weights belong to (with self-loops when they were added). */
  graph: Graph;
  /** w_e = d_i^{-1/2} · a_e · d_j^{-1/2} for edge e = (j → i), d = weighted in-degree; 0 where d = 0. */
  weight: Float64Array;
}

/**
 * GCN's symmetric normalization D^{-1/2} (A + I) D^{-1/2}, per edge, as PyG's `gcn_norm`:
 * degrees are counted at the targets (edge_index[1]) including the self-loops. Built once per graph.
 */
export function gcnNorm(graph: Graph, opts: GcnNormOptions = {}): GcnNorm {
  const loops = opts.addSelfLoops ?? true;
  const improved = opts.improved ?? false;
  return graph.memo(`gcnNorm:${loops}:${improved}`, () => {
    const g = loops ? graph.addSelfLoops() : graph;
    const a = new Float64Array(g.numEdges).fill(1);
    if (loops && improved) {
      // PyG's add_remaining_self_loops: a node that already had a loop keeps weight 1
      const hadLoop = new Uint8Array(graph.numNodes);
      graph.src.forEach((s, e) => { if (s === graph.dst[e]) hadLoop[s] = 1; });
      const first = g.numEdges - g.numNodes;
      for (let i = 0; i < g.numNodes; i++) if (!hadLoop[i]) a[first + i] = 2;
    }
    const deg = new Float64Array(g.numNodes);
    for (let e = 0; e < g.numEdges; e++) deg[g.dst[e]!]! += a[e]!;
    const dis = deg.map((d) => (d > 0 ? 1 / Math.sqrt(d) : 0));
    const weight = a.map((w, e) => dis[g.src[e]!]! * w * dis[g.dst[e]!]!);
    return { graph: g, weight };
  });
}

/** Per-edge weights as an [E, 1] tensor of `dtype` on `device`, memoized on the graph. */
export function edgeWeightTensor(graph: Graph, key: string, weight: Float64Array, dtype: DType, device: Device): Tensor {
  return graph.memo(`${key}:${dtype}:${deviceKey(device)}`, () =>
    keep(fromTypedArray(hostArray(weight, dtype), [weight.length, 1], { dtype, device })));
}

/** The graph with one self-loop per node (existing loops replaced), built once per graph. */
export function withSelfLoops(graph: Graph): Graph {
  return graph.memo('withSelfLoops', () => graph.addSelfLoops());
}

/**
 * The graph's edges stably sorted by target: each node's in-edges keep their relative order, so every
 * sum over a node's in-edges (aggregation, segment softmax) adds the same terms in the same order, while
 * the kernels stream the edges instead of jumping through them. `perm[e']` is the original edge of
 * sorted edge e'. Built once per graph; a layer's internal graph only (edge features are dropped).
 */
export function sortedByTarget(graph: Graph): { graph: Graph; perm: Int32Array } {
  return graph.memo('sortedByTarget', () => {
    const { perm } = graph.csr();
    const sorted = graph.with({ edgeIndex: [perm.map((e) => graph.src[e]!), perm.map((e) => graph.dst[e]!)], edgeAttr: null });
    return { graph: sorted, perm };
  });
}
