import {
  Device, DeviceError, ShapeError, Tensor, ValueError, concat, fmtShape, fromTypedArray, full, indexSelect, keep,
} from '@dnn/tensor';
import { deviceKey } from './device-key';
import { Segments } from './segments';

/** Edge index as a [2, E] tensor or as a pair of source and target arrays. */
export type EdgeIndexLike = Tensor | readonly [ArrayLike<number>, ArrayLike<number>];

export interface GraphInit {
  /** Edges in COO form: row 0 the sources, row 1 the targets (PyG's `edge_index`). */
  edgeIndex: EdgeIndexLike;
  /** Number of nodes; default the rows of `x`, else one more than the largest index. */
  numNodes?: number;
  /** Node features [N, F]. */
  x?: Tensor | null;
  /** Edge features [E, D]. */
  edgeAttr?: Tensor | null;
  /** Node or graph labels. */
  y?: Tensor | null;
  /** Graph id of each node when this graph is a batch of graphs (non-decreasing). */
  batch?: ArrayLike<number> | null;
  /** Whether the edges are meant one way only; undirected graphs store both directions. Default true. */
  directed?: boolean;
  /** Used in error messages. Default "graph". */
  name?: string;
}

/** Compressed sparse rows of the incoming edges: node i's in-edges are perm[rowptr[i] … rowptr[i+1]). */
export interface Csr {
  rowptr: Int32Array;
  /** Source node of each edge, in target order. */
  col: Int32Array;
  /** Position in the COO edge list of each edge, in target order. */
  perm: Int32Array;
}

/**
 * A graph in coordinate (COO) form, as PyTorch Geometric's `Data`: an edge index [2, E] of int32
 * node ids (kept on the host, where it is validated, and as a tensor per device), node features `x`,
 * optional edge features, labels and a batch vector. Graphs are immutable: transforms return new
 * graphs, and derived structure (CSR, degree, normalizations) is built once and memoized.
 */
export class Graph {
  readonly name: string;
  readonly numNodes: number;
  readonly src: Int32Array;
  readonly dst: Int32Array;
  readonly x: Tensor | null;
  readonly edgeAttr: Tensor | null;
  readonly y: Tensor | null;
  readonly batch: Int32Array | null;
  readonly directed: boolean;
  private readonly memos = new Map<string, unknown>();

  constructor(init: GraphInit) {
    this.name = init.name ?? 'graph';
    const [src, dst] = readEdgeIndex(init.edgeIndex, this.name);
    this.x = init.x ?? null;
    this.numNodes = init.numNodes ?? this.x?.shape[0] ?? maxPlusOne(src, dst);
    if (!Number.isInteger(this.numNodes) || this.numNodes < 0) {
      throw new ValueError(`Graph "${this.name}": numNodes must be a non-negative integer, got ${this.numNodes}`);
    }
    checkRange(src, this.numNodes, this.name, 'source');
    checkRange(dst, this.numNodes, this.name, 'target');
    this.src = src;
    this.dst = dst;
    if (this.x && (this.x.rank < 1 || this.x.shape[0] !== this.numNodes)) {
      throw new ShapeError(`Graph "${this.name}": x has shape ${fmtShape(this.x.shape)}, expected ${this.numNodes} rows (one per node)`);
    }
    this.edgeAttr = init.edgeAttr ?? null;
    if (this.edgeAttr && (this.edgeAttr.rank < 1 || this.edgeAttr.shape[0] !== src.length)) {
      throw new ShapeError(`Graph "${this.name}": edgeAttr has shape ${fmtShape(this.edgeAttr.shape)}, expected ${src.length} rows (one per edge)`);
    }
    this.y = init.y ?? null;
    this.batch = init.batch ? readBatch(init.batch, this.numNodes, this.name) : null;
    this.directed = init.directed ?? true;
  }

  /** Like the constructor, for an edge index on a device that reads asynchronously (WebGPU). */
  static async fromAsync(init: GraphInit): Promise<Graph> {
    const ei = init.edgeIndex;
    if (!(ei instanceof Tensor) || ei.device.backend.syncRead) return new Graph(init);
    const name = init.name ?? 'graph';
    if (ei.rank !== 2 || ei.shape[0] !== 2) throw new ShapeError(`Graph "${name}": edgeIndex must have shape [2, E], got ${fmtShape(ei.shape)}`);
    const flat = Array.from(await ei.data(), Number);
    const e = ei.shape[1]!;
    return new Graph({ ...init, edgeIndex: [flat.slice(0, e), flat.slice(e)] });
  }

