import { ValueError, tensor, type DType, type Device, type Tensor } from '@dnn/tensor';
import { Graph } from './graph';

/** A graph read from text or JSON, with the original node ids and label classes. */
export interface LoadedGraph {
  graph: Graph;
  /** Original id of each node, by index. */
  nodes: (string | number)[];
  /** Class of each label index when `label` was given (labels are numbered in sorted order). */
  classes: (string | number)[] | null;
}

export interface LoadOptions {
  /** Graph name for error messages. */
  name?: string;
  /** Node attributes that form the feature matrix x (each a number or an array of numbers). */
  features?: readonly string[];
  /** Node attribute used as the class label y (int32). */
  label?: string;
  dtype?: DType;
  device?: Device;
}

export interface EdgeListOptions {
  name?: string;
  /** Column separator; default a comma when the first data line has one, else whitespace. */
  delimiter?: string | RegExp;
  /** Edges go one way only. Default false: each line gives both directions, as networkx's Graph. */
  directed?: boolean;
  /** Lines starting with this are skipped. Default '#'. */
  comment?: string;
  /** Skip the first line. Default: skipped when its first two fields name columns (source, target…). */
  header?: boolean;
  /** Node count (for isolated nodes at the end); default from the ids. */
  numNodes?: number;
  dtype?: DType;
  device?: Device;
}

const HEADER = /^(source|target|src|dst|from|to|u|v|node1|node2|id1|id2)$/i;

/**
 * Reads an edge list (`u v [weight]` per line; CSV or whitespace). Node ids that are all
 * non-negative integers are used as indices; otherwise nodes are numbered in order of appearance.
 * A third column becomes `edgeAttr` [E, 1].
 */
export function parseEdgeList(text: string, opts: EdgeListOptions = {}): LoadedGraph {
  const name = opts.name ?? 'edge list';
  const comment = opts.comment ?? '#';
  const lines = text.split(/\r?\n/).map((l, i) => ({ l: l.trim(), n: i + 1 })).filter(({ l }) => l && !l.startsWith(comment));
  const delimiter = opts.delimiter ?? (lines[0]?.l.includes(',') ? ',' : /\s+/);
  const rows = lines.map(({ l, n }) => ({ f: l.split(delimiter).map((s) => s.trim()), n }));
  const first = rows[0]?.f;
  if (opts.header ?? (first !== undefined && HEADER.test(first[0]!) && HEADER.test(first[1] ?? ''))) rows.shift();
  const pairs: [string, string, number | null][] = rows.map(({ f, n }) => {
    if (f.length < 2 || !f[0] || !f[1]) throw new ValueError(`${name}: line ${n} has ${f.length} field(s), expected "source target [weight]"`);
    const w = f.length > 2 ? Number(f[2]) : null;
    if (w !== null && !Number.isFinite(w)) throw new ValueError(`${name}: line ${n} has weight "${f[2]}", not a number`);
    return [f[0], f[1], w];
  });
  const numeric = pairs.every(([u, v]) => /^\d+$/.test(u) && /^\d+$/.test(v));
  const index = new Map<string, number>();
  const id = (s: string): number => {
    if (numeric) return Number(s);
    if (!index.has(s)) index.set(s, index.size);
    return index.get(s)!;
  };
  const src: number[] = [], dst: number[] = [], weight: number[] = [];
  for (const [u, v, w] of pairs) {
    src.push(id(u)); dst.push(id(v)); weight.push(w ?? 1);
    if (!opts.directed && u !== v) { src.push(id(v)); dst.push(id(u)); weight.push(w ?? 1); }
  }
  const weighted = pairs.some(([, , w]) => w !== null);
  const numNodes = opts.numNodes ?? (numeric ? Math.max(-1, ...src, ...dst) + 1 : index.size);
  const graph = new Graph({
    edgeIndex: [src, dst], numNodes, name, directed: opts.directed ?? false,
    edgeAttr: weighted ? tensor(weight, { shape: [weight.length, 1], dtype: opts.dtype, device: opts.device }) : null,
  });
  const nodes = numeric ? Array.from({ length: numNodes }, (_, i) => i) : [...index.keys()];
  return { graph, nodes, classes: null };
}

type Attrs = Record<string, unknown>;

/** networkx's `node_link_data` (links under "links" or "edges"). */
export interface NodeLinkData {
  directed?: boolean;
  multigraph?: boolean;
  graph?: Attrs;
  nodes: (Attrs & { id: string | number })[];
  links?: (Attrs & { source: string | number; target: string | number })[];
  edges?: (Attrs & { source: string | number; target: string | number })[];
}

