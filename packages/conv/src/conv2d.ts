import {
  Module, Tensor, ShapeError, ValueError, conv2d, pad, tensor, concat, zeros, nn, fmtShape,
  type Activation, type ModuleOptions, type Parameter,
} from '@dnn/tensor';

export type Pair = number | readonly [number, number];
export type PaddingMode = 'zeros' | 'reflect' | 'replicate' | 'circular';

export interface Conv2dOptions extends ModuleOptions {
  /** Default 1. */
  stride?: Pair;
  /** Zero padding per side, or 'same' / 'valid'. Default 0. */
  padding?: Pair | 'same' | 'valid';
  /** Default 1. */
  dilation?: Pair;
  /** Default 1. */
  groups?: number;
  /** Default true. */
  bias?: boolean;
  /** Default 'zeros'. */
  paddingMode?: PaddingMode;
  /**
   * LeNet-5's connection table: `connections[o]` lists the input maps output map o sees. Only those
   * kernels are parameters (C3: 60 kernels of 25 weights + 16 biases = 1,516).
   */
  connections?: readonly (readonly number[])[];
}

/** A kernel/stride/padding option as an [h, w] pair. */
export const asPair = (v: Pair): [number, number] => (typeof v === 'number' ? [v, v] : [v[0], v[1]]);

/**
 * A multi-channel 2-D convolution: y[n, o] = b[o] + Σ_c w[o, c] ⋆ x[n, c] (cross-correlation), P output
 * maps from D input maps with U×V kernels — P·D·U·V + P parameters. Weight [out, in/groups, kh, kw] and
 * PyTorch's default init (kaiming-uniform with a = √5, bias U(±1/√fan_in)).
 *
 * `new Conv2d(1, 6, 5, { padding: 2 })`
 */
export class Conv2d extends Module {
  weight: Parameter;
  bias: Parameter | null;
  readonly stride: [number, number];
  readonly dilation: [number, number];
  readonly groups: number;
  readonly padding: [number, number] | 'same' | 'valid';
  readonly paddingMode: PaddingMode;
  /**
   * For a connection table: maps the full [out·in] kernel grid onto the compact weight rows. A
   * non-persistent buffer: rebuilt from the options, moved by `to(device)`, not saved.
   */
  readonly tableIndex: Tensor | null = null;

  readonly kernelSize: [number, number];

  constructor(readonly inChannels: number, readonly outChannels: number, kernelSize: Pair, readonly opts: Conv2dOptions = {}) {
    super();
    const [C, O] = [inChannels, outChannels];
    this.groups = opts.groups ?? 1;
    if (!Number.isInteger(C) || !Number.isInteger(O) || C < 1 || O < 1) {
      throw new ValueError(`Conv2d: channels must be positive integers, got ${C}→${O}`);
    }
    if (C % this.groups || O % this.groups) throw new ValueError(`Conv2d(${C}→${O}): groups=${this.groups} must divide both channel counts`);
    this.kernelSize = asPair(kernelSize);
    this.stride = asPair(opts.stride ?? 1);
    this.dilation = asPair(opts.dilation ?? 1);
    this.padding = typeof opts.padding === 'string' ? opts.padding : asPair(opts.padding ?? 0);
    this.paddingMode = opts.paddingMode ?? 'zeros';
    const [kh, kw] = this.kernelSize;
    const o = nn.resolveOptions(opts);
    const fanIn = (C / this.groups) * kh * kw;
    if (opts.connections) {
      if (this.groups !== 1) throw new ValueError('Conv2d: a connection table cannot be combined with groups');
      if (opts.connections.length !== O) throw new ShapeError(`Conv2d(${C}→${O}): connection table has ${opts.connections.length} rows, expected ${O}`);
      const total = opts.connections.reduce((n, row) => n + row.length, 0);
      const index = new Int32Array(O * C).fill(total);
      let k = 0;
      opts.connections.forEach((row, out) => row.forEach((i) => {
        if (!Number.isInteger(i) || i < 0 || i >= C) throw new ValueError(`Conv2d: connection ${i} of map ${out} is not an input map 0…${C - 1}`);
        index[out * C + i] = k++;
      }));
      this.tableIndex = this.registerBuffer('tableIndex', tensor(index, { device: o.device }), { persistent: false });
      this.weight = nn.emptyParameter([total, kh, kw], o);
    } else {
      this.weight = nn.emptyParameter([O, C / this.groups, kh, kw], o);
    }
    // PyTorch's default: kaiming-uniform with a = √5 over the fan-in of a full (unconnected) output map
    nn.init.kaimingUniform_(this.weight, { a: Math.sqrt(5), fanIn, generator: opts.generator });
    this.bias = opts.bias === false ? null : nn.emptyParameter([O], o);
    if (this.bias) nn.init.defaultBias_(this.bias, fanIn, opts.generator);
  }

