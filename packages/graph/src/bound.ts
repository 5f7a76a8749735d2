import { Module, ValueError, arange, indexSelect, keep, type Device, type Tensor } from '@dnn/tensor';
import type { Graph } from './graph';

type GraphModel = Module & { forward(x: Tensor, g: Graph): Tensor };

/**
 * A node-level model bound to its graph, for training loops that pass one tensor per batch
 * (transductive node classification): forward(nodeIds) = model(graph.x, graph)[nodeIds]. The
 * graph is data, not state: the state dict holds the inner model's parameters as `model.…`.
 */
export class OnGraph extends Module {
  model: GraphModel;
  private _graph: Graph;

  constructor(model: GraphModel, graph: Graph) {
    super();
    if (!graph.x) throw new ValueError(`OnGraph: graph "${graph.name}" has no node features x`);
    this.model = model;
    this._graph = graph;
  }

  get graph(): Graph {
    return this._graph;
  }

  /** Moves the parameters, and the graph's features and labels with them. */
  override to(device: Device): this {
    super.to(device);
    const g = this._graph;
    if (g.x!.device !== device) this._graph = g.with({ x: g.x!.to(device), y: g.y ? g.y.to(device) : null });
    return this;
  }

  override async toAsync(device: Device): Promise<this> {
    await super.toAsync(device);
    const g = this._graph;
    if (g.x!.device !== device) this._graph = g.with({ x: await g.x!.toAsync(device), y: g.y ? await g.y.toAsync(device) : null });
    return this;
  }

  /** Node ids as int32 (integer-valued floats are accepted, e.g. a summary's zero input). */
  forward(nodeIds: Tensor): Tensor {
    const ids = nodeIds.dtype === 'int32' ? nodeIds : nodeIds.cast('int32');
    return indexSelect(this.model.forward(this._graph.x!, this._graph), 0, ids.reshape([-1]));
  }
}

const owners = new WeakMap<Tensor, Graph>();

/**
 * A handle for a batch of graphs: an int32 tensor [numGraphs] (the graph ids, on the features'
 * device) registered to `graph`, for `OnBatch`. One row per graph, so a loop that counts samples by
 * the rows of x counts graphs.
 */
export function bindGraph(graph: Graph): Tensor {
  if (!graph.x) throw new ValueError(`bindGraph: graph "${graph.name}" has no node features x`);
  const handle = keep(arange(graph.numGraphs, undefined, 1, { dtype: 'int32', device: graph.x.device }));
  owners.set(handle, graph);
  return handle;
}

/** Whether `t` is a handle made by `bindGraph`. */
export function isBatchHandle(t: Tensor): boolean {
  return owners.has(t);
}

/**
 * A graph-level model for loops that pass one tensor per batch: the batch's x is a handle made by
 * `bindGraph(batchGraphs(…))`, and forward(handle) = model(graph.x, graph), one output row per graph.
 */
export class OnBatch extends Module {
  model: GraphModel;

  constructor(model: GraphModel) {
    super();
    this.model = model;
  }

  forward(handle: Tensor): Tensor {
    const g = owners.get(handle);
    if (!g) throw new ValueError('OnBatch: this tensor is not a batch handle; make batches with bindGraph(batchGraphs(…))');
    return this.model.forward(g.x!, g);
  }
}