/** Loads networkx's node-link JSON (`nx.node_link_data(G)`); undirected graphs get both directions. */
export function fromNodeLink(data: NodeLinkData, opts: LoadOptions = {}): LoadedGraph {
  const name = opts.name ?? 'node-link graph';
  const links = data.links ?? data.edges;
  if (!Array.isArray(data.nodes) || !Array.isArray(links)) throw new ValueError(`${name}: expected node-link JSON with "nodes" and "links" arrays`);
  const nodes = data.nodes.map((n) => ({ key: n.id, attributes: n }));
  const edges = links.map((l) => ({ source: l.source, target: l.target, undirected: !data.directed }));
  return assemble(name, nodes, edges, !data.directed, opts);
}

/** graphology's serialized form (`graph.export()`). */
export interface GraphologyData {
  attributes?: Attrs;
  options?: { type?: 'directed' | 'undirected' | 'mixed'; multi?: boolean; allowSelfLoops?: boolean };
  nodes: { key: string | number; attributes?: Attrs }[];
  edges: { key?: string; source: string | number; target: string | number; attributes?: Attrs; undirected?: boolean }[];
}

/** Loads graphology's serialized JSON; undirected edges get both directions. */
export function fromGraphology(data: GraphologyData, opts: LoadOptions = {}): LoadedGraph {
  const name = opts.name ?? 'graphology graph';
  if (!Array.isArray(data.nodes) || !Array.isArray(data.edges)) throw new ValueError(`${name}: expected graphology JSON with "nodes" and "edges" arrays`);
  const type = data.options?.type ?? 'mixed';
  const edges = data.edges.map((e) => ({ source: e.source, target: e.target, undirected: type === 'undirected' || (type === 'mixed' && e.undirected === true) }));
  const nodes = data.nodes.map((n) => ({ key: n.key, attributes: n.attributes ?? {} }));
  return assemble(name, nodes, edges, type === 'undirected', opts);
}

function assemble(
  name: string, nodes: { key: string | number; attributes: Attrs }[],
  edges: { source: string | number; target: string | number; undirected: boolean }[], undirected: boolean, opts: LoadOptions,
): LoadedGraph {
  const index = new Map<string, number>();
  nodes.forEach((n, i) => {
    if (index.has(String(n.key))) throw new ValueError(`${name}: node id ${JSON.stringify(n.key)} appears twice (nodes ${index.get(String(n.key))} and ${i})`);
    index.set(String(n.key), i);
  });
  const src: number[] = [], dst: number[] = [];
  edges.forEach((e, k) => {
    const u = index.get(String(e.source)), v = index.get(String(e.target));
    if (u === undefined || v === undefined) {
      const bad = u === undefined ? e.source : e.target;
      throw new ValueError(`${name}: edge ${k} refers to node ${JSON.stringify(bad)}, which is not in the node list`);
    }
    src.push(u); dst.push(v);
    if (e.undirected && u !== v) { src.push(v); dst.push(u); }
  });
  const x = opts.features?.length ? featureMatrix(name, nodes, opts.features, opts) : null;
  let y: Tensor | null = null, classes: (string | number)[] | null = null;
  if (opts.label) {
    const values = nodes.map((n, i) => {
      const v = n.attributes[opts.label!];
      if (typeof v !== 'string' && typeof v !== 'number') throw new ValueError(`${name}: node ${i} has no label "${opts.label}"`);
      return v;
    });
    classes = [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    y = tensor(values.map((v) => classes!.indexOf(v)), { dtype: 'int32', device: opts.device });
  }
  const graph = new Graph({ edgeIndex: [src, dst], numNodes: nodes.length, x, y, name, directed: !undirected });
  return { graph, nodes: nodes.map((n) => n.key), classes };
}

function featureMatrix(name: string, nodes: { attributes: Attrs }[], keys: readonly string[], opts: LoadOptions): Tensor {
  const rows = nodes.map((n, i) => keys.flatMap((k) => {
    const v = n.attributes[k];
    const vals = Array.isArray(v) ? v : [v];
    if (!vals.every((u) => typeof u === 'number' && Number.isFinite(u))) {
      throw new ValueError(`${name}: node ${i} feature "${k}" is ${JSON.stringify(v)}, not a number or array of numbers`);
    }
    return vals as number[];
  }));
  const width = rows[0]?.length ?? 0;
  const bad = rows.findIndex((r) => r.length !== width);
  if (bad >= 0) throw new ValueError(`${name}: node ${bad} has ${rows[bad]!.length} feature values, node 0 has ${width}`);
  return tensor(rows.flat(), { shape: [rows.length, width], dtype: opts.dtype ?? 'float32', device: opts.device });
}
