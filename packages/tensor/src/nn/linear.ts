import type { Tensor } from '../tensor';
import { biasActivation, type Activation } from '../ops/bias-activation';
import { ShapeError, fmtShape } from '../errors';
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

  /**
   * activation(forward(x)) with the bias and the activation in one pass where the device has the
   * fused kernel, the same values either way (Sequential calls it for a Linear followed by ReLU, Sigmoid or Tanh).
   */
  forwardActivated(x: Tensor, activation: Activation): Tensor {
    const y = this.product(x);
    if (this.bias) return biasActivation(y, this.bias, { axis: -1, activation });
    return activation === 'identity' ? y : y[activation]();
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
