import { Module, Tensor, ShapeError, fmtShape, avgPool2d, nn, type ModuleOptions, type Parameter } from '@dnn/tensor';

export interface Subsampling2dOptions extends ModuleOptions {
  /** Side of the square window that is summed. Default 2. */
  kernelSize?: number;
}

/**
 * LeNet-5's trainable subsampling (S2, S4): y[n, c] = w[c] · Σ_{2×2 window} x[n, c] + b[c], a trainable
 * coefficient and bias per map — two parameters per map. The squashing function is applied by
 * the next module, so the layer stays linear and composable.
 */
export class Subsampling2d extends Module {
  weight: Parameter;
  bias: Parameter;

  constructor(readonly channels: number, readonly opts: Subsampling2dOptions = {}) {
    super();
    const o = nn.resolveOptions(opts);
    this.weight = nn.emptyParameter([channels], o);
    this.bias = nn.emptyParameter([channels], o);
    // LeCun's init: U(±2.4/fan_in) with fan_in = k·k inputs per unit
    const k = opts.kernelSize ?? 2;
    nn.init.fanInUniform_(this.weight, k * k, { scale: 2.4, generator: opts.generator });
    nn.init.fanInUniform_(this.bias, k * k, { scale: 2.4, generator: opts.generator });
  }

  forward(x: Tensor): Tensor {
    const C = this.channels;
    if (x.rank !== 4 || x.shape[1] !== C) throw new ShapeError(`Subsampling2d(${C}): expected input [N,${C},H,W], got ${fmtShape(x.shape)}`);
    const k = this.opts.kernelSize ?? 2;
    const windowSum = avgPool2d(x, { kernelSize: k, divisorOverride: 1 });
    return windowSum.mul(this.weight.reshape([1, C, 1, 1])).add(this.bias.reshape([1, C, 1, 1]));
  }

  override extraRepr(): string {
    return `${this.channels}, ${this.opts.kernelSize ?? 2}×${this.opts.kernelSize ?? 2} sum × coefficient + bias`;
  }
}
