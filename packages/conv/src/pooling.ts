import {
  Module, Tensor, ShapeError, fmtShape, maxPool2d, avgPool2d, adaptiveAvgPool2d, adaptiveMaxPool2d,
} from '@dnn/tensor';
import type { Pair } from './conv2d';

export interface PoolOptions {
  kernelSize: Pair;
  /** Defaults to kernelSize (non-overlapping); a smaller stride gives AlexNet's overlapping pooling. */
  stride?: Pair;
  padding?: Pair;
  dilation?: Pair;
  ceilMode?: boolean;
}

function check(x: Tensor, name: string): void {
  if (x.rank !== 4) throw new ShapeError(`${name}: expected input [N,C,H,W], got ${fmtShape(x.shape)}`);
}

const show = (o: PoolOptions): string =>
  `kernel=${o.kernelSize}, stride=${o.stride ?? o.kernelSize}${o.padding ? `, padding=${o.padding}` : ''}${o.ceilMode ? ', ceilMode' : ''}`;

/** Max pooling; its error is upsampled to each window's maximum in backward. */
export class MaxPool2d extends Module {
  constructor(readonly opts: PoolOptions) { super(); }
  forward(x: Tensor): Tensor {
    check(x, 'MaxPool2d');
    return maxPool2d(x, this.opts);
  }
  /** Values and the flat H·W position of each maximum (for unpooling). */
  forwardWithIndices(x: Tensor): [Tensor, Tensor] {
    check(x, 'MaxPool2d');
    return maxPool2d(x, { ...this.opts, returnIndices: true });
  }
  override extraRepr(): string { return show(this.opts); }
}

/** Average pooling; its error is spread evenly over each window in backward. */
export class AvgPool2d extends Module {
  constructor(readonly opts: PoolOptions & { countIncludePad?: boolean; divisorOverride?: number }) { super(); }
  forward(x: Tensor): Tensor {
    check(x, 'AvgPool2d');
    return avgPool2d(x, this.opts);
  }
  override extraRepr(): string { return show(this.opts); }
}

export class AdaptiveAvgPool2d extends Module {
  constructor(readonly outputSize: Pair) { super(); }
  forward(x: Tensor): Tensor {
    check(x, 'AdaptiveAvgPool2d');
    return adaptiveAvgPool2d(x, this.outputSize);
  }
  override extraRepr(): string { return `output=${this.outputSize}`; }
}

export class AdaptiveMaxPool2d extends Module {
  constructor(readonly outputSize: Pair) { super(); }
  forward(x: Tensor): Tensor {
    check(x, 'AdaptiveMaxPool2d');
    return adaptiveMaxPool2d(x, this.outputSize);
  }
  override extraRepr(): string { return `output=${this.outputSize}`; }
}
