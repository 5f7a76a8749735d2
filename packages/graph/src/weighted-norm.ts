import { ShapeError, fmtShape, fromTypedArray, gt, indexSelect, keep, concat, where, type Tensor } from '@dnn/tensor';
import { deviceKey } from './device-key';
import type { Graph } from './graph';
import { withSelfLoops, type GcnNormOptions } from './norm';

/** Host tables that map a graph's edge weights onto its self-looped graph. */
interface LoopTables {
  /** Positions of the non-loop edges, in order (the first edges of the looped graph). */
  kept: Int32Array;
  /** Per node: the position of its existing loop, or 0 (masked out by `hasLoop`). */
  loopEdge: Int32Array;
  hasLoop: Uint8Array;
}

function loopTables(graph: Graph): LoopTables {
  return graph.memo('loopTables', () => {
    const kept: number[] = [];
    const loopEdge = new Int32Array(graph.numNodes), hasLoop = new Uint8Array(graph.numNodes);
    for (let e = 0; e < graph.numEdges; e++) {
      const s = graph.src[e]!;
      if (s !== graph.dst[e]) kept.push(e);
      else if (!hasLoop[s]) { hasLoop[s] = 1; loopEdge[s] = e; }
    }
    return { kept: Int32Array.from(kept), loopEdge, hasLoop };
  });
}

/**
 * GCN's normalization with edge weights a_e ([E], differentiable), as PyG's `gcn_norm` with
 * `edge_weight`: self-loops are added with weight 1 (2 when improved), a node that had a loop keeps
 * its weight; d_i = Σ_{e → i} a_e; w_e = d_j^{-1/2} a_e d_i^{-1/2} (0 where d = 0). Returns the graph
 * the weights belong to and the weights [E'].
 */
export function gcnNormWeighted(graph: Graph, edgeWeight: Tensor, opts: GcnNormOptions = {}): { graph: Graph; weight: Tensor } {
  if (edgeWeight.rank !== 1 || edgeWeight.shape[0] !== graph.numEdges) {
    throw new ShapeError(`gcnNorm: edge weights must be [${graph.numEdges}] for graph "${graph.name}", got ${fmtShape(edgeWeight.shape)}`);
  }
  const dev = edgeWeight.device, key = deviceKey(dev);
  let g = graph, w = edgeWeight;
  if (opts.addSelfLoops ?? true) {
    g = withSelfLoops(graph);
    const t = loopTables(graph);
    const ids = (a: Int32Array, name: string) => graph.memo(`${name}:${key}`, () => keep(fromTypedArray(a, [a.length], { dtype: 'int32', device: dev })));
    const had = graph.memo(`hasLoop:${key}`, () => keep(fromTypedArray(t.hasLoop, [t.hasLoop.length], { dtype: 'bool', device: dev })));
    const loopW = where(had, indexSelect(edgeWeight, 0, ids(t.loopEdge, 'loopEdge')), opts.improved ? 2 : 1);
    w = concat([indexSelect(edgeWeight, 0, ids(t.kept, 'keptEdges')), loopW], 0);
  }
  const seg = g.incoming();
  const deg = seg.sum(w);
  const positive = gt(deg, 0);
  // the safe branch keeps the gradient finite where a node has no weight at all
  const dis = where(positive, where(positive, deg, 1).rsqrt(), 0);
  const src = g.endpoint('source', dev), dst = g.endpoint('target', dev);
  return { graph: g, weight: indexSelect(dis, 0, src).mul(w).mul(indexSelect(dis, 0, dst)) };
}
