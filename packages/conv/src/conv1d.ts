import { Module, Tensor, ShapeError, ValueError, fmtShape, nn, type Generator, type ModuleOptions, type Parameter } from '@dnn/tensor';
import { convWithPadding, type PaddingMode } from './conv2d';

export interface Conv1dOptions extends ModuleOptions {
  inChannels: number;
  outChannels: number;
  kernelSize: number;
  stride?: number;
  padding?: number | 'same' | 'valid';
  dilation?: number;
  groups?: number;
  bias?: boolean;
  paddingMode?: PaddingMode;
  generator?: Generator;
}

/** 1-D convolution over [N, C, L] (weight [out, in/groups, k]), run as a 2-D convolution of height 1. */
export class Conv1d extends Module {
  weight: Parameter;
  bias: Parameter | null;

  constructor(readonly opts: Conv1dOptions) {
    super();
    const { inChannels: C, outChannels: O, kernelSize: k } = opts;
    const groups = opts.groups ?? 1;
    if (C % groups || O % groups) throw new ValueError(`Conv1d(${C}→${O}): groups=${groups} must divide both channel counts`);
    const o = nn.resolveOptions(opts);
    this.weight = nn.emptyParameter([O, C / groups, k], o);
    const bound = 1 / Math.sqrt((C / groups) * k);
    nn.init.uniform_(this.weight, -bound, bound, opts.generator);
    this.bias = opts.bias === false ? null : nn.emptyParameter([O], o);
    if (this.bias) nn.init.uniform_(this.bias, -bound, bound, opts.generator);
  }

  forward(x: Tensor): Tensor {
    const { inChannels: C, outChannels: O, kernelSize: k } = this.opts;
    if (x.rank !== 3 || x.shape[1] !== C) throw new ShapeError(`Conv1d(${C}→${O}): expected input [N,${C},L], got ${fmtShape(x.shape)}`);
    const p = this.opts.padding ?? 0;
    const y = convWithPadding(x.unsqueeze(2), this.weight.unsqueeze(2), this.bias, {
      kernelSize: [1, k], stride: [1, this.opts.stride ?? 1], dilation: [1, this.opts.dilation ?? 1],
      groups: this.opts.groups ?? 1, padding: typeof p === 'string' ? p : [0, p], paddingMode: this.opts.paddingMode ?? 'zeros',
    });
    return y.squeeze(2);
  }

  override extraRepr(): string {
    return `${this.opts.inChannels}→${this.opts.outChannels}, kernel=${this.opts.kernelSize}`;
  }
}
