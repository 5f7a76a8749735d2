import type { Tensor } from '../tensor';
import * as ew from '../ops/elementwise';
import { softmax, logSoftmax } from '../ops/reduce';
import { flatten } from '../ops/movement';
import { Module } from './module';

/** Activation functions as modules, so they can sit inside Sequential. */
export class ReLU extends Module {
  forward(x: Tensor): Tensor { return ew.relu(x); }
}
export class LeakyReLU extends Module {
  constructor(readonly negativeSlope = 0.01) { super(); }
  forward(x: Tensor): Tensor { return ew.leakyRelu(x, this.negativeSlope); }
  override extraRepr(): string { return `negativeSlope=${this.negativeSlope}`; }
}
export class ELU extends Module {
  constructor(readonly alpha = 1) { super(); }
  forward(x: Tensor): Tensor { return ew.elu(x, this.alpha); }
}
export class GELU extends Module {
  constructor(readonly approximate: 'none' | 'tanh' = 'none') { super(); }
  forward(x: Tensor): Tensor { return ew.gelu(x, this.approximate); }
}
export class Sigmoid extends Module {
  forward(x: Tensor): Tensor { return ew.sigmoid(x); }
}
export class Tanh extends Module {
  forward(x: Tensor): Tensor { return ew.tanh(x); }
}
/** LeCun's scaled hyperbolic tangent 1.7159·tanh(2x/3) (LeNet-5's squashing function). */
export class ScaledTanh extends Module {
  forward(x: Tensor): Tensor { return ew.scaledTanh(x); }
}
export class Softplus extends Module {
  constructor(readonly beta = 1, readonly threshold = 20) { super(); }
  forward(x: Tensor): Tensor { return ew.softplus(x, this.beta, this.threshold); }
}
export class SiLU extends Module {
  forward(x: Tensor): Tensor { return ew.silu(x); }
}
export class Softmax extends Module {
  constructor(readonly dim = -1) { super(); }
  forward(x: Tensor): Tensor { return softmax(x, this.dim); }
}
export class LogSoftmax extends Module {
  constructor(readonly dim = -1) { super(); }
  forward(x: Tensor): Tensor { return logSoftmax(x, this.dim); }
}
export class Identity extends Module {
  forward(x: Tensor): Tensor { return x; }
}
export class Flatten extends Module {
  constructor(readonly startDim = 1, readonly endDim = -1) { super(); }
  forward(x: Tensor): Tensor { return flatten(x, this.startDim, this.endDim); }
}
