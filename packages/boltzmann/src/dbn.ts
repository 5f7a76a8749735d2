import {
  Linear, Module, Sequential, ShapeError, ValueError, fmtShape, full, keep, nn, noGrad, tidy,
  type Generator, type ModuleOptions, type Tensor,
} from '@dnn/tensor';
import { bernoulliFrom, generatorDraws, type Draws } from './draws';
import { RBM, type VisibleUnits } from './rbm';
import { fitRBM, type FitRBMOptions } from './rbm-trainer';

export interface DBNOptions extends ModuleOptions {
  /** Units of the bottom layer: 'bernoulli' (default) or 'gaussian'. Higher layers are binary. */
  visible?: VisibleUnits;
  /** Standard deviation of the initial weights (default 0.01). */
  initStd?: number;
  generator?: Generator;
}

/**
 * A deep belief network over layer sizes [n₀, n₁, …, n_L]: a stack of RBMs where RBM l joins layers
 * l and l+1. The top two layers form an undirected RBM; the layers below are directed top-down, with
 * p(hₗ = 1 | hₗ₊₁) = σ(bₗ + Wₗᵀhₗ₊₁). Recognition (the up pass) uses p(hₗ₊₁ = 1 | hₗ) = σ(cₗ + Wₗhₗ).
 * State-dict keys: `layers.<l>.weight` [nₗ₊₁, nₗ], `layers.<l>.hBias`, `layers.<l>.vBias`.
 */
export class DBN extends Module {
  layers: RBM[];

  constructor(readonly sizes: readonly number[], opts: DBNOptions = {}) {
    super();
    if (sizes.length < 2 || sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new ValueError(`DBN: need at least two positive layer sizes, got [${sizes.join(', ')}]`);
    this.layers = sizes.slice(1).map((n, l) => new RBM(sizes[l]!, n, {
      device: opts.device, dtype: opts.dtype, generator: opts.generator, initStd: opts.initStd,
      visible: l === 0 ? opts.visible : 'bernoulli',
    }));
  }

  /**
   * Greedy layer-wise pretraining: RBM 0 is trained on the data, then each trained layer's hidden
   * probabilities p(h | v) become the next RBM's visible data.
   */
  pretrain(data: Tensor, opts: FitRBMOptions | ((layer: number) => FitRBMOptions)): void {
    let x = data;
    this.layers.forEach((rbm, l) => {
      fitRBM(rbm, x, typeof opts === 'function' ? opts(l) : opts).dispose();
      if (l < this.layers.length - 1) {
        const next = noGrad(() => tidy(() => rbm.hiddenProbs(x)));
        if (x !== data) x.dispose();
        x = next;
      }
    });
    if (x !== data) x.dispose();
  }

  /** The up pass: top-layer probabilities after propagating p(h | v) through every layer. */
  forward(v: Tensor): Tensor {
    if (v.rank !== 2 || v.shape[1] !== this.sizes[0]) throw new ShapeError(`DBN(${this.sizes.join('→')}): expected input [N, ${this.sizes[0]}], got ${fmtShape(v.shape)}`);
    return this.layers.reduce((x, rbm) => rbm.hiddenProbs(x), v);
  }

  /**
   * Samples: `gibbsSteps` rounds of Gibbs sampling in the top RBM from random binary states, then one
   * top-down pass through the directed layers (sampling each layer, except the bottom's mean).
   */
  generate(n: number, opts: { gibbsSteps?: number; generator?: Generator; draws?: Draws } = {}): Tensor {
    const draws = opts.draws ?? generatorDraws(opts.generator);
    const top = this.layers[this.layers.length - 1]!;
    return noGrad(() => tidy(() => {
      const start = bernoulliFrom(full([n, top.nVisible], 0.5, { dtype: top.weight.dtype, device: top.weight.device }), draws);
      let x = top.gibbs(start, opts.gibbsSteps ?? 200, draws);
      for (let l = this.layers.length - 2; l >= 0; l--) {
        const mean = this.layers[l]!.visibleMean(x);
        x = l === 0 ? mean : bernoulliFrom(mean, draws);
      }
      return keep(x);
    }));
  }

  /**
   * The recognition weights unrolled into an ordinary network for fine-tuning by backpropagation:
   * Linear(n₀→n₁), Sigmoid, …, Linear(n_{L−1}→n_L), Sigmoid, then Linear(n_L→classes) when `classes`
   * is given (initialized like any Linear). Weights and hidden biases are copied; the children are
   * named 0, 1, 2… as in PyTorch.
   */
  toSequential(opts: { classes?: number; generator?: Generator } = {}): Sequential {
    const mods: Module[] = [];
    for (const rbm of this.layers) {
      const lin = new Linear(rbm.nVisible, rbm.nHidden, { device: rbm.weight.device, dtype: rbm.weight.dtype, generator: opts.generator });
      noGrad(() => { lin.weight.assign(rbm.weight); lin.bias!.assign(rbm.hBias); });
      mods.push(lin, new nn.Sigmoid());
    }
    if (opts.classes) {
      const top = this.layers[this.layers.length - 1]!;
      mods.push(new Linear(top.nHidden, opts.classes, { device: top.weight.device, dtype: top.weight.dtype, generator: opts.generator }));
    }
    return new Sequential(...mods);
  }

  override extraRepr(): string {
    return this.sizes.join(' → ');
  }
}
