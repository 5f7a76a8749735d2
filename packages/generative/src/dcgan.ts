import { Module, Linear, type Tensor, concat, ShapeError, fmtShape } from '@dnn/tensor';
import { Conv2d, ConvTranspose2d, BatchNorm2d } from '@dnn/conv';
import { checkImageSize, type ConvNetOptions } from './conv-vae-nets';

export interface DCGANOptions extends Omit<ConvNetOptions, 'channels'> {
  /** Base width f: the generator and discriminator use f and 2f channels (default 64). */
  features?: number;
  /** Batch normalization in the discriminator (default true; turn it off for a WGAN-GP critic). */
  batchNorm?: boolean;
}

/**
 * DCGAN-style generator for [N, C, S, S] images in [−1, 1] (S a multiple of 4):
 * [z, onehot(y)] → linear → 2f×S/4×S/4, batch norm, ReLU → 4×4 stride-2 transposed conv to f×S/2×S/2,
 * batch norm, ReLU → 4×4 stride-2 transposed conv to C×S×S → tanh.
 */
export class DCGANGenerator extends Module {
  fc: Linear;
  bn0: BatchNorm2d;
  deconv1: ConvTranspose2d;
  bn1: BatchNorm2d;
  deconv2: ConvTranspose2d;
  readonly numClasses: number;
  private readonly _f: number;

  constructor(readonly latentDim: number, readonly outChannels: number, readonly imageSize: number, opts: DCGANOptions = {}) {
    super();
    const s = checkImageSize('DCGANGenerator', imageSize);
    const f = (this._f = opts.features ?? 64);
    this.numClasses = opts.numClasses ?? 0;
    this.fc = new Linear(latentDim + this.numClasses, 2 * f * s * s, opts);
    this.bn0 = new BatchNorm2d(2 * f, opts);
    this.deconv1 = new ConvTranspose2d(2 * f, f, 4, { ...opts, stride: 2, padding: 1 });
    this.bn1 = new BatchNorm2d(f, opts);
    this.deconv2 = new ConvTranspose2d(f, outChannels, 4, { ...opts, stride: 2, padding: 1 });
  }

  forward(z: Tensor, cond?: Tensor): Tensor {
    const s = this.imageSize / 4;
    const h0 = this.fc.forward(cond ? concat([z, cond], 1) : z).reshape([z.shape[0]!, 2 * this._f, s, s]);
    const h1 = this.deconv1.forward(this.bn0.forward(h0).relu());
    return this.deconv2.forward(this.bn1.forward(h1).relu()).tanh();
  }
}

/**
 * DCGAN-style discriminator (or critic) for [N, C, S, S] images: 4×4 stride-2 conv to f channels,
 * LeakyReLU(0.2) → 4×4 stride-2 conv to 2f, batch norm (optional), LeakyReLU(0.2) → linear map of the
 * flattened features (and the one-hot label) to one logit per sample, shape [N].
 */
export class DCGANDiscriminator extends Module {
  conv1: Conv2d;
  conv2: Conv2d;
  bn2: BatchNorm2d | null;
  fc: Linear;
  readonly numClasses: number;

  constructor(readonly inChannels: number, readonly imageSize: number, opts: DCGANOptions = {}) {
    super();
    const s = checkImageSize('DCGANDiscriminator', imageSize);
    const f = opts.features ?? 64;
    this.numClasses = opts.numClasses ?? 0;
    this.conv1 = new Conv2d(inChannels, f, 4, { ...opts, stride: 2, padding: 1 });
    this.conv2 = new Conv2d(f, 2 * f, 4, { ...opts, stride: 2, padding: 1 });
    this.bn2 = opts.batchNorm === false ? null : new BatchNorm2d(2 * f, opts);
    this.fc = new Linear(2 * f * s * s + this.numClasses, 1, opts);
  }

  forward(x: Tensor, cond?: Tensor): Tensor {
    if (x.rank !== 4 || x.shape[1] !== this.inChannels || x.shape[2] !== this.imageSize || x.shape[3] !== this.imageSize) {
      throw new ShapeError(`DCGANDiscriminator: expected input [N, ${this.inChannels}, ${this.imageSize}, ${this.imageSize}], got ${fmtShape(x.shape)}`);
    }
    const h1 = this.conv1.forward(x).leakyRelu(0.2);
    const c2 = this.conv2.forward(h1);
    const h2 = (this.bn2 ? this.bn2.forward(c2) : c2).leakyRelu(0.2).flatten(1);
    return this.fc.forward(cond ? concat([h2, cond], 1) : h2).reshape([x.shape[0]!]);
  }
}
