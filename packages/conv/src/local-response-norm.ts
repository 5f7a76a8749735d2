import { Module, Tensor, ShapeError, fmtShape, avgPool2d, type ModuleOptions } from '@dnn/tensor';

export interface LocalResponseNormOptions extends ModuleOptions {
  /** Default 1e-4. */
  alpha?: number;
  /** Default 0.75. */
  beta?: number;
  /** Default 1. */
  k?: number;
}

/**
 * AlexNet's local response normalization across channels:
 * b_c = a_c / (k + α/n · Σ_{c' near c} a_{c'}²)^β, with the window of n = size channels centred on c
 * (PyTorch's formula, which divides α by n). `new LocalResponseNorm(5, { k: 2 })`
 */
export class LocalResponseNorm extends Module {
  constructor(readonly size: number, readonly opts: LocalResponseNormOptions = {}) { super(); }

  forward(x: Tensor): Tensor {
    if (x.rank !== 4) throw new ShapeError(`LocalResponseNorm: expected input [N,C,H,W], got ${fmtShape(x.shape)}`);
    const { alpha = 1e-4, beta = 0.75, k = 1 } = this.opts;
    const size = this.size;
    const [N, C, H, W] = x.shape as [number, number, number, number];
    // average of squares over a channel window = avg-pooling a [N,1,C,H·W] image along its height
    const sq = x.square().reshape([N, 1, C, H * W]);
    const padded = sq.pad([0, 0, Math.floor(size / 2), Math.floor((size - 1) / 2)]);
    const avg = avgPool2d(padded, { kernelSize: [size, 1], stride: 1 }).reshape([N, C, H, W]);
    return x.div(avg.mul(alpha).add(k).pow(beta));
  }

  override extraRepr(): string {
    const { alpha = 1e-4, beta = 0.75, k = 1 } = this.opts;
    return `size=${this.size}, alpha=${alpha}, beta=${beta}, k=${k}`;
  }
}
