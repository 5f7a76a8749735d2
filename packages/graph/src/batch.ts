import { ValueError, concat, type Tensor } from '@dnn/tensor';
import { Graph } from './graph';

/**
 * Many graphs as one disjoint graph, as PyG's `Batch.from_data_list`: node ids of graph k are
 * shifted by the node count of the graphs before it, features are concatenated along rows, and
 * `batch[i]` gives the graph of node i. Graph-level labels `y` are concatenated too.
 */
export function batchGraphs(graphs: readonly Graph[], opts: { name?: string } = {}): Graph {
  if (graphs.length === 0) throw new ValueError('batchGraphs: needs at least one graph');
  const name = opts.name ?? 'batch';
  const numNodes = graphs.reduce((n, g) => n + g.numNodes, 0);
  const numEdges = graphs.reduce((n, g) => n + g.numEdges, 0);
  const src = new Int32Array(numEdges), dst = new Int32Array(numEdges), batch = new Int32Array(numNodes);
  let nodeOffset = 0, edgeOffset = 0;
  graphs.forEach((g, k) => {
    if (g.batch && g.numGraphs > 1) throw new ValueError(`batchGraphs: graph ${k} ("${g.name}") is already a batch; unbatch it first`);
    for (let e = 0; e < g.numEdges; e++) {
      src[edgeOffset + e] = g.src[e]! + nodeOffset;
      dst[edgeOffset + e] = g.dst[e]! + nodeOffset;
    }
    batch.fill(k, nodeOffset, nodeOffset + g.numNodes);
    nodeOffset += g.numNodes;
    edgeOffset += g.numEdges;
  });
  const field = (pick: (g: Graph) => Tensor | null, what: string): Tensor | null => {
    const parts = graphs.map(pick);
    if (parts.every((t) => t === null)) return null;
    const missing = parts.findIndex((t) => t === null);
    if (missing >= 0) throw new ValueError(`batchGraphs: graph ${missing} ("${graphs[missing]!.name}") has no ${what} while others do`);
    return concat(parts as Tensor[], 0);
  };
  return new Graph({
    edgeIndex: [src, dst], numNodes, batch, name,
    x: field((g) => g.x, 'x'), edgeAttr: field((g) => g.edgeAttr, 'edgeAttr'), y: field((g) => g.y, 'y'),
    directed: graphs.some((g) => g.directed),
  });
}

/**
 * Splits a batch back into its graphs (node ids renumbered from 0). `y` is split per node when it
 * has one row per node, else per graph.
 */
export function unbatch(batch: Graph): Graph[] {
  if (!batch.batch) return [batch];
  const k = batch.numGraphs;
  const out: Graph[] = [];
  let start = 0;
  for (let gi = 0; gi < k; gi++) {
    let end = start;
    while (end < batch.numNodes && batch.batch[end] === gi) end++;
    const nodes = Int32Array.from({ length: end - start }, (_, i) => start + i);
    let g = batch.subgraph(nodes).with({ batch: null, name: `${batch.name}[${gi}]` });
    if (batch.y && batch.y.shape[0] === k && k !== batch.numNodes) g = g.with({ y: batch.y.narrow(0, gi, 1) });
    out.push(g);
    start = end;
  }
  return out;
}
