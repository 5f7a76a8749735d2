import { Module, ValueError, indexSelect, type Device, type Tensor } from '@dnn/tensor';
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

/** Registers `graph` as the owner of its node features, so `OnBatch` finds the graph from x; returns x. */
export function bindGraph(graph: Graph): Tensor {
  if (!graph.x) throw new ValueError(`bindGraph: graph "${graph.name}" has no node features x`);
  owners.set(graph.x, graph);
  return graph.x;
}

/**
 * A graph-level model for loops that pass one tensor per batch: the batch's x is the node-feature
 * matrix of a batched graph registered with `bindGraph`, and forward(x) = model(x, thatGraph).
 */
export class OnBatch extends Module {
  model: GraphModel;

  constructor(model: GraphModel) {
    super();
    this.model = model;
  }

  forward(x: Tensor): Tensor {
    const g = owners.get(x);
    if (!g) throw new ValueError('OnBatch: these node features belong to no graph; make batches with bindGraph(batchGraphs(…))');
    return this.model.forward(x, g);
  }
}
