import {
  Linear, Module, ShapeError, edgeLogits, fmtShape, nn,
  type Generator, type ModuleOptions, type Parameter, type Tensor,
} from '@dnn/tensor';
import type { Graph } from './graph';
import { edgeSoftmax, propagateWeighted } from './message-passing';
import { sortedByTarget, withSelfLoops } from './norm';

export interface GATConvOptions extends ModuleOptions {
  /** Number of attention heads. Default 1. */
  heads?: number;
  /** Concatenate the heads ([N, heads·out]); otherwise average them ([N, out]). Default true. */
  concat?: boolean;
  /** Slope of the LeakyReLU on the attention logits. Default 0.2. */
  negativeSlope?: number;
  /** Dropout on the normalized attention coefficients (training only). Default 0. */
  dropout?: number;
  /** Let every node attend to itself. Default true. */
  addSelfLoops?: boolean;
  /** Learn an additive bias. Default true. */
  bias?: boolean;
  generator?: Generator;
}

/**
 * Graph attention (Veličković et al.), PyG's `GATConv`: per head h, with W x the projected features,
 * e_ij = LeakyReLU(a_srcᵀ W x_j + a_dstᵀ W x_i), α_ij = softmax over j ∈ N(i) ∪ {i} of e_ij,
 * x'_i = Σ_j α_ij W x_j; heads concatenated or averaged, then + b. Parameters `lin.weight`
 * [heads·out, in], `att_src` and `att_dst` [1, heads, out] (Glorot uniform), `bias` (zeros).
 */
export class GATConv extends Module {
  lin: Linear;
  att_src: Parameter;
  att_dst: Parameter;
  bias: Parameter | null;
  readonly heads: number;

  constructor(readonly inChannels: number, readonly outChannels: number, readonly opts: GATConvOptions = {}) {
    super();
    const o = nn.resolveOptions(opts);
    const g = opts.generator;
    this.heads = opts.heads ?? 1;
    this.lin = new Linear(inChannels, this.heads * outChannels, { ...o, bias: false, generator: g });
    nn.init.xavierUniform_(this.lin.weight, { generator: g });
    this.att_src = nn.init.xavierUniform_(nn.emptyParameter([1, this.heads, outChannels], o), { generator: g }) as Parameter;
    this.att_dst = nn.init.xavierUniform_(nn.emptyParameter([1, this.heads, outChannels], o), { generator: g }) as Parameter;
    const biasSize = (opts.concat ?? true) ? this.heads * outChannels : outChannels;
    this.bias = opts.bias === false ? null : nn.init.zeros_(nn.emptyParameter([biasSize], o)) as Parameter;
  }

  forward(x: Tensor, graph: Graph): Tensor {
    const [H, C, N] = [this.heads, this.outChannels, graph.numNodes];
    if (x.rank !== 2 || x.shape[0] !== N || x.shape[1] !== this.inChannels) {
      throw new ShapeError(`GATConv(${this.inChannels}→${C}, heads=${H}): expected x [${N}, ${this.inChannels}] for graph "${graph.name}", got ${fmtShape(x.shape)}`);
    }
    // the edges sorted by target: the same sums in the same order, streamed by the kernels
    const g = sortedByTarget((this.opts.addSelfLoops ?? true) ? withSelfLoops(graph) : graph).graph;
    const h = this.lin.forward(x).reshape([N, H, C]);
    const scoreSrc = h.mul(this.att_src).sum(-1); // [N, H]
    const scoreDst = h.mul(this.att_dst).sum(-1);
    // e_ij = LeakyReLU(score_src[j] + score_dst[i]) per edge j → i, fused
    const logits = edgeLogits(g.endpoint('target', x.device), g.endpoint('source', x.device), scoreSrc, scoreDst, this.opts.negativeSlope ?? 0.2);
    const alpha = nn.dropout(edgeSoftmax(logits, g), this.opts.dropout ?? 0, this.training, this.opts.generator);
    const out = propagateWeighted(g, h, alpha); // [N, H, C]
    const merged = (this.opts.concat ?? true) ? out.reshape([N, H * C]) : out.mean(1);
    return this.bias ? merged.add(this.bias) : merged;
  }

  override extraRepr(): string {
    return `${this.inChannels} → ${this.outChannels}, heads=${this.heads}`;
  }
}