  get numEdges(): number {
    return this.src.length;
  }

  /** Number of graphs in a batch (1 without a batch vector). */
  get numGraphs(): number {
    return this.batch ? (this.batch.length ? this.batch[this.batch.length - 1]! + 1 : 0) : 1;
  }

  /** A copy with some fields replaced (validated again). */
  with(changes: Partial<GraphInit>): Graph {
    return new Graph({
      edgeIndex: [this.src, this.dst], numNodes: this.numNodes, x: this.x, edgeAttr: this.edgeAttr, y: this.y,
      batch: this.batch, directed: this.directed, name: this.name, ...changes,
    });
  }

  /** Builds `key` once per graph (derived structure: CSR, normalizations, index tensors). */
  memo<T>(key: string, build: () => T): T {
    if (!this.memos.has(key)) this.memos.set(key, build());
    return this.memos.get(key) as T;
  }

  /** The edge index as an int32 [2, E] tensor on `device`. */
  edgeIndex(device?: Device): Tensor {
    const d = device ?? this.x?.device;
    return this.memo(`edgeIndex:${deviceKey(d)}`, () => {
      const flat = new Int32Array(2 * this.numEdges);
      flat.set(this.src, 0);
      flat.set(this.dst, this.numEdges);
      return keep(fromTypedArray(flat, [2, this.numEdges], { dtype: 'int32', device: d }));
    });
  }

  /** Edges grouped by target node: the segments every aggregation at the targets reduces over. */
  incoming(): Segments {
    return this.memo('incoming', () => new Segments(this.dst, this.numNodes, `Graph "${this.name}" incoming edges`));
  }

  /** Source (j) or target (i) node of every edge, as an int32 [E] tensor on `device`. */
  endpoint(which: 'source' | 'target', device?: Device): Tensor {
    const d = device ?? this.x?.device;
    return this.memo(`${which}:${deviceKey(d)}`, () =>
      keep(fromTypedArray(which === 'source' ? this.src : this.dst, [this.numEdges], { dtype: 'int32', device: d })));
  }

  /** CSR view of the incoming edges, built once (a stable counting sort by target). */
  csr(): Csr {
    return this.memo('csr', () => {
      const rowptr = new Int32Array(this.numNodes + 1);
      for (const t of this.dst) rowptr[t + 1]!++;
      for (let i = 0; i < this.numNodes; i++) rowptr[i + 1]! += rowptr[i]!;
      const next = rowptr.slice(0, this.numNodes);
      const perm = new Int32Array(this.numEdges);
      for (let e = 0; e < this.numEdges; e++) perm[next[this.dst[e]!]!++] = e;
      return { rowptr, col: perm.map((e) => this.src[e]!), perm };
    });
  }

  /** In-degree (edges arriving at each node, PyG's `degree(edge_index[1])`) or out-degree. */
  degree(direction: 'in' | 'out' = 'in'): Int32Array {
    return this.memo(`degree:${direction}`, () => {
      const deg = new Int32Array(this.numNodes);
      for (const v of direction === 'in' ? this.dst : this.src) deg[v]!++;
      return deg;
    });
  }

  hasSelfLoops(): boolean {
    return this.src.some((s, e) => s === this.dst[e]);
  }

  /** Whether every edge (u, v) has its reverse (v, u). */
  isUndirected(): boolean {
    const keys = new Set<number>();
    for (let e = 0; e < this.numEdges; e++) keys.add(this.src[e]! * this.numNodes + this.dst[e]!);
    for (let e = 0; e < this.numEdges; e++) if (!keys.has(this.dst[e]! * this.numNodes + this.src[e]!)) return false;
    return true;
  }

