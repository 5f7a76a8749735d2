import { Module, Tensor, ShapeError, ValueError, bernoulli, fmtShape, type ModuleOptions } from '@dnn/tensor';

export interface Dropout2dOptions extends ModuleOptions {
  /** Probability of zeroing a channel. Default 0.5. */
  p?: number;
}

/** Channel dropout: zeroes whole feature maps with probability p (scaled by 1/(1-p)); train only. `new Dropout2d({ p: 0.2 })` */
export class Dropout2d extends Module {
  readonly p: number;

  constructor(readonly opts: Dropout2dOptions = {}) {
    super();
    const p = this.p = opts.p ?? 0.5;
    if (!(p >= 0 && p <= 1)) throw new ValueError(`Dropout2d: p must be in [0, 1], got ${p}`);
  }

  forward(x: Tensor): Tensor {
    if (x.rank !== 4) throw new ShapeError(`Dropout2d: expected input [N,C,H,W], got ${fmtShape(x.shape)}`);
    if (!this.training || this.p === 0) return x;
    const [N, C] = x.shape as [number, number];
    const keepMask = bernoulli(1 - this.p, { shape: [N, C, 1, 1], dtype: x.dtype, device: x.device, generator: this.opts.generator });
    return this.p === 1 ? x.mul(0) : x.mul(keepMask).div(1 - this.p);
  }

  override extraRepr(): string {
    return `p=${this.p}`;
  }
}
