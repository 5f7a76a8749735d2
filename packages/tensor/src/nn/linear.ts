import type { Tensor } from '../tensor';
import { ShapeError, fmtShape } from '../errors';
import { biasActivation, type BiasActivation } from '../ops/bias-activation';
import { relu } from '../ops/elementwise';
import { emptyParameter } from './empty';
import { Module, resolveOptions, type ModuleOptions } from './module';
import { Parameter } from './parameter';
import { kaimingUniform_, defaultBias_ } from './init';
import type { Generator } from '../random/generator';

export interface LinearOptions extends ModuleOptions {
  bias?: boolean;
  generator?: Generator;
}

/** y = x·Wᵀ + b, with W of shape [out, in] as in PyTorch (a fully connected layer). */
export class Linear extends Module {
  weight: Parameter;
  bias: Parameter | null;

  constructor(readonly inFeatures: number, readonly outFeatures: number, opts: LinearOptions = {}) {
    super();
    const o = resolveOptions(opts);
    this.weight = emptyParameter([outFeatures, inFeatures], o);
    kaimingUniform_(this.weight, { a: Math.sqrt(5), generator: opts.generator });
    this.bias = opts.bias === false ? null : emptyParameter([outFeatures], o);
    if (this.bias) defaultBias_(this.bias, inFeatures, opts.generator);
  }

  forward(x: Tensor): Tensor {
    const y = this.product(x);
    return this.bias ? y.add(this.bias) : y;
  }

  /** relu(forward(x)) with the relu in the bias epilogue (one pass, the same bits); `Sequential` calls it. */
  forwardActivated(x: Tensor, activation: BiasActivation): Tensor {
    const y = this.product(x);
    if (this.bias && this.bias.dtype === y.dtype) return biasActivation(y, this.bias, { axis: -1, activation });
    const z = this.bias ? y.add(this.bias) : y;
    return activation === 'relu' ? relu(z) : z;
  }

  private product(x: Tensor): Tensor {
    if (x.rank < 1 || x.shape[x.rank - 1] !== this.inFeatures) {
      throw new ShapeError(`Linear(${this.inFeatures}→${this.outFeatures}): expected input [..., ${this.inFeatures}], got ${fmtShape(x.shape)}`);
    }
    return x.matmul(this.weight.mT());
  }

  override extraRepr(): string {
    return `${this.inFeatures} → ${this.outFeatures}${this.bias ? '' : ', bias=false'}`;
  }
}
