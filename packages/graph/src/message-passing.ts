import { indexSelect, spmm, type Tensor } from '@dnn/tensor';
import type { Graph } from './graph';

/** How messages arriving at a node are combined. `add` is PyG's name for `sum`. */
export type Aggregation = 'sum' | 'add' | 'mean' | 'max';

/** Rows of `x` at the source node j of every edge j → i ([N, …] → [E, …]). */
export function gatherSource(x: Tensor, graph: Graph): Tensor {
  return indexSelect(x, 0, graph.endpoint('source', x.device));
}

/** Rows of `x` at the target node i of every edge j → i ([N, …] → [E, …]). */
export function gatherTarget(x: Tensor, graph: Graph): Tensor {
  return indexSelect(x, 0, graph.endpoint('target', x.device));
}

/** Combines per-edge messages [E, …] at their target nodes into [N, …]; nodes without in-edges get 0. */
export function aggregate(messages: Tensor, graph: Graph, aggr: Aggregation): Tensor {
  const seg = graph.incoming();
  switch (aggr) {
    case 'sum': case 'add': return seg.sum(messages);
    case 'mean': return seg.mean(messages);
    case 'max': return seg.max(messages);
  }
}

/** Softmax of per-edge scores [E, …] over the in-edges of each target node (attention). */
export function edgeSoftmax(scores: Tensor, graph: Graph): Tensor {
  return graph.incoming().softmax(scores);
}

export interface PropagateOptions {
  aggr: Aggregation;
  /**
   * The message of each edge j → i from its source row x_j ([E, …], edges in the graph's order, so
   * per-edge weights line up). Default: x_j itself.
   */
  message?: (xj: Tensor) => Tensor;
}

/**
 * The message-passing scheme every layer here is built on:
 * out_i = AGGR_{j ∈ N(i)} message(x_j) — gather source rows, form messages, scatter-aggregate at
 * the targets. The layer applies its update (root term, bias, nonlinearity) to the result.
 */
export function propagate(graph: Graph, x: Tensor, opts: PropagateOptions): Tensor {
  const xj = gatherSource(x, graph);
  return aggregate(opts.message ? opts.message(xj) : xj, graph, opts.aggr);
}

/**
 * out_i = Σ_{j → i} w_{ji} · x_j: `propagate` with sum aggregation of weighted source rows, as one
 * sparse × dense product (x [N, F] with weights [E], or x [N, H, C] with per-head weights [E, H]).
 * The same sums in the same order as gathering, weighting and scatter-adding, without the [E, …]
 * messages (the backend's fused kernel where it has one).
 */
export function propagateWeighted(graph: Graph, x: Tensor, weight: Tensor): Tensor {
  return spmm(graph.endpoint('target', x.device), graph.endpoint('source', x.device), weight, x, graph.numNodes);
}
