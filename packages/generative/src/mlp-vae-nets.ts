import { Module, type Tensor, concat, ShapeError, fmtShape } from '@dnn/tensor';
import { MLP, type MLPOptions } from './mlp';

export interface ConditionalOptions extends MLPOptions {
  /** Number of classes of a conditional model: the one-hot label is appended to the input (default 0: unconditional). */
  numClasses?: number;
}

/** Flattens [N, …] to [N, F] and appends the one-hot condition when there is one. */
export function withCondition(x: Tensor, cond: Tensor | undefined, what: string, expected: number): Tensor {
  const flat = x.rank === 2 ? x : x.reshape([x.shape[0]!, -1]);
  const h = cond ? concat([flat, cond.cast(flat.dtype)], 1) : flat;
  if (h.shape[1] !== expected) {
    throw new ShapeError(`${what}: expected ${expected} input features${cond ? ' including the one-hot label' : ''}, got ${fmtShape(x.shape)}${cond ? ` with condition ${fmtShape(cond.shape)}` : ''}`);
  }
  return h;
}

/**
 * Gaussian encoder q(z | x) = N(μ(x), diag exp(logvar(x))) with an MLP: [μ, logvar] = MLP([x, onehot(y)]).
 * Parameters: `net.layers.<l>.*`.
 */
export class MLPEncoder extends Module {
  net: MLP;
  readonly numClasses: number;

  constructor(readonly inFeatures: number, hidden: readonly number[], readonly latentDim: number, opts: ConditionalOptions = {}) {
    super();
    this.numClasses = opts.numClasses ?? 0;
    this.net = new MLP(inFeatures + this.numClasses, hidden, 2 * latentDim, opts);
  }

  forward(x: Tensor, cond?: Tensor): { mu: Tensor; logvar: Tensor } {
    const h = this.net.forward(withCondition(x, cond, `MLPEncoder(${this.inFeatures}→${this.latentDim})`, this.inFeatures + this.numClasses));
    const [mu, logvar] = h.split(this.latentDim, 1) as [Tensor, Tensor];
    return { mu, logvar };
  }
}

/**
 * Decoder p(x | z): an MLP from [z, onehot(y)] to the likelihood's parameter (Bernoulli logits or the
 * Gaussian mean), reshaped to `outShape` (per sample) when given.
 */
export class MLPDecoder extends Module {
  net: MLP;
  readonly numClasses: number;
  readonly outShape: readonly number[];

  constructor(readonly latentDim: number, hidden: readonly number[], readonly outFeatures: number, opts: ConditionalOptions & { outShape?: readonly number[] } = {}) {
    super();
    this.numClasses = opts.numClasses ?? 0;
    this.outShape = opts.outShape ?? [outFeatures];
    this.net = new MLP(latentDim + this.numClasses, hidden, outFeatures, opts);
  }

  forward(z: Tensor, cond?: Tensor): Tensor {
    const y = this.net.forward(withCondition(z, cond, `MLPDecoder(${this.latentDim}→${this.outFeatures})`, this.latentDim + this.numClasses));
    return y.reshape([z.shape[0]!, ...this.outShape]);
  }
}
