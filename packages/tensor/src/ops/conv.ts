import { apply, applyAll } from '../autograd/engine';
import type { Conv2dSpec, Pool2dSpec } from '../backend/contract';
import { DTypeError, ShapeError, ValueError, fmtShape } from '../errors';
import { isFloat } from '../dtype';
import { pair } from '../shape';
import type { Tensor } from '../tensor';
import { add } from './elementwise';
import { biasActivation, type Activation } from './bias-activation';
import { pad } from './movement';
import { mean, max } from './reduce';
import { concat } from './movement';

export type Pair = number | readonly [number, number];

export interface Conv2dOptions {
  stride?: Pair;
  /** Zero padding per side, or 'valid' (none) / 'same' (output size = input size; stride 1 only). */
  padding?: Pair | 'same' | 'valid';
  dilation?: Pair;
  groups?: number;
  /**
   * Applied to the output after the bias (default 'identity'): with a bias, the two are one pass on
   * devices with the fused kernel (biasActivation), with the values of the separate ops.
   */
  activation?: Activation;
}

function check4d(x: Tensor, op: string, what = 'input'): void {
  if (x.rank !== 4) throw new ShapeError(`${op}: expected a 4-D ${what} [N,C,H,W], got ${fmtShape(x.shape)}`);
  if (!isFloat(x.dtype)) throw new DTypeError(`${op}: expected a float ${what}, got ${x.dtype}`);
}

/**
 * 2-D cross-correlation over NCHW input with weight [out, in/groups, kh, kw] — what PyTorch and
 * deep-learning texts call convolution. 'same' padding that is uneven pads the extra row/col at the end.
 */
export function conv2d(x: Tensor, weight: Tensor, bias?: Tensor | null, opts: Conv2dOptions = {}): Tensor {
  const op = 'conv2d';
  check4d(x, op);
  check4d(weight, op, 'weight');
  const stride = pair(opts.stride ?? 1, 'stride', op);
  const dilation = pair(opts.dilation ?? 1, 'dilation', op);
  const groups = opts.groups ?? 1;
  const [O, Cg, kh, kw] = weight.shape as [number, number, number, number];
  const C = x.shape[1]!;
  if (!Number.isInteger(groups) || groups < 1 || C % groups !== 0 || O % groups !== 0) {
    throw new ValueError(`${op}: groups=${groups} must divide in channels ${C} and out channels ${O}`);
  }
  if (C / groups !== Cg) {
    throw new ShapeError(`${op}: weight ${fmtShape(weight.shape)} expects ${Cg * groups} input channels, got input ${fmtShape(x.shape)}`);
  }
  if (stride.some((s) => s < 1) || dilation.some((d) => d < 1)) throw new ValueError(`${op}: stride and dilation must be ≥ 1`);
  let input = x;
  let padding: [number, number];
  if (opts.padding === 'valid') padding = [0, 0];
  else if (opts.padding === 'same') {
    if (stride[0] !== 1 || stride[1] !== 1) throw new ValueError(`${op}: padding='same' needs stride 1, got ${stride}`);
    const total = [dilation[0] * (kh - 1), dilation[1] * (kw - 1)];
    const lo = total.map((t) => Math.floor(t / 2)) as [number, number];
    const extra = total.map((t, i) => t - 2 * lo[i]!);
    if (extra[0] || extra[1]) input = pad(x, [0, extra[1]!, 0, extra[0]!]);
    padding = lo;
  } else padding = pair(opts.padding ?? 0, 'padding', op);
  if (padding.some((p) => p < 0)) throw new ValueError(`${op}: padding must be ≥ 0, got ${padding}`);
  const H = input.shape[2]! + 2 * padding[0], W = input.shape[3]! + 2 * padding[1];
  if (H < dilation[0] * (kh - 1) + 1 || W < dilation[1] * (kw - 1) + 1) {
    throw new ShapeError(`${op}: kernel ${kh}×${kw} (dilation ${dilation}) is larger than the padded input ${H}×${W}`);
  }
  const spec: Conv2dSpec = { stride, padding, dilation, groups };
  const out = apply('conv2d', [input, weight.cast(input.dtype)], spec);
  const activation = opts.activation ?? 'identity';
  if (!bias) return activation === 'identity' ? out : out[activation]();
  if (bias.rank !== 1 || bias.shape[0] !== O) throw new ShapeError(`${op}: bias must be [${O}], got ${fmtShape(bias.shape)}`);
  if (activation !== 'identity') return biasActivation(out, bias, { axis: 1, activation });
  return add(out, bias.reshape([1, O, 1, 1]));
}

export interface ConvTranspose2dOptions {
  stride?: Pair;
  padding?: Pair;
  outputPadding?: Pair;
  dilation?: Pair;
  groups?: number;
}

