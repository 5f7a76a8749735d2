import { Module, Tensor, ShapeError, ValueError, convTranspose2d, fmtShape, nn, type ModuleOptions, type Parameter } from '@dnn/tensor';
import { asPair, type Pair } from './conv2d';

export interface ConvTranspose2dOptions extends ModuleOptions {
  /** Default 1. */
  stride?: Pair;
  /** Default 0. */
  padding?: Pair;
  /** Extra rows/columns added to one side of the output. Default 0. */
  outputPadding?: Pair;
  /** Default 1. */
  dilation?: Pair;
  /** Default 1. */
  groups?: number;
  /** Default true. */
  bias?: boolean;
}

/**
 * Transposed convolution (the gradient of Conv2d w.r.t. its input); weight [in, out/groups, kh, kw].
 * `new ConvTranspose2d(16, 8, 3, { stride: 2, padding: 1, outputPadding: 1 })`
 */
export class ConvTranspose2d extends Module {
  weight: Parameter;
  bias: Parameter | null;
  readonly kernelSize: [number, number];

  constructor(readonly inChannels: number, readonly outChannels: number, kernelSize: Pair, readonly opts: ConvTranspose2dOptions = {}) {
    super();
    const [C, O] = [inChannels, outChannels];
    const groups = opts.groups ?? 1;
    if (C % groups || O % groups) throw new ValueError(`ConvTranspose2d(${C}→${O}): groups=${groups} must divide both channel counts`);
    this.kernelSize = asPair(kernelSize);
    const [kh, kw] = this.kernelSize;
    const o = nn.resolveOptions(opts);
    this.weight = nn.emptyParameter([C, O / groups, kh, kw], o);
    // as PyTorch, fan_in is read from weight.shape[1]: (out/groups)·kh·kw
    nn.init.kaimingUniform_(this.weight, { a: Math.sqrt(5), generator: opts.generator });
    this.bias = opts.bias === false ? null : nn.emptyParameter([O], o);
    if (this.bias) nn.init.defaultBias_(this.bias, (O / groups) * kh * kw, opts.generator);
  }

  forward(x: Tensor): Tensor {
    const [C, O] = [this.inChannels, this.outChannels];
    if (x.rank !== 4 || x.shape[1] !== C) throw new ShapeError(`ConvTranspose2d(${C}→${O}): expected input [N,${C},H,W], got ${fmtShape(x.shape)}`);
    return convTranspose2d(x, this.weight, this.bias, {
      stride: this.opts.stride, padding: this.opts.padding, outputPadding: this.opts.outputPadding,
      dilation: this.opts.dilation, groups: this.opts.groups,
    });
  }

  override extraRepr(): string {
    return `${this.inChannels}→${this.outChannels}, kernel=${this.kernelSize.join('×')}`;
  }
}