  /** Keeps the edges for which `keep(e)` holds (edge features follow). */
  filterEdges(keep: (e: number) => boolean): Graph {
    const kept: number[] = [];
    for (let e = 0; e < this.numEdges; e++) if (keep(e)) kept.push(e);
    const idx = Int32Array.from(kept);
    return this.with({
      edgeIndex: [idx.map((e) => this.src[e]!), idx.map((e) => this.dst[e]!)],
      edgeAttr: this.edgeAttr ? indexSelect(this.edgeAttr, 0, fromTypedArray(idx, [idx.length], { dtype: 'int32', device: this.edgeAttr.device })) : null,
    });
  }

  removeSelfLoops(): Graph {
    return this.filterEdges((e) => this.src[e] !== this.dst[e]);
  }

  /**
   * Removes existing self-loops, then appends one loop (i, i) per node after the other edges, as
   * PyG's `remove_self_loops` + `add_self_loops`. Loop edge features are `fillValue` (default 1).
   */
  addSelfLoops(opts: { fillValue?: number } = {}): Graph {
    const g = this.removeSelfLoops();
    const n = this.numNodes;
    const loops = Int32Array.from({ length: n }, (_, i) => i);
    const cat = (a: Int32Array): Int32Array => { const o = new Int32Array(a.length + n); o.set(a); o.set(loops, a.length); return o; };
    const ea = g.edgeAttr;
    return g.with({
      edgeIndex: [cat(g.src), cat(g.dst)],
      edgeAttr: ea ? concat([ea, full([n, ...ea.shape.slice(1)], opts.fillValue ?? 1, { dtype: ea.dtype, device: ea.device })], 0) : null,
    });
  }

  /** Adds every missing reverse edge (u, v) → (v, u); the result is marked undirected. */
  toUndirected(): Graph {
    if (this.edgeAttr) throw new ValueError(`Graph "${this.name}".toUndirected: graphs with edge features are not supported`);
    const keys = new Set<number>();
    const src: number[] = [], dst: number[] = [];
    const push = (u: number, v: number): void => {
      const k = u * this.numNodes + v;
      if (!keys.has(k)) { keys.add(k); src.push(u); dst.push(v); }
    };
    for (let e = 0; e < this.numEdges; e++) push(this.src[e]!, this.dst[e]!);
    for (let e = 0; e < this.numEdges; e++) push(this.dst[e]!, this.src[e]!);
    return this.with({ edgeIndex: [src, dst], directed: false });
  }

  /**
   * The subgraph induced by `nodes` (ids, or a boolean mask of length N): nodes are renumbered in
   * the given order, only edges with both ends kept remain, and x, y (per node) and edge features follow.
   */
  subgraph(nodes: ArrayLike<number> | ArrayLike<boolean>): Graph {
    const ids = toNodeIds(nodes, this.numNodes, this.name);
    const newId = new Int32Array(this.numNodes).fill(-1);
    ids.forEach((v, i) => { newId[v] = i; });
    const kept = this.filterEdges((e) => newId[this.src[e]!]! >= 0 && newId[this.dst[e]!]! >= 0);
    const pick = (t: Tensor | null): Tensor | null =>
      t && t.shape[0] === this.numNodes ? indexSelect(t, 0, fromTypedArray(ids, [ids.length], { dtype: 'int32', device: t.device })) : t;
    return kept.with({
      edgeIndex: [kept.src.map((v) => newId[v]!), kept.dst.map((v) => newId[v]!)],
      numNodes: ids.length, x: pick(this.x), y: pick(this.y),
      batch: this.batch ? ids.map((v) => this.batch![v]!) : null,
    });
  }

  /** Frees the tensors built for this graph's structure (index tensors, normalization weights). */
  dispose(): void {
    for (const v of this.memos.values()) {
      if (v instanceof Tensor || v instanceof Segments) v.dispose();
      else if (v && typeof v === 'object' && 'graph' in v && v.graph instanceof Graph && v.graph !== this) v.graph.dispose();
      else if (v instanceof Graph) v.dispose();
    }
    this.memos.clear();
  }

  toString(): string {
    const parts = [`numNodes=${this.numNodes}`, `numEdges=${this.numEdges}`];
    if (this.x) parts.push(`x=${fmtShape(this.x.shape)}`);
    if (this.edgeAttr) parts.push(`edgeAttr=${fmtShape(this.edgeAttr.shape)}`);
    if (this.batch) parts.push(`numGraphs=${this.numGraphs}`);
    return `Graph "${this.name}"(${parts.join(', ')})`;
  }
}

