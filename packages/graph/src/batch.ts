import { ValueError, concat, fromTypedArray, indexSelect, type Tensor } from '@dnn/tensor';
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
 * Splits a batch back into its graphs (node ids renumbered from 0; node features and per-node labels
 * as views of the batch's rows). `y` is split per node when it has one row per node, else per graph.
 * Linear in nodes + edges: edges are bucketed by the graph of their source in one pass.
 */
export function unbatch(batch: Graph): Graph[] {
  if (!batch.batch) return [batch];
  const k = batch.numGraphs, b = batch.batch;
  const start = new Int32Array(k + 1);
  for (let i = 0; i < batch.numNodes; i++) start[b[i]! + 1]!++;
  for (let g = 0; g < k; g++) start[g + 1]! += start[g]!;
  const edgesOf: number[][] = Array.from({ length: k }, () => []);
  for (let e = 0; e < batch.numEdges; e++) {
    const g = b[batch.src[e]!]!;
    if (b[batch.dst[e]!] !== g) throw new ValueError(`unbatch: edge ${e} of "${batch.name}" joins graphs ${g} and ${b[batch.dst[e]!]}`);
    edgesOf[g]!.push(e);
  }
  const perGraphY = batch.y !== null && batch.y.shape[0] === k && k !== batch.numNodes;
  return edgesOf.map((edges, g) => {
    const off = start[g]!, n = start[g + 1]! - off;
    const rows = (t: Tensor | null): Tensor | null => (t ? t.narrow(0, off, n) : null);
    const idx = Int32Array.from(edges);
    return new Graph({
      edgeIndex: [idx.map((e) => batch.src[e]! - off), idx.map((e) => batch.dst[e]! - off)], numNodes: n,
      x: rows(batch.x), y: perGraphY ? batch.y!.narrow(0, g, 1) : rows(batch.y),
      edgeAttr: batch.edgeAttr ? indexSelect(batch.edgeAttr, 0, fromTypedArray(idx, [idx.length], { dtype: 'int32', device: batch.edgeAttr.device })) : null,
      directed: batch.directed, name: `${batch.name}[${g}]`,
    });
  });
}
