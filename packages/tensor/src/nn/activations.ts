import type { Tensor } from '../tensor';
import * as ew from '../ops/elementwise';
import { softmax, logSoftmax } from '../ops/reduce';
import { flatten } from '../ops/movement';
import { Module, type ModuleOptions } from './module';

/**
 * Activation functions as modules, so they can sit inside Sequential. As every layer, their optional
 * hyper-parameters sit in one options object: `new LeakyReLU({ negativeSlope: 0.2 })`.
 */

/** relu(x) = max(x, 0). */
export class ReLU extends Module {
  forward(x: Tensor): Tensor { return ew.relu(x); }
}

export interface LeakyReLUOptions extends ModuleOptions {
  /** Slope for x < 0. Default 0.01. */
  negativeSlope?: number;
}
/** leakyRelu(x) = x for x ≥ 0, negativeSlope·x otherwise. */
export class LeakyReLU extends Module {
  readonly negativeSlope: number;
  constructor(readonly opts: LeakyReLUOptions = {}) { super(); this.negativeSlope = opts.negativeSlope ?? 0.01; }
  forward(x: Tensor): Tensor { return ew.leakyRelu(x, this.negativeSlope); }
  override extraRepr(): string { return `negativeSlope=${this.negativeSlope}`; }
}

export interface ELUOptions extends ModuleOptions {
  /** Default 1. */
  alpha?: number;
}
/** elu(x) = x for x > 0, α·(eˣ − 1) otherwise. */
export class ELU extends Module {
  readonly alpha: number;
  constructor(readonly opts: ELUOptions = {}) { super(); this.alpha = opts.alpha ?? 1; }
  forward(x: Tensor): Tensor { return ew.elu(x, this.alpha); }
  override extraRepr(): string { return `alpha=${this.alpha}`; }
}

export interface GELUOptions extends ModuleOptions {
  /** 'none': x·Φ(x) exactly; 'tanh': the tanh approximation. Default 'none'. */
  approximate?: 'none' | 'tanh';
}
/** gelu(x) = x·Φ(x), Φ the standard normal CDF. */
export class GELU extends Module {
  readonly approximate: 'none' | 'tanh';
  constructor(readonly opts: GELUOptions = {}) { super(); this.approximate = opts.approximate ?? 'none'; }
  forward(x: Tensor): Tensor { return ew.gelu(x, this.approximate); }
  override extraRepr(): string { return `approximate=${this.approximate}`; }
}

/** sigmoid(x) = 1/(1 + e⁻ˣ). */
export class Sigmoid extends Module {
  forward(x: Tensor): Tensor { return ew.sigmoid(x); }
}
/** tanh(x). */
export class Tanh extends Module {
  forward(x: Tensor): Tensor { return ew.tanh(x); }
}
/** LeCun's scaled hyperbolic tangent 1.7159·tanh(2x/3) (LeNet-5's squashing function). */
export class ScaledTanh extends Module {
  forward(x: Tensor): Tensor { return ew.scaledTanh(x); }
}

export interface SoftplusOptions extends ModuleOptions {
  /** Default 1. */
  beta?: number;
  /** Above beta·x > threshold the layer is the identity. Default 20. */
  threshold?: number;
}
/** softplus(x) = log(1 + e^{βx})/β. */
export class Softplus extends Module {
  readonly beta: number;
  readonly threshold: number;
  constructor(readonly opts: SoftplusOptions = {}) {
    super();
    this.beta = opts.beta ?? 1;
    this.threshold = opts.threshold ?? 20;
  }
  forward(x: Tensor): Tensor { return ew.softplus(x, this.beta, this.threshold); }
  override extraRepr(): string { return `beta=${this.beta}, threshold=${this.threshold}`; }
}

/** silu(x) = x·sigmoid(x). */
export class SiLU extends Module {
  forward(x: Tensor): Tensor { return ew.silu(x); }
}

export interface SoftmaxOptions extends ModuleOptions {
  /** The dimension that sums to one. Default -1 (the last). */
  dim?: number;
}
/** softmax(x)_i = e^{x_i} / Σ_j e^{x_j} along dim. */
export class Softmax extends Module {
  readonly dim: number;
  constructor(readonly opts: SoftmaxOptions = {}) { super(); this.dim = opts.dim ?? -1; }
  forward(x: Tensor): Tensor { return softmax(x, this.dim); }
  override extraRepr(): string { return `dim=${this.dim}`; }
}
/** logSoftmax(x)_i = x_i − log Σ_j e^{x_j} along dim. */
export class LogSoftmax extends Module {
  readonly dim: number;
  constructor(readonly opts: SoftmaxOptions = {}) { super(); this.dim = opts.dim ?? -1; }
  forward(x: Tensor): Tensor { return logSoftmax(x, this.dim); }
  override extraRepr(): string { return `dim=${this.dim}`; }
}

/** y = x. */
export class Identity extends Module {
  forward(x: Tensor): Tensor { return x; }
}

export interface FlattenOptions extends ModuleOptions {
  /** Default 1 (keeps the batch dimension). */
  startDim?: number;
  /** Default -1. */
  endDim?: number;
}
/** Merges dims startDim…endDim into one. */
export class Flatten extends Module {
  readonly startDim: number;
  readonly endDim: number;
  constructor(readonly opts: FlattenOptions = {}) {
    super();
    this.startDim = opts.startDim ?? 1;
    this.endDim = opts.endDim ?? -1;
  }
  forward(x: Tensor): Tensor { return flatten(x, this.startDim, this.endDim); }
  override extraRepr(): string { return `startDim=${this.startDim}, endDim=${this.endDim}`; }
}
