import type { Tensor } from '../tensor';
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
    if (x.rank < 1 || x.shape[x.rank - 1] !== this.inFeatures) {
      throw new ShapeError(`Linear(${this.inFeatures}→${this.outFeatures}): expected input [..., ${this.inFeatures}], got ${fmtShape(x.shape)}`);
    }
    const y = x.matmul(this.weight.mT());
    return this.bias ? y.add(this.bias) : y;
  }

  override extraRepr(): string {
    return `${this.inFeatures} → ${this.outFeatures}${this.bias ? '' : ', bias=false'}`;
  }
}
