import { Module, Linear, type Tensor, type ModuleOptions, type Generator } from '@dnn/tensor';

export type Activation = 'relu' | 'leakyRelu' | 'tanh' | 'elu';

export interface MLPOptions extends ModuleOptions {
  /** Hidden-layer nonlinearity (default 'relu'; 'leakyRelu' uses slope 0.2, the GAN default). */
  activation?: Activation;
  generator?: Generator;
}

export function activate(x: Tensor, activation: Activation): Tensor {
  switch (activation) {
    case 'relu': return x.relu();
    case 'leakyRelu': return x.leakyRelu(0.2);
    case 'tanh': return x.tanh();
    case 'elu': return x.elu();
  }
}

/**
 * A multilayer perceptron h₀ = x, h_{l+1} = φ(W_l h_l + b_l), with no nonlinearity after the last layer.
 * Its parameters are `layers.<l>.weight` and `layers.<l>.bias`.
 */
export class MLP extends Module {
  layers: Linear[];
  readonly activation: Activation;

  constructor(readonly inFeatures: number, readonly hidden: readonly number[], readonly outFeatures: number, opts: MLPOptions = {}) {
    super();
    const sizes = [inFeatures, ...hidden, outFeatures];
    this.activation = opts.activation ?? 'relu';
    this.layers = sizes.slice(1).map((n, i) => new Linear(sizes[i]!, n, opts));
  }

  forward(x: Tensor): Tensor {
    let h = x;
    this.layers.forEach((layer, i) => {
      h = layer.forward(h);
      if (i < this.layers.length - 1) h = activate(h, this.activation);
    });
    return h;
  }

  override extraRepr(): string {
    return `${[this.inFeatures, ...this.hidden, this.outFeatures].join(' → ')}, ${this.activation}`;
  }
}
