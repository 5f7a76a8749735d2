import { Module, type Tensor } from '@dnn/tensor';
import { MLP } from './mlp';
import { withCondition, type ConditionalOptions } from './mlp-vae-nets';

export type OutputActivation = 'none' | 'tanh' | 'sigmoid';

export function outputActivation(x: Tensor, a: OutputActivation): Tensor {
  return a === 'tanh' ? x.tanh() : a === 'sigmoid' ? x.sigmoid() : x;
}

/**
 * GAN generator G(z, y) = out(MLP([z, onehot(y)])), reshaped to `outShape` (per sample) when given;
 * `outputActivation` (default 'none') is 'tanh' for data scaled to [−1, 1].
 */
export class MLPGenerator extends Module {
  net: MLP;
  readonly numClasses: number;
  readonly outShape: readonly number[];
  readonly outputActivation: OutputActivation;

  constructor(readonly latentDim: number, hidden: readonly number[], readonly outFeatures: number,
    opts: ConditionalOptions & { outShape?: readonly number[]; outputActivation?: OutputActivation } = {}) {
    super();
    this.numClasses = opts.numClasses ?? 0;
    this.outShape = opts.outShape ?? [outFeatures];
    this.outputActivation = opts.outputActivation ?? 'none';
    this.net = new MLP(latentDim + this.numClasses, hidden, outFeatures, opts);
  }

  forward(z: Tensor, cond?: Tensor): Tensor {
    const h = this.net.forward(withCondition(z, cond, `MLPGenerator(${this.latentDim}→${this.outFeatures})`, this.latentDim + this.numClasses));
    return outputActivation(h, this.outputActivation).reshape([z.shape[0]!, ...this.outShape]);
  }
}

/** GAN discriminator (or Wasserstein critic) D(x, y) = MLP([x, onehot(y)]): one logit per sample, shape [N]. */
export class MLPDiscriminator extends Module {
  net: MLP;
  readonly numClasses: number;

  constructor(readonly inFeatures: number, hidden: readonly number[], opts: ConditionalOptions = {}) {
    super();
    this.numClasses = opts.numClasses ?? 0;
    this.net = new MLP(inFeatures + this.numClasses, hidden, 1, { activation: 'leakyRelu', ...opts });
  }

  forward(x: Tensor, cond?: Tensor): Tensor {
    const h = this.net.forward(withCondition(x, cond, `MLPDiscriminator(${this.inFeatures})`, this.inFeatures + this.numClasses));
    return h.reshape([x.shape[0]!]);
  }
}