  /** The [out, in/groups, kh, kw] kernel; for a connection table, unconnected kernels are zero. */
  fullWeight(): Tensor {
    if (!this.tableIndex) return this.weight;
    const [kh, kw] = this.kernelSize;
    const padded = concat([this.weight, zeros([1, kh, kw], { dtype: this.weight.dtype, device: this.weight.device })], 0);
    return padded.indexSelect(0, this.tableIndex).reshape([this.outChannels, this.inChannels, kh, kw]);
  }

  forward(x: Tensor): Tensor {
    return this.forwardActivated(x, 'identity');
  }

  /**
   * activation(forward(x)) with the bias and the activation in one pass where the device has the
   * fused kernel, the same values either way (Sequential calls it for a Conv2d followed by ReLU, Sigmoid or Tanh).
   */
  forwardActivated(x: Tensor, activation: Activation): Tensor {
    const [C, O] = [this.inChannels, this.outChannels];
    if (x.rank !== 4 || x.shape[1] !== C) {
      throw new ShapeError(`Conv2d(${C}→${O}): expected input [N,${C},H,W], got ${fmtShape(x.shape)}`);
    }
    return convWithPadding(x, this.fullWeight(), this.bias, this, activation);
  }

  override extraRepr(): string {
    const parts = [`${this.inChannels}→${this.outChannels}`, `kernel=${this.kernelSize.join('×')}`];
    if (this.stride.some((s) => s !== 1)) parts.push(`stride=${this.stride}`);
    if (this.padding !== 'valid' && (typeof this.padding === 'string' || this.padding.some((p) => p))) parts.push(`padding=${this.padding}`);
    if (this.dilation.some((d) => d !== 1)) parts.push(`dilation=${this.dilation}`);
    if (this.groups !== 1) parts.push(`groups=${this.groups}`);
    if (this.opts.connections) parts.push('connection table');
    if (!this.bias) parts.push('bias=false');
    return parts.join(', ');
  }
}

export interface ConvGeometry {
  kernelSize: [number, number];
  stride: [number, number];
  dilation: [number, number];
  groups: number;
  padding: [number, number] | 'same' | 'valid';
  paddingMode: PaddingMode;
}

/** conv2d with any padding mode: non-zero modes pad explicitly, then convolve unpadded. */
export function convWithPadding(x: Tensor, weight: Tensor, bias: Tensor | null, g: ConvGeometry, activation: Activation = 'identity'): Tensor {
  let input = x;
  let padding: Pair | 'same' | 'valid' = g.padding;
  if (g.paddingMode !== 'zeros' && padding !== 'valid') {
    const [ph, pw] = padding === 'same' ? samePads(g.kernelSize, g.dilation) : padding;
    input = pad(x, [pw, pw, ph, ph], g.paddingMode);
    padding = 0;
  }
  return conv2d(input, weight, bias, { stride: g.stride, padding, dilation: g.dilation, groups: g.groups, activation });
}

function samePads(k: [number, number], d: [number, number]): [number, number] {
  const total = [d[0] * (k[0] - 1), d[1] * (k[1] - 1)];
  if (total[0]! % 2 || total[1]! % 2) throw new ValueError(`Conv2d: padding='same' with a non-zeros paddingMode needs an odd effective kernel`);
  return [total[0]! / 2, total[1]! / 2];
}

/** LeNet-5's C3 table (LeCun et al. 1998, Table I): which of S2's 6 maps each of C3's 16 maps sees. */
export const LENET5_C3_TABLE: readonly (readonly number[])[] = [
  [0, 1, 2], [1, 2, 3], [2, 3, 4], [3, 4, 5], [0, 4, 5], [0, 1, 5],
  [0, 1, 2, 3], [1, 2, 3, 4], [2, 3, 4, 5], [0, 3, 4, 5], [0, 1, 4, 5], [0, 1, 2, 5],
  [0, 1, 3, 4], [1, 2, 4, 5], [0, 2, 3, 5],
  [0, 1, 2, 3, 4, 5],
];
