import {
  Module, Tensor, Linear, ShapeError, DTypeError, ValueError, ones, nn, fmtShape, isFloat,
  type Generator, type ModuleOptions,
} from '@dnn/tensor';

/**
 * Masks follow nn.MultiheadAttention: a bool tensor where TRUE marks a key position that may NOT be
 * attended to (padding, the future). A float mask is added to the scores instead.
 */
export interface AttentionMaskOptions {
  /** Broadcastable to the scores [..., L, S]: true (or −∞ when float) hides that key from that query. */
  attnMask?: Tensor;
  /** [N, S]: true where key s of sequence n is padding. */
  keyPaddingMask?: Tensor;
  /** Hide every key after the query's own position (key s > query l). */
  causal?: boolean;
}

export interface ScaledDotProductOptions extends AttentionMaskOptions {
  /** Dropout on the attention weights. Default 0. */
  dropout?: number;
  /** Apply dropout (training). Default false. */
  training?: boolean;
  generator?: Generator;
  /** Multiplies q·kᵀ. Default 1/√d. */
  scale?: number;
}

export interface AttentionResult {
  /** The weighted sums of the values. */
  output: Tensor;
  /** The attention weights (rows sum to 1 over the keys). */
  weights: Tensor;
}

/** Adds the masks to scores [N, ..., L, S] as −∞ (true = hidden); `who` names the caller in errors. */
export function maskScores(scores: Tensor, m: AttentionMaskOptions, who: string): Tensor {
  const [L, S] = scores.shape.slice(-2) as [number, number];
  let out = scores;
  const hide = (mask: Tensor) => mask.where(-Infinity, out);
  if (m.causal) out = hide(ones([L, S], { dtype: 'bool', device: scores.device }).triu(1));
  if (m.attnMask) {
    const a = m.attnMask;
    if (a.shape[a.rank - 1] !== S || (a.rank > 1 && a.shape[a.rank - 2] !== L)) {
      throw new ShapeError(`${who}: attnMask ${fmtShape(a.shape)} does not broadcast to the scores ${fmtShape(scores.shape)} ([…, L=${L}, S=${S}])`);
    }
    // bool (or integer) masks hide; float masks add
    out = isFloat(a.dtype) ? out.add(a) : hide(a);
  }
  if (m.keyPaddingMask) {
    const k = m.keyPaddingMask;
    const N = scores.shape[0]!;
    if (k.rank !== 2 || k.shape[0] !== N || k.shape[1] !== S) {
      throw new ShapeError(`${who}: keyPaddingMask must be [N=${N}, S=${S}], got ${fmtShape(k.shape)}`);
    }
    if (k.dtype !== 'bool') throw new DTypeError(`${who}: keyPaddingMask must be bool (true = padding), got ${k.dtype}`);
    out = hide(k.reshape([N, ...Array(scores.rank - 2).fill(1), S]));
  }
  return out;
}

function softmaxWithDropout(scores: Tensor, o: ScaledDotProductOptions): Tensor {
  const w = scores.softmax(-1);
  return o.dropout && o.training ? nn.dropout(w, o.dropout, true, o.generator) : w;
}

/**
 * Scaled dot-product attention: weights = softmax(q·kᵀ·scale + masks), output = weights·v, for
 * q [N, …, L, d], k [N, …, S, d], v [N, …, S, dv]. With masks, hidden keys get weight 0.
 */
export function scaledDotProductAttention(q: Tensor, k: Tensor, v: Tensor, o: ScaledDotProductOptions = {}): AttentionResult {
  const who = 'scaledDotProductAttention';
  const d = q.shape[q.rank - 1]!;
  if (k.shape[k.rank - 1] !== d || k.rank !== q.rank || v.rank !== q.rank || v.shape[v.rank - 2] !== k.shape[k.rank - 2]) {
    throw new ShapeError(`${who}: expected q [N, …, L, d], k [N, …, S, d], v [N, …, S, dv], got q ${fmtShape(q.shape)}, k ${fmtShape(k.shape)}, v ${fmtShape(v.shape)}`);
  }
  if (o.dropout !== undefined && !(o.dropout >= 0 && o.dropout <= 1)) throw new ValueError(`${who}: dropout must be in [0, 1], got ${o.dropout}`);
  const scores = maskScores(q.matmul(k.mT()).mul(o.scale ?? 1 / Math.sqrt(d)), o, who);
  const weights = softmaxWithDropout(scores, o);
  return { output: weights.matmul(v), weights };
}

/** A query of one step [N, d] is treated as [N, 1, d]; the result drops the step dim again. */
function asSteps(query: Tensor): [Tensor, boolean] {
  return query.rank === 2 ? [query.unsqueeze(1), true] : [query, false];
}

