import { Module, Linear, type Tensor, type ModuleOptions, type Generator, concat, ShapeError, ValueError, fmtShape } from '@dnn/tensor';
import { Conv2d, ConvTranspose2d } from '@dnn/conv';

export interface ConvNetOptions extends ModuleOptions {
  /** Channels after the first and second stride-2 convolutions (default [32, 64]). */
  channels?: readonly [number, number];
  /** Classes of a conditional model: the one-hot label joins the flattened features (default 0). */
  numClasses?: number;
  generator?: Generator;
}

export function checkImageSize(what: string, size: number): number {
  if (!Number.isInteger(size) || size < 4 || size % 4 !== 0) throw new ValueError(`${what}: imageSize must be a multiple of 4, got ${size}`);
  return size / 4;
}

/**
 * Convolutional Gaussian encoder for [N, C, S, S] images (S a multiple of 4):
 * two 4×4 stride-2 convolutions with ReLU (S → S/2 → S/4), then a linear map of the flattened
 * features (and the one-hot label) to [μ, log σ²].
 */
export class ConvEncoder extends Module {
  conv1: Conv2d;
  conv2: Conv2d;
  fc: Linear;
  readonly numClasses: number;

  constructor(readonly inChannels: number, readonly imageSize: number, readonly latentDim: number, opts: ConvNetOptions = {}) {
    super();
    const s = checkImageSize('ConvEncoder', imageSize);
    const [c1, c2] = opts.channels ?? [32, 64];
    this.numClasses = opts.numClasses ?? 0;
    this.conv1 = new Conv2d(inChannels, c1, 4, { ...opts, stride: 2, padding: 1 });
    this.conv2 = new Conv2d(c1, c2, 4, { ...opts, stride: 2, padding: 1 });
    this.fc = new Linear(c2 * s * s + this.numClasses, 2 * latentDim, opts);
  }

  forward(x: Tensor, cond?: Tensor): { mu: Tensor; logvar: Tensor } {
    if (x.rank !== 4 || x.shape[1] !== this.inChannels || x.shape[2] !== this.imageSize || x.shape[3] !== this.imageSize) {
      throw new ShapeError(`ConvEncoder: expected input [N, ${this.inChannels}, ${this.imageSize}, ${this.imageSize}], got ${fmtShape(x.shape)}`);
    }
    const h = this.conv2.forward(this.conv1.forward(x).relu()).relu().flatten(1);
    const [mu, logvar] = this.fc.forward(cond ? concat([h, cond], 1) : h).split(this.latentDim, 1) as [Tensor, Tensor];
    return { mu, logvar };
  }
}

/**
 * Convolutional decoder to [N, C, S, S]: a linear map of [z, onehot(y)] to C₂×S/4×S/4 features with
 * ReLU, then two 4×4 stride-2 transposed convolutions (ReLU between) giving Bernoulli logits or means.
 */
export class ConvDecoder extends Module {
  fc: Linear;
  deconv1: ConvTranspose2d;
  deconv2: ConvTranspose2d;
  readonly numClasses: number;
  private readonly _c2: number;

  constructor(readonly latentDim: number, readonly outChannels: number, readonly imageSize: number, opts: ConvNetOptions = {}) {
    super();
    const s = checkImageSize('ConvDecoder', imageSize);
    const [c1, c2] = opts.channels ?? [32, 64];
    this._c2 = c2;
    this.numClasses = opts.numClasses ?? 0;
    this.fc = new Linear(latentDim + this.numClasses, c2 * s * s, opts);
    this.deconv1 = new ConvTranspose2d(c2, c1, 4, { ...opts, stride: 2, padding: 1 });
    this.deconv2 = new ConvTranspose2d(c1, outChannels, 4, { ...opts, stride: 2, padding: 1 });
  }

  forward(z: Tensor, cond?: Tensor): Tensor {
    const s = this.imageSize / 4;
    const h = this.fc.forward(cond ? concat([z, cond], 1) : z).relu().reshape([z.shape[0]!, this._c2, s, s]);
    return this.deconv2.forward(this.deconv1.forward(h).relu());
  }
}
