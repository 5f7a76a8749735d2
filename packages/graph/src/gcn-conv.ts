import { Linear, Module, ShapeError, ValueError, fmtShape, nn, type Generator, type ModuleOptions, type Parameter, type Tensor } from '@dnn/tensor';
import type { Graph } from './graph';
import { propagate, propagateWeighted } from './message-passing';
import { edgeWeightTensor, gcnNorm, sortedByTarget } from './norm';
import { gcnNormWeighted } from './weighted-norm';

export interface GCNConvOptions extends ModuleOptions {
  /** Add a self-loop to every node (only with normalization, as in PyG ≥ 2.4). Default: `normalize`. */
  addSelfLoops?: boolean;
  /** Symmetric normalization D^{-1/2} Â D^{-1/2}; without it messages are summed over A. Default true. */
  normalize?: boolean;
  /** Self-loops of weight 2 (Â = A + 2I). Default false. */
  improved?: boolean;
  /** Learn an additive bias. Default true. */
  bias?: boolean;
  generator?: Generator;
}

/**
 * Graph convolution (Kipf & Welling), PyG's `GCNConv`:
 * X' = D^{-1/2} Â D^{-1/2} X Θᵀ + b with Â = A + I and D the in-degree of Â, i.e.
 * x'_i = Σ_{j ∈ N(i) ∪ {i}} x_j Θᵀ / √(d_i d_j) + b. Parameters `lin.weight` [out, in] (Glorot
 * uniform, no bias inside) and `bias` [out] (zeros). Optional edge weights a_ji replace the ones of A.
 */
export class GCNConv extends Module {
  lin: Linear;
  bias: Parameter | null;

  constructor(readonly inChannels: number, readonly outChannels: number, readonly opts: GCNConvOptions = {}) {
    super();
    const o = nn.resolveOptions(opts);
    this.lin = new Linear(inChannels, outChannels, { ...o, bias: false, generator: opts.generator });
    nn.init.xavierUniform_(this.lin.weight, { generator: opts.generator });
    if (opts.addSelfLoops && opts.normalize === false) {
      throw new ValueError(`GCNConv(${inChannels}→${outChannels}): addSelfLoops needs normalize (self-loops are added by the normalization, as in PyG)`);
    }
    this.bias = opts.bias === false ? null : nn.init.zeros_(nn.emptyParameter([outChannels], o)) as Parameter;
  }

  /**
   * `edgeWeight` [E] (optional, differentiable): a weight per edge of `graph`, as PyG's `edge_weight`;
   * without it every edge weighs 1.
   */
  forward(x: Tensor, graph: Graph, edgeWeight: Tensor | null = null): Tensor {
    if (x.rank !== 2 || x.shape[0] !== graph.numNodes || x.shape[1] !== this.inChannels) {
      throw new ShapeError(`GCNConv(${this.inChannels}→${this.outChannels}): expected x [${graph.numNodes}, ${this.inChannels}] for graph "${graph.name}", got ${fmtShape(x.shape)}`);
    }
    const h = this.lin.forward(x);
    let out: Tensor;
    if (edgeWeight) {
      if (this.opts.normalize ?? true) {
        const { graph: g, weight } = gcnNormWeighted(graph, edgeWeight.cast(h.dtype), { addSelfLoops: this.opts.addSelfLoops, improved: this.opts.improved });
        out = propagateWeighted(g, h, weight);
      } else {
        if (edgeWeight.rank !== 1 || edgeWeight.shape[0] !== graph.numEdges) {
          throw new ShapeError(`GCNConv: edge weights must be [${graph.numEdges}] for graph "${graph.name}", got ${fmtShape(edgeWeight.shape)}`);
        }
        out = propagateWeighted(graph, h, edgeWeight.cast(h.dtype));
      }
    } else if (this.opts.normalize ?? true) {
      const loops = this.opts.addSelfLoops ?? true;
      const { graph: g, weight } = gcnNorm(graph, { addSelfLoops: loops, improved: this.opts.improved });
      // the edges sorted by target: the same sums in the same order, streamed by the kernels
      const sorted = sortedByTarget(g);
      const key = `gcnNorm:${loops}:${this.opts.improved ?? false}`;
      const w = edgeWeightTensor(sorted.graph, key, sorted.graph.memo(key, () => Float64Array.from(sorted.perm, (e) => weight[e]!)), h.dtype, h.device);
      out = propagateWeighted(sorted.graph, h, w.reshape([-1]));
    } else {
      out = propagate(graph, h, { aggr: 'sum' });
    }
    return this.bias ? out.add(this.bias) : out;
  }

  override extraRepr(): string {
    return `${this.inChannels} → ${this.outChannels}`;
  }
}
