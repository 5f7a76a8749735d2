import { Module, Tensor, ShapeError, fmtShape, avgPool2d, nn, type ModuleOptions, type Parameter } from '@dnn/tensor';

/**
 * LeNet-5's trainable subsampling (S2, S4): each output is the sum of a 2×2 window, times a trainable
 * coefficient, plus a trainable bias — two parameters per map. The squashing function is applied by
 * the next module, so the layer stays linear and composable.
 */
export class Subsampling2d extends Module {
  weight: Parameter;
  bias: Parameter;

  constructor(readonly channels: number, readonly opts: ModuleOptions & { kernelSize?: number } = {}) {
    super();
    const o = nn.resolveOptions(opts);
    this.weight = nn.emptyParameter([channels], o);
    this.bias = nn.emptyParameter([channels], o);
    // LeCun's init: uniform in ±2.4/fan_in with fan_in = 4 inputs per unit
    const k = opts.kernelSize ?? 2;
    nn.init.uniform_(this.weight, -2.4 / (k * k), 2.4 / (k * k));
    nn.init.uniform_(this.bias, -2.4 / (k * k), 2.4 / (k * k));
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
