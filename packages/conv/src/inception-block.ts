import { Module, Sequential, Tensor, ShapeError, concat, fmtShape, relu, type ModuleOptions } from '@dnn/tensor';
import { Conv2d } from './conv2d';
import { BatchNorm2d } from './batch-norm2d';
import { MaxPool2d } from './pooling';

export interface BasicConv2dOptions extends ModuleOptions {
  /** Default 0. */
  padding?: number;
  /** Default 1. */
  stride?: number;
  /** Batch norm after the convolution (then the convolution has no bias). Default true. */
  /** Batch norm in every BasicConv2d. Default true. */
  batchNorm?: boolean;
}

/** y = relu(bn(conv(x))) with ε = 0.001, torchvision's BasicConv2d (fields conv, bn). */
export class BasicConv2d extends Module {
  conv: Conv2d;
  bn: BatchNorm2d | null;

  constructor(readonly inChannels: number, readonly outChannels: number, readonly kernelSize: number, readonly opts: BasicConv2dOptions = {}) {
    super();
    const bn = opts.batchNorm ?? true;
    this.conv = new Conv2d(inChannels, outChannels, kernelSize, {
      device: opts.device, dtype: opts.dtype, generator: opts.generator, padding: opts.padding ?? 0, stride: opts.stride ?? 1, bias: !bn,
    });
    this.bn = bn ? new BatchNorm2d(outChannels, { device: opts.device, dtype: opts.dtype, eps: 0.001 }) : null;
  }

  forward(x: Tensor): Tensor {
    const y = this.conv.forward(x);
    return relu(this.bn ? this.bn.forward(y) : y);
  }
}

export interface InceptionBlockOptions extends ModuleOptions {
  /** Kernel of the "5×5" branch: 5 as in the paper; torchvision's GoogLeNet uses 3 (kept for weight compatibility). */
  branch3Kernel?: 3 | 5;
  /** Batch norm in every BasicConv2d. Default true. */
  batchNorm?: boolean;
}

/**
 * GoogLeNet's Inception module: four parallel branches — 1×1; 1×1→3×3; 1×1→5×5; 3×3 max-pool→1×1 —
 * concatenated along channels. The 1×1 reductions keep the wide kernels cheap. The branch widths are
 * positional, in torchvision's order: `new InceptionBlock(192, 64, 96, 128, 16, 32, 32)`.
 */
export class InceptionBlock extends Module {
  branch1: BasicConv2d;
  branch2: Sequential;
  branch3: Sequential;
  branch4: Sequential;
  readonly outChannels: number;

  constructor(
    readonly inChannels: number, readonly ch1x1: number, readonly ch3x3red: number, readonly ch3x3: number,
    readonly ch5x5red: number, readonly ch5x5: number, readonly poolProj: number, readonly opts: InceptionBlockOptions = {},
  ) {
    super();
    const c = inChannels;
    const m = { device: opts.device, dtype: opts.dtype, generator: opts.generator, batchNorm: opts.batchNorm };
    const k5 = opts.branch3Kernel ?? 5;
    this.branch1 = new BasicConv2d(c, ch1x1, 1, m);
    this.branch2 = new Sequential(new BasicConv2d(c, ch3x3red, 1, m), new BasicConv2d(ch3x3red, ch3x3, 3, { ...m, padding: 1 }));
    this.branch3 = new Sequential(new BasicConv2d(c, ch5x5red, 1, m), new BasicConv2d(ch5x5red, ch5x5, k5, { ...m, padding: (k5 - 1) / 2 }));
    this.branch4 = new Sequential(
      new MaxPool2d(3, { stride: 1, padding: 1, ceilMode: true }),
      new BasicConv2d(c, poolProj, 1, m),
    );
    this.outChannels = ch1x1 + ch3x3 + ch5x5 + poolProj;
  }

  forward(x: Tensor): Tensor {
    if (x.rank !== 4 || x.shape[1] !== this.inChannels) {
      throw new ShapeError(`InceptionBlock(${this.inChannels}→${this.outChannels}): expected input [N,${this.inChannels},H,W], got ${fmtShape(x.shape)}`);
    }
    return concat([
      this.branch1.forward(x), this.branch2.forward(x), this.branch3.forward(x), this.branch4.forward(x),
    ], 1);
  }

  override extraRepr(): string {
    const k = this.opts.branch3Kernel ?? 5;
    return `${this.inChannels}→${this.outChannels}: 1×1 ${this.ch1x1} | 1×1 ${this.ch3x3red}→3×3 ${this.ch3x3} | 1×1 ${this.ch5x5red}→${k}×${k} ${this.ch5x5} | pool→1×1 ${this.poolProj}`;
  }
}
