import { Module, Tensor, ShapeError, ValueError, bernoulli, fmtShape, type Generator } from '@dnn/tensor';

/** Channel dropout: zeroes whole feature maps with probability p (scaled by 1/(1-p)); train only. */
export class Dropout2d extends Module {
  constructor(readonly p = 0.5, readonly opts: { generator?: Generator } = {}) {
    super();
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