function readEdgeIndex(ei: EdgeIndexLike, name: string): [Int32Array, Int32Array] {
  let rows: [ArrayLike<number>, ArrayLike<number>];
  if (ei instanceof Tensor) {
    if (ei.rank !== 2 || ei.shape[0] !== 2) throw new ShapeError(`Graph "${name}": edgeIndex must have shape [2, E], got ${fmtShape(ei.shape)}`);
    if (ei.dtype === 'bool') throw new ValueError(`Graph "${name}": edgeIndex must hold integers, got dtype bool`);
    if (!ei.device.backend.syncRead) {
      throw new DeviceError(`Graph "${name}": edgeIndex is on ${ei.device.name}, which reads asynchronously; use 'await Graph.fromAsync(…)' or pass host arrays`);
    }
    const flat = Array.from(ei.dataSync(), Number);
    const e = ei.shape[1]!;
    rows = [flat.slice(0, e), flat.slice(e)];
  } else {
    if (!Array.isArray(ei) || ei.length !== 2) throw new ShapeError(`Graph "${name}": edgeIndex must be [sources, targets]`);
    rows = ei;
    if (rows[0].length !== rows[1].length) {
      throw new ShapeError(`Graph "${name}": edgeIndex has ${rows[0].length} sources but ${rows[1].length} targets`);
    }
  }
  const out = rows.map((row, r) => {
    const a = new Int32Array(row.length);
    for (let e = 0; e < row.length; e++) {
      const v = row[e]!;
      if (typeof v !== 'number' || !Number.isInteger(v)) {
        throw new ValueError(`Graph "${name}": edge ${e} has ${r === 0 ? 'source' : 'target'} index ${String(v)}, not an integer`);
      }
      if (v < 0) throw new ValueError(`Graph "${name}": edge ${e} has negative ${r === 0 ? 'source' : 'target'} index ${v}`);
      if (v > 0x7fffffff) throw new ValueError(`Graph "${name}": edge ${e} has ${r === 0 ? 'source' : 'target'} index ${v}, beyond int32`);
      a[e] = v;
    }
    return a;
  });
  return [out[0]!, out[1]!];
}

function maxPlusOne(a: Int32Array, b: Int32Array): number {
  let m = -1;
  for (const v of a) if (v > m) m = v;
  for (const v of b) if (v > m) m = v;
  return m + 1;
}

function checkRange(a: Int32Array, n: number, name: string, what: string): void {
  for (let e = 0; e < a.length; e++) {
    if (a[e]! >= n) throw new ValueError(`Graph "${name}": edge ${e} has ${what} index ${a[e]}, outside [0, ${n}) for ${n} nodes`);
  }
}

function readBatch(batch: ArrayLike<number>, n: number, name: string): Int32Array {
  if (batch.length !== n) throw new ShapeError(`Graph "${name}": batch has ${batch.length} entries, expected ${n} (one per node)`);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const b = batch[i]!;
    if (!Number.isInteger(b) || b < 0 || (i > 0 && b < out[i - 1]!)) {
      throw new ValueError(`Graph "${name}": batch[${i}] = ${b}; graph ids must be non-negative integers in non-decreasing order`);
    }
    out[i] = b;
  }
  return out;
}

function toNodeIds(nodes: ArrayLike<number> | ArrayLike<boolean>, n: number, name: string): Int32Array {
  if (nodes.length > 0 && typeof nodes[0] === 'boolean') {
    if (nodes.length !== n) throw new ShapeError(`Graph "${name}".subgraph: mask has ${nodes.length} entries for ${n} nodes`);
    const ids: number[] = [];
    for (let i = 0; i < n; i++) if (nodes[i]) ids.push(i);
    return Int32Array.from(ids);
  }
  const ids = Int32Array.from(nodes as ArrayLike<number>);
  const seen = new Uint8Array(n);
  Array.from(nodes as ArrayLike<number>).forEach((v, i) => {
    if (!Number.isInteger(v) || v < 0 || v >= n) throw new ValueError(`Graph "${name}".subgraph: node ${i} is ${v}, outside [0, ${n})`);
    if (seen[v]) throw new ValueError(`Graph "${name}".subgraph: node ${v} is listed twice`);
    seen[v] = 1;
  });
  return ids;
}
