import {
  Module, Tensor, ShapeError, fmtShape, maxPool2d, avgPool2d, adaptiveAvgPool2d, adaptiveMaxPool2d, type ModuleOptions,
} from '@dnn/tensor';
import type { Pair } from './conv2d';

export interface PoolOptions extends ModuleOptions {
  /** Defaults to kernelSize (non-overlapping); a smaller stride gives AlexNet's overlapping pooling. */
  stride?: Pair;
  /** Implicit padding per side (−∞ for max, 0 for average). Default 0. */
  padding?: Pair;
  /** Default 1. */
  dilation?: Pair;
  /** Round the output size up instead of down. Default false. */
  ceilMode?: boolean;
}

export interface AvgPoolOptions extends PoolOptions {
  /** Count padded zeros in each window's divisor. Default true. */
  countIncludePad?: boolean;
  /** Divide every window by this instead of its size. */
  divisorOverride?: number;
}

function check(x: Tensor, name: string): void {
  if (x.rank !== 4) throw new ShapeError(`${name}: expected input [N,C,H,W], got ${fmtShape(x.shape)}`);
}

const geometry = (kernelSize: Pair, o: PoolOptions) =>
  ({ kernelSize, stride: o.stride, padding: o.padding, dilation: o.dilation, ceilMode: o.ceilMode });

const show = (kernelSize: Pair, o: PoolOptions): string =>
  `kernel=${kernelSize}, stride=${o.stride ?? kernelSize}${o.padding ? `, padding=${o.padding}` : ''}${o.ceilMode ? ', ceilMode' : ''}`;

/**
 * Max pooling: y = max of each kernelSize window (stepped by stride); its error is routed to each
 * window's maximum in backward. `new MaxPool2d(3, { stride: 2 })`
 */
export class MaxPool2d extends Module {
  constructor(readonly kernelSize: Pair, readonly opts: PoolOptions = {}) { super(); }
  forward(x: Tensor): Tensor {
    check(x, 'MaxPool2d');
    return maxPool2d(x, geometry(this.kernelSize, this.opts));
  }
  /** Values and the flat H·W position of each maximum (for unpooling). */
  forwardWithIndices(x: Tensor): [Tensor, Tensor] {
    check(x, 'MaxPool2d');
    return maxPool2d(x, { ...geometry(this.kernelSize, this.opts), returnIndices: true });
  }
  override extraRepr(): string { return show(this.kernelSize, this.opts); }
}

/** Average pooling: y = mean of each window; its error is spread evenly over each window in backward. */
export class AvgPool2d extends Module {
  constructor(readonly kernelSize: Pair, readonly opts: AvgPoolOptions = {}) { super(); }
  forward(x: Tensor): Tensor {
    check(x, 'AvgPool2d');
    return avgPool2d(x, { ...geometry(this.kernelSize, this.opts), countIncludePad: this.opts.countIncludePad, divisorOverride: this.opts.divisorOverride });
  }
  override extraRepr(): string { return show(this.kernelSize, this.opts); }
}

/** Average pooling to a fixed output size: cell i covers rows ⌊i·H/Ho⌋ … ⌈(i+1)·H/Ho⌉ − 1. */
export class AdaptiveAvgPool2d extends Module {
  constructor(readonly outputSize: Pair, readonly opts: ModuleOptions = {}) { super(); }
  forward(x: Tensor): Tensor {
    check(x, 'AdaptiveAvgPool2d');
    return adaptiveAvgPool2d(x, this.outputSize);
  }
  override extraRepr(): string { return `output=${this.outputSize}`; }
}

/** Max pooling to a fixed output size, over the same cells as AdaptiveAvgPool2d. */
export class AdaptiveMaxPool2d extends Module {
  constructor(readonly outputSize: Pair, readonly opts: ModuleOptions = {}) { super(); }
  forward(x: Tensor): Tensor {
    check(x, 'AdaptiveMaxPool2d');
    return adaptiveMaxPool2d(x, this.outputSize);
  }
  override extraRepr(): string { return `output=${this.outputSize}`; }
}
