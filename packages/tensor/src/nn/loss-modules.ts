import type { Tensor } from '../tensor';
import { Module } from './module';
import * as L from './losses';

/**
 * The losses as modules (torch.nn.CrossEntropyLoss and friends). Tensor options (class weights,
 * posWeight) are fields, so they show up as buffers in the state dict, as in PyTorch.
 */
abstract class Loss extends Module {
  readonly reduction: L.Reduction;
  constructor(opts: L.LossOptions = {}) {
    super();
    this.reduction = opts.reduction ?? 'mean';
  }
  abstract override forward(input: Tensor, target: Tensor): Tensor;
  override extraRepr(): string {
    return `reduction=${this.reduction}`;
  }
}

export class MSELoss extends Loss {
  forward(input: Tensor, target: Tensor): Tensor { return L.mseLoss(input, target, this); }
}

export class L1Loss extends Loss {
  forward(input: Tensor, target: Tensor): Tensor { return L.l1Loss(input, target, this); }
}

export class SmoothL1Loss extends Loss {
  readonly beta: number;
  constructor(opts: L.LossOptions & { beta?: number } = {}) {
    super(opts);
    this.beta = opts.beta ?? 1;
  }
  forward(input: Tensor, target: Tensor): Tensor { return L.smoothL1Loss(input, target, this); }
}

export class NLLLoss extends Loss {
  weight: Tensor | null;
  readonly ignoreIndex: number;
  constructor(opts: L.ClassLossOptions = {}) {
    super(opts);
    this.weight = opts.weight ?? null;
    this.ignoreIndex = opts.ignoreIndex ?? -100;
  }
  forward(input: Tensor, target: Tensor): Tensor { return L.nllLoss(input, target, this); }
}

export class CrossEntropyLoss extends Loss {
  weight: Tensor | null;
  readonly ignoreIndex: number;
  readonly labelSmoothing: number;
  constructor(opts: L.CrossEntropyOptions = {}) {
    super(opts);
    this.weight = opts.weight ?? null;
    this.ignoreIndex = opts.ignoreIndex ?? -100;
    this.labelSmoothing = opts.labelSmoothing ?? 0;
  }
  forward(input: Tensor, target: Tensor): Tensor { return L.crossEntropy(input, target, this); }
}

export class BCELoss extends Loss {
  weight: Tensor | null;
  constructor(opts: L.LossOptions & { weight?: Tensor | null } = {}) {
    super(opts);
    this.weight = opts.weight ?? null;
  }
  forward(input: Tensor, target: Tensor): Tensor { return L.binaryCrossEntropy(input, target, this); }
}

export class BCEWithLogitsLoss extends Loss {
  weight: Tensor | null;
  posWeight: Tensor | null;
  constructor(opts: L.BCEWithLogitsOptions = {}) {
    super(opts);
    this.weight = opts.weight ?? null;
    this.posWeight = opts.posWeight ?? null;
  }
  forward(input: Tensor, target: Tensor): Tensor { return L.binaryCrossEntropyWithLogits(input, target, this); }
}

export class KLDivLoss extends Module {
  readonly reduction: L.Reduction | 'batchmean';
  readonly logTarget: boolean;
  constructor(opts: L.KLDivOptions = {}) {
    super();
    this.reduction = opts.reduction ?? 'mean';
    this.logTarget = opts.logTarget ?? false;
  }
  forward(input: Tensor, target: Tensor): Tensor { return L.klDiv(input, target, this); }
  override extraRepr(): string {
    return `reduction=${this.reduction}${this.logTarget ? ', logTarget' : ''}`;
  }
}

export class CosineEmbeddingLoss extends Module {
  readonly reduction: L.Reduction;
  readonly margin: number;
  constructor(opts: L.LossOptions & { margin?: number } = {}) {
    super();
    this.reduction = opts.reduction ?? 'mean';
    this.margin = opts.margin ?? 0;
  }
  forward(x1: Tensor, x2: Tensor, target: Tensor): Tensor { return L.cosineEmbeddingLoss(x1, x2, target, this); }
}