/** The adjoint of conv2d (a "deconvolution"): weight [in, out/groups, kh, kw] as in PyTorch. */
export function convTranspose2d(x: Tensor, weight: Tensor, bias?: Tensor | null, opts: ConvTranspose2dOptions = {}): Tensor {
  const op = 'convTranspose2d';
  check4d(x, op);
  check4d(weight, op, 'weight');
  const stride = pair(opts.stride ?? 1, 'stride', op);
  const padding = pair(opts.padding ?? 0, 'padding', op);
  const outputPadding = pair(opts.outputPadding ?? 0, 'outputPadding', op);
  const dilation = pair(opts.dilation ?? 1, 'dilation', op);
  const groups = opts.groups ?? 1;
  const [Cin, Og, kh, kw] = weight.shape as [number, number, number, number];
  if (x.shape[1] !== Cin) throw new ShapeError(`${op}: weight ${fmtShape(weight.shape)} expects ${Cin} input channels, got ${fmtShape(x.shape)}`);
  if (Cin % groups !== 0) throw new ValueError(`${op}: groups=${groups} must divide in channels ${Cin}`);
  const Ho = (x.shape[2]! - 1) * stride[0] - 2 * padding[0] + dilation[0] * (kh - 1) + outputPadding[0] + 1;
  const Wo = (x.shape[3]! - 1) * stride[1] - 2 * padding[1] + dilation[1] * (kw - 1) + outputPadding[1] + 1;
  if (Ho <= 0 || Wo <= 0) throw new ShapeError(`${op}: output size ${Ho}×${Wo} is not positive`);
  const xShape = [x.shape[0]!, Og * groups, Ho, Wo];
  const out = apply('conv2dBackwardInput', [x, weight.cast(x.dtype)], { stride, padding, dilation, groups, xShape });
  return bias ? add(out, bias.reshape([1, -1, 1, 1])) : out;
}

export interface Pool2dOptions {
  kernelSize: Pair;
  stride?: Pair | null;
  padding?: Pair;
  dilation?: Pair;
  ceilMode?: boolean;
}

function poolSpec(x: Tensor, o: Pool2dOptions, op: string, dilated: boolean): Pool2dSpec {
  check4d(x, op);
  const kernel = pair(o.kernelSize, 'kernelSize', op);
  const stride = pair(o.stride ?? kernel, 'stride', op);
  const padding = pair(o.padding ?? 0, 'padding', op);
  const dilation = pair(dilated ? (o.dilation ?? 1) : 1, 'dilation', op);
  if (padding[0] * 2 > kernel[0] || padding[1] * 2 > kernel[1]) {
    throw new ValueError(`${op}: padding ${padding} must be at most half the kernel ${kernel}`);
  }
  const outSize = (i: 0 | 1) => {
    const span = x.shape[2 + i]! + 2 * padding[i] - dilation[i] * (kernel[i] - 1) - 1;
    let n = (o.ceilMode ? Math.ceil(span / stride[i]) : Math.floor(span / stride[i])) + 1;
    // the last window must start inside the input or left padding (PyTorch's rule)
    if (o.ceilMode && (n - 1) * stride[i] >= x.shape[2 + i]! + padding[i]) n--;
    return n;
  };
  const outShape: [number, number] = [outSize(0), outSize(1)];
  if (outShape[0] <= 0 || outShape[1] <= 0) {
    throw new ShapeError(`${op}: kernel ${kernel} does not fit input ${fmtShape(x.shape)} (output ${outShape})`);
  }
  return { kernel, stride, padding, dilation, outShape };
}

/** Max pooling; returns the pooled values, and with `returnIndices` also the flat H·W argmax positions. */
export function maxPool2d(x: Tensor, opts: Pool2dOptions): Tensor;
export function maxPool2d(x: Tensor, opts: Pool2dOptions & { returnIndices: true }): [Tensor, Tensor];
export function maxPool2d(x: Tensor, opts: Pool2dOptions & { returnIndices?: boolean }): Tensor | [Tensor, Tensor] {
  const [out, indices] = applyAll('maxPool2d', [x], poolSpec(x, opts, 'maxPool2d', true));
  if (opts.returnIndices) return [out!, indices!];
  indices!.dispose();
  return out!;
}

export function avgPool2d(x: Tensor, opts: Pool2dOptions & { countIncludePad?: boolean; divisorOverride?: number }): Tensor {
  const spec = poolSpec(x, opts, 'avgPool2d', false);
  return apply('avgPool2d', [x], { ...spec, countIncludePad: opts.countIncludePad ?? true, divisorOverride: opts.divisorOverride });
}

