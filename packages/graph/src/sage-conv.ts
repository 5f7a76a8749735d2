import { Linear, Module, ShapeError, ValueError, fmtShape, type Generator, type ModuleOptions, type Tensor } from '@dnn/tensor';
import type { Graph } from './graph';
import { propagate, type Aggregation } from './message-passing';

export interface SAGEConvOptions extends ModuleOptions {
  /** Neighbourhood aggregation. Default 'mean'. */
  aggr?: Aggregation;
  /** Add the transformed node's own features (W₂ x_i). Default true. */
  rootWeight?: boolean;
  /** L2-normalize each output row. Default false. */
  normalize?: boolean;
  /** Bias of `lin_l`. Default true. */
  bias?: boolean;
  generator?: Generator;
}

/**
 * GraphSAGE, PyG's `SAGEConv`: x'_i = W₁ · AGGR_{j ∈ N(i)} x_j + b + W₂ x_i, with AGGR mean (default),
 * max or sum over the in-neighbours (0 for a node without any). Parameters `lin_l.weight`,
 * `lin_l.bias` and `lin_r.weight` (no bias), PyTorch's Linear initialization.
 */
export class SAGEConv extends Module {
  lin_l: Linear;
  lin_r: Linear | null;

  constructor(readonly inChannels: number, readonly outChannels: number, readonly opts: SAGEConvOptions = {}) {
    super();
    const aggr = opts.aggr ?? 'mean';
    if (!['mean', 'max', 'sum', 'add'].includes(aggr)) throw new ValueError(`SAGEConv: aggr must be mean, max or sum, got ${String(aggr)}`);
    const base = { device: opts.device, dtype: opts.dtype, generator: opts.generator };
    this.lin_l = new Linear(inChannels, outChannels, { ...base, bias: opts.bias ?? true });
    this.lin_r = (opts.rootWeight ?? true) ? new Linear(inChannels, outChannels, { ...base, bias: false }) : null;
  }

  forward(x: Tensor, graph: Graph): Tensor {
    if (x.rank !== 2 || x.shape[0] !== graph.numNodes || x.shape[1] !== this.inChannels) {
      throw new ShapeError(`SAGEConv(${this.inChannels}→${this.outChannels}): expected x [${graph.numNodes}, ${this.inChannels}] for graph "${graph.name}", got ${fmtShape(x.shape)}`);
    }
    let out = this.lin_l.forward(propagate(graph, x, { aggr: this.opts.aggr ?? 'mean' }));
    if (this.lin_r) out = out.add(this.lin_r.forward(x));
    if (this.opts.normalize) out = out.div(out.square().sum(-1, true).sqrt().clamp(1e-12));
    return out;
  }

  override extraRepr(): string {
    return `${this.inChannels} → ${this.outChannels}, aggr=${this.opts.aggr ?? 'mean'}`;
  }
}