function checkBatchFirst(who: string, query: Tensor, keys: Tensor, values: Tensor, qd: number, kd: number): void {
  if (query.rank !== 3 || query.shape[2] !== qd) throw new ShapeError(`${who}: expected query [N, L, ${qd}] or [N, ${qd}], got ${fmtShape(query.shape)}`);
  if (keys.rank !== 3 || keys.shape[2] !== kd || keys.shape[0] !== query.shape[0]) {
    throw new ShapeError(`${who}: expected keys [${query.shape[0]}, S, ${kd}], got ${fmtShape(keys.shape)}`);
  }
  if (values.rank !== 3 || values.shape[0] !== keys.shape[0] || values.shape[1] !== keys.shape[1]) {
    throw new ShapeError(`${who}: expected values [${keys.shape[0]}, ${keys.shape[1]}, dv] like the keys, got ${fmtShape(values.shape)}`);
  }
}

export interface AdditiveAttentionOptions extends ModuleOptions, Pick<ScaledDotProductOptions, 'dropout'> {
  generator?: Generator;
}

/**
 * Additive (Bahdanau) attention: score(q, kₛ) = vᵀ·tanh(W_q·q + W_k·kₛ + b), weights = softmax over
 * s, context = Σₛ weightₛ·valueₛ. Batch-first: query [N, L, dq] or [N, dq], keys [N, S, dk], values [N, S, dv].
 */
export class AdditiveAttention extends Module {
  query: Linear;
  key: Linear;
  v: Linear;
  readonly dropout: number;
  private readonly _generator: Generator | undefined;

  constructor(readonly queryDim: number, readonly keyDim: number, readonly hiddenDim: number, opts: AdditiveAttentionOptions = {}) {
    super();
    this.query = new Linear(queryDim, hiddenDim, { ...opts, bias: false });
    this.key = new Linear(keyDim, hiddenDim, opts);
    this.v = new Linear(hiddenDim, 1, { ...opts, bias: false });
    this.dropout = opts.dropout ?? 0;
    this._generator = opts.generator;
  }

  forward(query: Tensor, keys: Tensor, values: Tensor, masks: AttentionMaskOptions = {}): AttentionResult {
    const who = `AdditiveAttention(${this.queryDim}, ${this.keyDim}→${this.hiddenDim})`;
    const [q, single] = asSteps(query);
    checkBatchFirst(who, q, keys, values, this.queryDim, this.keyDim);
    const hidden = this.query.forward(q).unsqueeze(2).add(this.key.forward(keys).unsqueeze(1)).tanh(); // [N, L, S, h]
    const scores = maskScores(this.v.forward(hidden).squeeze(-1), masks, who);
    const weights = softmaxWithDropout(scores, { dropout: this.dropout, training: this.training, generator: this._generator });
    const output = weights.matmul(values);
    return single ? { output: output.squeeze(1), weights: weights.squeeze(1) } : { output, weights };
  }
}

export interface LuongAttentionOptions extends ModuleOptions, Pick<ScaledDotProductOptions, 'dropout'> {
  /** 'dot': q·kₛ (needs queryDim = keyDim); 'general': q·W·kₛ. Default 'general'. */
  score?: 'dot' | 'general';
  generator?: Generator;
}

/**
 * Multiplicative (Luong) attention: score(q, kₛ) = q·kₛ ('dot') or q·W·kₛ ('general', W [dq, dk]),
 * weights = softmax over s, context = Σₛ weightₛ·valueₛ. Shapes as AdditiveAttention.
 */
export class LuongAttention extends Module {
  /** 'general' only: W as a bias-free Linear(keyDim → queryDim), so `weight` is [dq, dk]. */
  linear: Linear | null;
  readonly score: 'dot' | 'general';
  readonly dropout: number;
  private readonly _generator: Generator | undefined;

  constructor(readonly queryDim: number, readonly keyDim: number, opts: LuongAttentionOptions = {}) {
    super();
    this.score = opts.score ?? 'general';
    if (this.score === 'dot' && queryDim !== keyDim) throw new ValueError(`LuongAttention: the dot score needs queryDim = keyDim, got ${queryDim} and ${keyDim}`);
    this.linear = this.score === 'general' ? new Linear(keyDim, queryDim, { ...opts, bias: false }) : null;
    this.dropout = opts.dropout ?? 0;
    this._generator = opts.generator;
  }

  forward(query: Tensor, keys: Tensor, values: Tensor, masks: AttentionMaskOptions = {}): AttentionResult {
    const who = `LuongAttention(${this.queryDim}, ${this.keyDim}, ${this.score})`;
    const [q, single] = asSteps(query);
    checkBatchFirst(who, q, keys, values, this.queryDim, this.keyDim);
    const k = this.linear ? this.linear.forward(keys) : keys;
    const scores = maskScores(q.matmul(k.mT()), masks, who);
    const weights = softmaxWithDropout(scores, { dropout: this.dropout, training: this.training, generator: this._generator });
    const output = weights.matmul(values);
    return single ? { output: output.squeeze(1), weights: weights.squeeze(1) } : { output, weights };
  }
}
