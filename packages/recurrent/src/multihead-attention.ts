import {
  Module, Tensor, Linear, ShapeError, ValueError, nn, fmtShape,
  type Generator, type ModuleOptions, type Parameter,
} from '@dnn/tensor';
import { maskScores, type AttentionMaskOptions } from './attention';

export interface MultiheadAttentionOptions extends ModuleOptions {
  /** Include in_proj_bias and out_proj.bias. Default true. */
  bias?: boolean;
  /** Inputs and output are [N, L, E] instead of [L, N, E]. Default false. */
  batchFirst?: boolean;
  /** Dropout on the attention weights, in training. Default 0. */
  dropout?: number;
  generator?: Generator;
}

export interface MultiheadForwardOptions extends AttentionMaskOptions {
  /** Return the weights (else `weights` is null). Default true. */
  needWeights?: boolean;
  /** Average the weights over the heads ([N, L, S]) or return them per head ([N, H, L, S]). Default true. */
  averageAttnWeights?: boolean;
}

/**
 * PyTorch's nn.MultiheadAttention (query, key and value of the same size E):
 *   [Q K V] = [q k v]·W_inᵀ + b_in split into H heads of E/H features,
 *   headₕ = softmax(Qₕ·Kₕᵀ/√(E/H) + masks)·Vₕ,   output = concat(heads)·W_outᵀ + b_out.
 * Parameters in_proj_weight [3E, E] (xavier-uniform), in_proj_bias [3E] (zeros), out_proj.weight
 * and out_proj.bias (zeros), so PyTorch's state dict loads as is.
 */
export class MultiheadAttention extends Module {
  in_proj_weight: Parameter;
  in_proj_bias: Parameter | null;
  out_proj: Linear;
  readonly headDim: number;
  readonly batchFirst: boolean;
  readonly dropout: number;
  private readonly _generator: Generator | undefined;

  constructor(readonly embedDim: number, readonly numHeads: number, opts: MultiheadAttentionOptions = {}) {
    super();
    if (!Number.isInteger(embedDim) || !Number.isInteger(numHeads) || embedDim < 1 || numHeads < 1 || embedDim % numHeads) {
      throw new ValueError(`MultiheadAttention: embedDim ${embedDim} must be a positive multiple of numHeads ${numHeads}`);
    }
    this.headDim = embedDim / numHeads;
    this.batchFirst = opts.batchFirst ?? false;
    this.dropout = opts.dropout ?? 0;
    if (!(this.dropout >= 0 && this.dropout <= 1)) throw new ValueError(`MultiheadAttention: dropout must be in [0, 1], got ${this.dropout}`);
    this._generator = opts.generator;
    const o = nn.resolveOptions(opts);
    this.in_proj_weight = nn.init.xavierUniform_(nn.emptyParameter([3 * embedDim, embedDim], o), { generator: opts.generator }) as Parameter;
    this.in_proj_bias = opts.bias === false ? null : nn.emptyParameter([3 * embedDim], o);
    this.out_proj = new Linear(embedDim, embedDim, { ...opts, bias: opts.bias !== false });
    if (this.out_proj.bias) nn.init.zeros_(this.out_proj.bias);
  }

  private get who(): string {
    return `MultiheadAttention(${this.embedDim}, heads=${this.numHeads})`;
  }

  /** One of the three input projections, to heads: [N, T, E] → [N, H, T, E/H]. */
  private project(x: Tensor, part: number): Tensor {
    const E = this.embedDim;
    const w = this.in_proj_weight.narrow(0, part * E, E);
    let y = x.matmul(w.mT());
    if (this.in_proj_bias) y = y.add(this.in_proj_bias.narrow(0, part * E, E));
    const [N, T] = x.shape as [number, number];
    return y.reshape([N, T, this.numHeads, this.headDim]).permute([0, 2, 1, 3]);
  }

  /** query [L, N, E], key and value [S, N, E] ([N, L, E] and [N, S, E] with batchFirst). */
  forward(query: Tensor, key: Tensor, value: Tensor, o: MultiheadForwardOptions = {}): { output: Tensor; weights: Tensor | null } {
    const E = this.embedDim;
    const layout = this.batchFirst ? '[N, L, E]' : '[L, N, E]';
    for (const [name, t] of [['query', query], ['key', key], ['value', value]] as const) {
      if (t.rank !== 3 || t.shape[2] !== E) throw new ShapeError(`${this.who}: expected ${name} ${layout} with E = ${E} (batchFirst: ${this.batchFirst}), got ${fmtShape(t.shape)}`);
    }
    const [q, k, v] = [query, key, value].map((t) => (this.batchFirst ? t : t.transpose(0, 1))) as [Tensor, Tensor, Tensor];
    if (k.shape[0] !== q.shape[0] || v.shape[0] !== q.shape[0] || k.shape[1] !== v.shape[1]) {
      throw new ShapeError(`${this.who}: query ${fmtShape(query.shape)}, key ${fmtShape(key.shape)} and value ${fmtShape(value.shape)} disagree on the batch or the key length`);
    }
    const Q = this.project(q, 0), K = this.project(k, 1), V = this.project(v, 2);
    const scores = maskScores(Q.mul(1 / Math.sqrt(this.headDim)).matmul(K.mT()), o, this.who); // [N, H, L, S]
    let weights = scores.softmax(-1);
    const used = this.dropout && this.training ? nn.dropout(weights, this.dropout, true, this._generator) : weights;
    const [N, L] = q.shape as [number, number];
    const heads = used.matmul(V).permute([0, 2, 1, 3]).reshape([N, L, E]);
    let output = this.out_proj.forward(heads);
    if (!this.batchFirst) output = output.transpose(0, 1);
    if (o.needWeights === false) return { output, weights: null };
    if (o.averageAttnWeights !== false) weights = weights.mean(1);
    return { output, weights };
  }

  override extraRepr(): string {
    return `${this.embedDim}, heads=${this.numHeads}${this.in_proj_bias ? '' : ', bias=false'}${this.batchFirst ? ', batchFirst=true' : ''}`;
  }
}
