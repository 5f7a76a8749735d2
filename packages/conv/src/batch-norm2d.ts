import { Module, Tensor, ShapeError, batchNormTrain, fmtShape, full, keep, noGrad, nn, type ModuleOptions, type Parameter } from '@dnn/tensor';

export interface BatchNorm2dOptions extends ModuleOptions {
  /** Added to the variance. Default 1e-5. */
  eps?: number;
  /** Weight of the new batch statistic in the running average (PyTorch's convention); null = cumulative average. */
  momentum?: number | null;
  /** Learn a per-channel scale γ (init 1) and shift β (init 0). Default true. */
  affine?: boolean;
  /** Keep running statistics for eval mode. Default true. */
  trackRunningStats?: boolean;
}

/**
 * Batch normalization over N, H, W per channel: y = (x − μ)/√(σ² + ε)·γ + β. Training normalizes with the batch's biased variance and
 * updates running statistics with the unbiased one; eval uses the running statistics. Buffer names
 * (running_mean, running_var, num_batches_tracked) match PyTorch's state dict.
 */
export class BatchNorm2d extends Module {
  weight: Parameter | null;
  bias: Parameter | null;
  running_mean: Tensor | null;
  running_var: Tensor | null;
  num_batches_tracked: Tensor | null;

  constructor(readonly numFeatures: number, readonly opts: BatchNorm2dOptions = {}) {
    super();
    const o = nn.resolveOptions(opts);
    const affine = opts.affine ?? true;
    this.weight = affine ? nn.emptyParameter([numFeatures], o) : null;
    if (this.weight) nn.init.ones_(this.weight);
    this.bias = affine ? nn.emptyParameter([numFeatures], o) : null;
    if (this.bias) nn.init.zeros_(this.bias);
    const track = opts.trackRunningStats ?? true;
    this.running_mean = track ? full([numFeatures], 0, o) : null;
    this.running_var = track ? full([numFeatures], 1, o) : null;
    this.num_batches_tracked = track ? full([], 0, { dtype: 'int32', device: o.device }) : null;
    for (const t of [this.running_mean, this.running_var, this.num_batches_tracked]) if (t) keep(t);
  }

  forward(x: Tensor): Tensor {
    const C = this.numFeatures;
    if (x.rank !== 4 || x.shape[1] !== C) throw new ShapeError(`BatchNorm2d(${C}): expected input [N,${C},H,W], got ${fmtShape(x.shape)}`);
    const eps = this.opts.eps ?? 1e-5;
    const useBatch = this.training || !this.running_mean;
    if (useBatch && this.weight && this.bias) return this.fusedForward(x, eps);
    let mean: Tensor, variance: Tensor;
    if (useBatch) {
      mean = x.mean([0, 2, 3], true);
      variance = x.sub(mean).square().mean([0, 2, 3], true);
      if (this.training && this.running_mean && this.running_var && this.num_batches_tracked) {
        this.updateRunningStats(mean, variance, x.size / C);
      }
    } else {
      mean = this.running_mean!.reshape([1, C, 1, 1]);
      variance = this.running_var!.reshape([1, C, 1, 1]);
    }
    let y = x.sub(mean).mul(variance.add(eps).rsqrt());
    if (this.weight) y = y.mul(this.weight.reshape([1, C, 1, 1]));
    if (this.bias) y = y.add(this.bias.reshape([1, C, 1, 1]));
    return y;
  }

  /** The batch statistics and their gradient in one kernel each (the `batchNorm` primitive). */
  private fusedForward(x: Tensor, eps: number): Tensor {
    const { y, mean, variance } = batchNormTrain(x, this.weight!, this.bias!, eps);
    if (this.training && this.running_mean && this.running_var && this.num_batches_tracked) {
      this.updateRunningStats(mean, variance, x.size / this.numFeatures);
    }
    // the tape keeps its own handles on the statistics
    mean.dispose();
    variance.dispose();
    return y;
  }

  private updateRunningStats(mean: Tensor, variance: Tensor, n: number): void {
    noGrad(() => {
      const count = this.num_batches_tracked!;
      count.assign(count.add(1));
      const m = this.opts.momentum === undefined ? 0.1 : this.opts.momentum;
      const factor = m ?? 1 / count.item();
      const unbiased = variance.mul(n / Math.max(n - 1, 1)).reshape([-1]);
      this.running_mean!.assign(this.running_mean!.mul(1 - factor).add(mean.reshape([-1]).mul(factor)));
      this.running_var!.assign(this.running_var!.mul(1 - factor).add(unbiased.mul(factor)));
    });
  }

  override extraRepr(): string {
    return `${this.numFeatures}, eps=${this.opts.eps ?? 1e-5}, momentum=${this.opts.momentum === undefined ? 0.1 : this.opts.momentum}`;
  }
}