/** Adaptive pooling: output cell i covers rows floor(i·H/Ho) … ceil((i+1)·H/Ho) - 1, as in PyTorch. */
function adaptive(x: Tensor, outputSize: Pair, op: string, reduce: (t: Tensor) => Tensor): Tensor {
  check4d(x, op);
  const [Ho, Wo] = pair(outputSize, 'outputSize', op);
  const [, , H, W] = x.shape as [number, number, number, number];
  if (H % Ho === 0 && W % Wo === 0) {
    const k: [number, number] = [H / Ho, W / Wo];
    return op === 'adaptiveAvgPool2d' ? avgPool2d(x, { kernelSize: k }) : maxPool2d(x, { kernelSize: k });
  }
  const rows: Tensor[] = [];
  for (let i = 0; i < Ho; i++) {
    const y0 = Math.floor((i * H) / Ho), y1 = Math.ceil(((i + 1) * H) / Ho);
    const cols: Tensor[] = [];
    for (let j = 0; j < Wo; j++) {
      const x0 = Math.floor((j * W) / Wo), x1 = Math.ceil(((j + 1) * W) / Wo);
      cols.push(reduce(x.slice([null, null, { start: y0, end: y1 }, { start: x0, end: x1 }])));
    }
    rows.push(concat(cols, 3));
  }
  return concat(rows, 2);
}

export const adaptiveAvgPool2d = (x: Tensor, outputSize: Pair): Tensor =>
  adaptive(x, outputSize, 'adaptiveAvgPool2d', (t) => mean(t, [2, 3], true));
export const adaptiveMaxPool2d = (x: Tensor, outputSize: Pair): Tensor =>
  adaptive(x, outputSize, 'adaptiveMaxPool2d', (t) => max(t, [2, 3], true));

function check2d(x: Tensor, k: Tensor, op: string): void {
  if (x.rank !== 2 || k.rank !== 2) throw new ShapeError(`${op}: expected 2-D signal and kernel, got ${fmtShape(x.shape)} and ${fmtShape(k.shape)}`);
}

export type Conv2dMode = 'valid' | 'full' | 'same';

export type SignalOptions = { mode?: Conv2dMode; stride?: Pair; dilation?: Pair };

/**
 * Zero padding (before, after) of one dim for a scipy.signal mode. 'same' is centred on the 'full'
 * output; with an even (dilated) kernel the odd row falls after the input for correlate2d and before it
 * for convolve2d, as scipy.signal.correlate2d/convolve2d do.
 */
function modePads(k: number, dilation: number, mode: Conv2dMode, flipped: boolean): [number, number] {
  const span = dilation * (k - 1);
  if (mode === 'valid') return [0, 0];
  if (mode === 'full') return [span, span];
  const lo = Math.floor(span / 2), hi = span - lo;
  return flipped ? [hi, lo] : [lo, hi];
}

function signal2d(op: string, x: Tensor, kernel: Tensor, opts: SignalOptions, flipped: boolean): Tensor {
  check2d(x, kernel, op);
  const mode = opts.mode ?? 'valid';
  const dilation = pair(opts.dilation ?? 1, 'dilation', op);
  const [t, b] = modePads(kernel.shape[0]!, dilation[0], mode, flipped);
  const [l, r] = modePads(kernel.shape[1]!, dilation[1], mode, flipped);
  // conv2d pads symmetrically; the uneven remainder is padded here
  const padding: [number, number] = [Math.min(t, b), Math.min(l, r)];
  const input = t !== b || l !== r ? pad(x, [l - padding[1], r - padding[1], t - padding[0], b - padding[0]]) : x;
  const k = flipped ? kernel.flip([0, 1]) : kernel;
  const y = conv2d(input.reshape([1, 1, ...input.shape]), k.reshape([1, 1, ...k.shape]), null, {
    padding, stride: opts.stride, dilation,
  });
  return y.reshape(y.shape.slice(2));
}

/**
 * Textbook cross-correlation of a single-channel 2-D signal: y[i,j] = Σ w[u,v]·x[i+u, j+v]
 * (the kernel is not flipped). `mode` as in scipy.signal.correlate2d: 'valid' (default), 'full', 'same'.
 */
export function correlate2d(x: Tensor, kernel: Tensor, opts: SignalOptions = {}): Tensor {
  return signal2d('correlate2d', x, kernel, opts, false);
}

/**
 * Textbook convolution y[i,j] = Σ w[u,v]·x[i-u, j-v]: cross-correlation with the kernel rotated 180°,
 * `mode` as in scipy.signal.convolve2d.
 */
export function convolve2d(x: Tensor, kernel: Tensor, opts: SignalOptions = {}): Tensor {
  return signal2d('convolve2d', x, kernel, opts, true);
}
