import { Module, Tensor, ShapeError, ValueError, convTranspose2d, fmtShape, nn, type Generator, type ModuleOptions, type Parameter } from '@dnn/tensor';
import { asPair, type Pair } from './conv2d';

export interface ConvTranspose2dOptions extends ModuleOptions {
  inChannels: number;
  outChannels: number;
  kernelSize: Pair;
  stride?: Pair;
  padding?: Pair;
  outputPadding?: Pair;
  dilation?: Pair;
  groups?: number;
  bias?: boolean;
  generator?: Generator;
}

/** Transposed convolution (the gradient of Conv2d w.r.t. its input); weight [in, out/groups, kh, kw]. */
export class ConvTranspose2d extends Module {
  weight: Parameter;
  bias: Parameter | null;

  constructor(readonly opts: ConvTranspose2dOptions) {
    super();
    const { inChannels: C, outChannels: O } = opts;
    const groups = opts.groups ?? 1;
    if (C % groups || O % groups) throw new ValueError(`ConvTranspose2d(${C}→${O}): groups=${groups} must divide both channel counts`);
    const [kh, kw] = asPair(opts.kernelSize);
    const o = nn.resolveOptions(opts);
    this.weight = nn.emptyParameter([C, O / groups, kh, kw], o);
    // PyTorch computes fan_in from weight.shape[1] here: (out/groups)·kh·kw
    const bound = 1 / Math.sqrt((O / groups) * kh * kw);
    nn.init.uniform_(this.weight, -bound, bound, opts.generator);
    this.bias = opts.bias === false ? null : nn.emptyParameter([O], o);
    if (this.bias) nn.init.uniform_(this.bias, -bound, bound, opts.generator);
  }

  forward(x: Tensor): Tensor {
    const { inChannels: C, outChannels: O } = this.opts;
    if (x.rank !== 4 || x.shape[1] !== C) throw new ShapeError(`ConvTranspose2d(${C}→${O}): expected input [N,${C},H,W], got ${fmtShape(x.shape)}`);
    return convTranspose2d(x, this.weight, this.bias, {
      stride: this.opts.stride, padding: this.opts.padding, outputPadding: this.opts.outputPadding,
      dilation: this.opts.dilation, groups: this.opts.groups,
    });
  }

  override extraRepr(): string {
    return `${this.opts.inChannels}→${this.opts.outChannels}, kernel=${asPair(this.opts.kernelSize).join('×')}`;
  }
}
