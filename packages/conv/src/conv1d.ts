import { Module, Tensor, ShapeError, ValueError, fmtShape, nn, type ModuleOptions, type Parameter } from '@dnn/tensor';
import { convWithPadding, type PaddingMode } from './conv2d';

export interface Conv1dOptions extends ModuleOptions {
  /** Default 1. */
  stride?: number;
  /** Zero padding per side, or 'same' / 'valid'. Default 0. */
  padding?: number | 'same' | 'valid';
  /** Default 1. */
  dilation?: number;
  /** Default 1. */
  groups?: number;
  /** Default true. */
  bias?: boolean;
  /** Default 'zeros'. */
  paddingMode?: PaddingMode;
}

/**
 * 1-D convolution over [N, C, L]: y[n, o] = b[o] + Σ_c w[o, c] ⋆ x[n, c], weight [out, in/groups, k],
 * run as a 2-D convolution of height 1. `new Conv1d(16, 32, 3, { padding: 1 })`
 */
export class Conv1d extends Module {
  weight: Parameter;
  bias: Parameter | null;

  constructor(readonly inChannels: number, readonly outChannels: number, readonly kernelSize: number, readonly opts: Conv1dOptions = {}) {
    super();
    const [C, O, k] = [inChannels, outChannels, kernelSize];
    const groups = opts.groups ?? 1;
    if (C % groups || O % groups) throw new ValueError(`Conv1d(${C}→${O}): groups=${groups} must divide both channel counts`);
    const o = nn.resolveOptions(opts);
    this.weight = nn.emptyParameter([O, C / groups, k], o);
    nn.init.kaimingUniform_(this.weight, { a: Math.sqrt(5), generator: opts.generator });
    this.bias = opts.bias === false ? null : nn.emptyParameter([O], o);
    if (this.bias) nn.init.defaultBias_(this.bias, (C / groups) * k, opts.generator);
  }

  forward(x: Tensor): Tensor {
    const [C, O, k] = [this.inChannels, this.outChannels, this.kernelSize];
    if (x.rank !== 3 || x.shape[1] !== C) throw new ShapeError(`Conv1d(${C}→${O}): expected input [N,${C},L], got ${fmtShape(x.shape)}`);
    const p = this.opts.padding ?? 0;
    const y = convWithPadding(x.unsqueeze(2), this.weight.unsqueeze(2), this.bias, {
      kernelSize: [1, k], stride: [1, this.opts.stride ?? 1], dilation: [1, this.opts.dilation ?? 1],
      groups: this.opts.groups ?? 1, padding: typeof p === 'string' ? p : [0, p], paddingMode: this.opts.paddingMode ?? 'zeros',
    });
    return y.squeeze(2);
  }

  override extraRepr(): string {
    return `${this.inChannels}→${this.outChannels}, kernel=${this.kernelSize}`;
  }
}
