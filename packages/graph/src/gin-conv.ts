import { Module, Parameter, ShapeError, fmtShape, full, type ModuleOptions, type Tensor } from '@dnn/tensor';
import type { Graph } from './graph';
import { propagate } from './message-passing';

export interface GINConvOptions extends ModuleOptions {
  /** Initial ε. Default 0. */
  eps?: number;
  /** Learn ε (a parameter); otherwise it is a fixed buffer. Default false. */
  trainEps?: boolean;
}

/**
 * Graph isomorphism network layer (Xu et al.), PyG's `GINConv`:
 * x'_i = h_Θ((1 + ε) x_i + Σ_{j ∈ N(i)} x_j), with h_Θ the module `nn` (its parameters are
 * `nn.0.weight`, … for a Sequential). `eps` [1] is a parameter with `trainEps`, else a buffer.
 */
export class GINConv extends Module {
  nn: Module & { forward(x: Tensor): Tensor };
  eps: Tensor;

  constructor(net: Module & { forward(x: Tensor): Tensor }, readonly opts: GINConvOptions = {}) {
    super();
    this.nn = net;
    const e = full([1], opts.eps ?? 0, { dtype: opts.dtype ?? 'float32', device: opts.device });
    this.eps = opts.trainEps ? Parameter.from(e) : e;
  }

  forward(x: Tensor, graph: Graph): Tensor {
    if (x.rank < 2 || x.shape[0] !== graph.numNodes) {
      throw new ShapeError(`GINConv: expected x [${graph.numNodes}, F] for graph "${graph.name}", got ${fmtShape(x.shape)}`);
    }
    const neighbours = propagate(graph, x, { aggr: 'sum' });
    return this.nn.forward(x.mul(this.eps.add(1)).add(neighbours));
  }

  override extraRepr(): string {
    return `trainEps=${this.opts.trainEps ?? false}`;
  }
}
