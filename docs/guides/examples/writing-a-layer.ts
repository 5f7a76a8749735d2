/** docs/guides/writing-a-layer.md: a masked linear layer written by the house recipe. */
import { Module, ShapeError, fmtShape, nn, ones, randn, tril, type Generator, type ModuleOptions, type Tensor } from '@dnn/tensor';
import { checkModuleConventions } from '@dnn/tensor/testing';

export interface MaskedLinearOptions extends ModuleOptions {
  /** Learn an additive bias. Default: true. */
  bias?: boolean;
  /** Diagonal of the mask: output i sees inputs j ≤ i + diagonal. Default: 0. */
  diagonal?: number;
  generator?: Generator;
}

/**
 * y = x·(W ⊙ M)ᵀ + b with M lower triangular: output i depends only on inputs j ≤ i + diagonal
 * (an autoregressive linear layer).
 */
export class MaskedLinear extends Module {
  weight: nn.Parameter;
  bias: nn.Parameter | null;
  declare mask: Tensor;

  constructor(readonly inFeatures: number, readonly outFeatures: number, opts: MaskedLinearOptions = {}) {
    super();
    const o = nn.resolveOptions(opts);
    this.weight = nn.emptyParameter([outFeatures, inFeatures], o);
    nn.init.kaimingUniform_(this.weight, { a: Math.sqrt(5), generator: opts.generator });
    this.bias = opts.bias === false ? null : nn.emptyParameter([outFeatures], o);
    if (this.bias) nn.init.defaultBias_(this.bias, inFeatures, opts.generator);
    // rebuilt by the constructor, so not saved; .to(device) still moves it
    this.registerBuffer('mask', tril(ones([outFeatures, inFeatures], o), opts.diagonal ?? 0), { persistent: false });
  }

  forward(x: Tensor): Tensor {
    if (x.rank < 1 || x.shape[x.rank - 1] !== this.inFeatures) {
      throw new ShapeError(`MaskedLinear(${this.inFeatures}→${this.outFeatures}): expected input [..., ${this.inFeatures}], got ${fmtShape(x.shape)}`);
    }
    const y = x.matmul(this.weight.mul(this.mask).mT());
    return this.bias ? y.add(this.bias) : y;
  }
}

/** The convention check of the guide: returns the problems found (none). */
export function check(): string[] {
  const problems = checkModuleConventions({ MaskedLinear }, {
    MaskedLinear: { args: [4, 3], options: { diagonal: 1 }, input: (o) => randn([2, 4], o) },
  });
  return problems;
}
