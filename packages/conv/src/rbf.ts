import { Module, Tensor, ShapeError, fmtShape, keep, Generator, nn, rand, type ModuleOptions, type Parameter } from '@dnn/tensor';

export interface RBFOutputOptions extends ModuleOptions {
  /** Class prototypes [classes, features]; default: a fixed random ±1 code per class (seeded). */
  prototypes?: Tensor;
  /** Learn the prototypes instead of keeping them fixed (LeNet-5 keeps them fixed). */
  trainable?: boolean;
  /** Seed of the default prototypes when no generator is given. Default 5. */
  seed?: number;
}

/**
 * LeNet-5's radial basis function output layer: y_i = Σ_j (x_j − w_ij)², the squared Euclidean
 * distance of the input to each class prototype. Small is good: classify with argmin, train with
 * cross-entropy on −y (LeCun's discriminative criterion).
 */
export class RBFOutput extends Module {
  /** Fixed prototypes are a buffer (saved, not trained); trainable ones a parameter. */
  prototypes: Tensor | Parameter;

  constructor(readonly inFeatures: number, readonly classes: number, opts: RBFOutputOptions = {}) {
    super();
    const o = nn.resolveOptions(opts);
    let protos = opts.prototypes;
    if (protos && (protos.rank !== 2 || protos.shape[0] !== classes || protos.shape[1] !== inFeatures)) {
      throw new ShapeError(`RBFOutput(${inFeatures}→${classes}): prototypes must be [${classes},${inFeatures}], got ${fmtShape(protos.shape)}`);
    }
    // LeCun drew ±1 bitmaps of the characters; for other data a random ±1 code per class plays that role
    protos ??= rand([classes, inFeatures], { generator: opts.generator ?? new Generator(opts.seed ?? 5), device: o.device, dtype: o.dtype }).lt(0.5).cast(o.dtype).mul(2).sub(1);
    if (opts.trainable) {
      const p = nn.emptyParameter([classes, inFeatures], o);
      p.assign(protos.cast(o.dtype));
      this.prototypes = p;
    } else {
      this.prototypes = keep(protos.cast(o.dtype).clone());
    }
  }

  forward(x: Tensor): Tensor {
    if (x.rank !== 2 || x.shape[1] !== this.inFeatures) {
      throw new ShapeError(`RBFOutput(${this.inFeatures}→${this.classes}): expected input [N,${this.inFeatures}], got ${fmtShape(x.shape)}`);
    }
    // ‖x − w‖² = ‖x‖² − 2·x·wᵀ + ‖w‖², computed as one matmul rather than an [N, classes, F] difference
    const xx = x.square().sum(1, true);
    const ww = this.prototypes.square().sum(1).reshape([1, this.classes]);
    return xx.sub(x.matmul(this.prototypes.mT()).mul(2)).add(ww);
  }

  override extraRepr(): string {
    return `${this.inFeatures} → ${this.classes}${this.prototypes instanceof nn.Parameter ? ', trainable' : ', fixed prototypes'}`;
  }
}
