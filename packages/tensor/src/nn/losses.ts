import type { Tensor } from '../tensor';
import { isFloat } from '../dtype';
import { DTypeError, ShapeError, ValueError, fmtShape } from '../errors';
import { exp, log, log1p, where } from '../ops/elementwise';
import { logSoftmax } from '../ops/reduce';
import { sameShape } from '../shape';
import { applyAll } from '../autograd/engine';

/**
 * Loss functions with PyTorch's semantics (torch.nn.functional), written with differentiable ops so
 * their gradients come from the autograd table. `reduction` is 'mean' (default), 'sum' or 'none'.
 */
export type Reduction = 'mean' | 'sum' | 'none';

export interface LossOptions {
  reduction?: Reduction;
}

function reduce(loss: Tensor, reduction: Reduction | undefined, op: string): Tensor {
  switch (reduction ?? 'mean') {
    case 'mean': return loss.mean();
    case 'sum': return loss.sum();
    case 'none': return loss;
    default: throw new ValueError(`${op}: reduction must be 'mean', 'sum' or 'none', got '${String(reduction)}'`);
  }
}

function checkSameShape(op: string, input: Tensor, target: Tensor): void {
  if (!sameShape(input.shape, target.shape)) {
    throw new ShapeError(`${op}: input ${fmtShape(input.shape)} and target ${fmtShape(target.shape)} must have the same shape`);
  }
}

/** Mean squared error: (x - y)². */
export function mseLoss(input: Tensor, target: Tensor, opts: LossOptions = {}): Tensor {
  checkSameShape('mseLoss', input, target);
  return reduce(input.sub(target).square(), opts.reduction, 'mseLoss');
}

/** Mean absolute error: |x - y|. */
export function l1Loss(input: Tensor, target: Tensor, opts: LossOptions = {}): Tensor {
  checkSameShape('l1Loss', input, target);
  return reduce(input.sub(target).abs(), opts.reduction, 'l1Loss');
}

/** Huber-like: 0.5·d²/β where |d| < β, else |d| - 0.5·β; β = 0 is the L1 loss. */
export function smoothL1Loss(input: Tensor, target: Tensor, opts: LossOptions & { beta?: number } = {}): Tensor {
  checkSameShape('smoothL1Loss', input, target);
  const beta = opts.beta ?? 1;
  if (!(beta >= 0)) throw new ValueError(`smoothL1Loss: beta must be non-negative, got ${beta}`);
  const d = input.sub(target).abs();
  const loss = beta === 0 ? d : where(d.lt(beta), d.square().mul(0.5 / beta), d.sub(0.5 * beta));
  return reduce(loss, opts.reduction, 'smoothL1Loss');
}

export interface ClassLossOptions extends LossOptions {
  /** A rescaling weight per class, shape [C]. */
  weight?: Tensor | null;
  /** Targets equal to this class index are skipped (and not counted by 'mean'). Default -100. */
  ignoreIndex?: number;
}

/** The weight as [1, C, 1, …] so it broadcasts along the class dim of a [N, C, …] tensor. */
function classWeight(op: string, weight: Tensor, input: Tensor, classDim: number): Tensor {
  const C = input.shape[classDim]!;
  if (weight.rank !== 1 || weight.shape[0] !== C) {
    throw new ShapeError(`${op}: weight must have shape [${C}] (one per class), got ${fmtShape(weight.shape)}`);
  }
  return weight.reshape(input.shape.map((_, i) => (i === classDim ? C : 1)));
}

/**
 * Checks class indices are in [0, C) or ignoreIndex (where the device reads synchronously) and
 * returns how many are counted (not ignoreIndex); null where the device reads asynchronously only.
 */
function checkIndices(op: string, target: Tensor, C: number, ignoreIndex: number): number | null {
  if (!target.device.backend.syncRead) return null;
  const data = target.dataSync();
  let counted = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v === ignoreIndex) continue;
    if (v < 0 || v >= C) {
      throw new ValueError(`${op}: target ${v} at flat index ${i} is out of range for ${C} classes (ignoreIndex ${ignoreIndex})`);
    }
    counted++;
  }
  return counted;
}

/** Batched view of an unbatched [C] input with a 0-d target, and how to undo it. */
function batched(input: Tensor, target: Tensor): [Tensor, Tensor, (t: Tensor) => Tensor] {
  if (input.rank !== 1) return [input, target, (t) => t];
  return [input.unsqueeze(0), target.reshape([1, ...target.shape]), (t) => (t.rank > 0 ? t.squeeze(0) : t)];
}

/**
 * Negative log-likelihood of class indices: -weight[y]·logp[n, y] for log-probabilities [N, C, …]
 * (or [C]) and int32 targets [N, …]. 'mean' divides by the summed weights of the counted targets.
 */
export function nllLoss(logProbs: Tensor, target: Tensor, opts: ClassLossOptions = {}): Tensor {
  const op = 'nllLoss';
  if (logProbs.rank < 1) throw new ShapeError(`${op}: input must be [N, C, ...] or [C], got ${fmtShape(logProbs.shape)}`);
  if (target.dtype !== 'int32') throw new DTypeError(`${op}: target must hold int32 class indices, got ${target.dtype}`);
  const [x, t, unbatch] = batched(logProbs, target);
  const expected = [x.shape[0]!, ...x.shape.slice(2)];
  if (!sameShape(t.shape, expected)) {
    throw new ShapeError(`${op}: input ${fmtShape(logProbs.shape)} needs target ${fmtShape(logProbs.rank === 1 ? [] : expected)}, got ${fmtShape(target.shape)}`);
  }
  const C = x.shape[1]!;
  const ignoreIndex = opts.ignoreIndex ?? -100;
  checkIndices(op, t, C, ignoreIndex);
  const mask = t.ne(ignoreIndex);
  const safe = where(mask, t, 0);
  const picked = x.gather(1, safe.unsqueeze(1)).squeeze(1);
  let w = mask.cast(x.dtype);
  if (opts.weight) {
    classWeight(op, opts.weight, x, 1);
    w = opts.weight.cast(x.dtype).indexSelect(0, safe.reshape([-1])).reshape(safe.shape).mul(w);
  }
  const loss = picked.mul(w).neg();
  const reduction = opts.reduction ?? 'mean';
  if (reduction === 'mean') return loss.sum().div(w.sum());
  return unbatch(reduce(loss, reduction, op));
}

/**
 * The common case — logits [N, C], class indices, no class weights, no smoothing — as one primitive
 * whose forward pass also yields the gradient (softmax − onehot), so a training step spends one kernel
 * on its loss instead of a dozen ops forward and backward.
 */
function fusedCrossEntropy(input: Tensor, target: Tensor, opts: ClassLossOptions): Tensor {
  const op = 'crossEntropy';
  const [N, C] = input.shape as [number, number];
  if (!sameShape(target.shape, [N])) throw new ShapeError(`nllLoss: input ${fmtShape(input.shape)} needs target [${N}], got ${fmtShape(target.shape)}`);
  const ignoreIndex = opts.ignoreIndex ?? -100;
  const counted = checkIndices('nllLoss', target, C, ignoreIndex);
  const [loss, unit] = applyAll('softmaxCrossEntropy', [input, target], { ignoreIndex });
  unit!.dispose(); // the tape holds its own handle for the backward pass
  const reduction = opts.reduction ?? 'mean';
  if (reduction !== 'mean') return reduce(loss!, reduction, op);
  // PyTorch divides by the number of counted targets (0/0 = NaN when all are ignored)
  return loss!.sum().div(counted ?? target.ne(ignoreIndex).sum().cast(input.dtype));
}

export interface CrossEntropyOptions extends ClassLossOptions {
  /** Mixes the target with the uniform distribution: (1 - ε)·target + ε/C. */
  labelSmoothing?: number;
}

/**
 * Cross entropy of logits [N, C, …] (or [C]) against int32 class indices [N, …] or class
 * probabilities shaped like the logits. Goes through logSoftmax, so logits of ±1e4 stay finite.
 */
export function crossEntropy(input: Tensor, target: Tensor, opts: CrossEntropyOptions = {}): Tensor {
  const op = 'crossEntropy';
  if (input.rank < 1) throw new ShapeError(`${op}: input must be [N, C, ...] or [C], got ${fmtShape(input.shape)}`);
  if (!isFloat(input.dtype)) throw new DTypeError(`${op}: logits must be float, got ${input.dtype}`);
  const ls = opts.labelSmoothing ?? 0;
  if (!(ls >= 0 && ls <= 1)) throw new ValueError(`${op}: labelSmoothing must be in [0, 1], got ${ls}`);
  if (input.rank === 2 && target.dtype === 'int32' && !opts.weight && ls === 0) return fusedCrossEntropy(input, target, opts);
  const classDim = input.rank === 1 ? 0 : 1;
  const C = input.shape[classDim]!;
  const logp = logSoftmax(input, classDim);
  const weight = opts.weight ? classWeight(op, opts.weight, input, classDim).cast(input.dtype) : null;

  if (isFloat(target.dtype)) {
    if (!sameShape(input.shape, target.shape)) {
      throw new ShapeError(`${op}: probability targets must have the input's shape ${fmtShape(input.shape)}, got ${fmtShape(target.shape)}`);
    }
    const t = ls > 0 ? target.mul(1 - ls).add(ls / C) : target;
    let prod = logp.mul(t);
    if (weight) prod = prod.mul(weight);
    switch (opts.reduction ?? 'mean') {
      case 'none': return prod.sum(classDim).neg();
      case 'sum': return prod.sum().neg();
      case 'mean': return prod.sum().neg().div(input.size / C);
      default: return reduce(prod, opts.reduction, op);
    }
  }

  const nll = nllLoss(logp, target, opts);
  if (ls === 0) return nll;
  // the smoothing term: -Σ_c w_c·logp_c per position, zero at ignored targets
  const ignoreIndex = opts.ignoreIndex ?? -100;
  const mask = target.ne(ignoreIndex);
  const smooth = where(mask, (weight ? logp.mul(weight) : logp).sum(classDim).neg(), 0);
  let reduced: Tensor;
  switch (opts.reduction ?? 'mean') {
    case 'none': reduced = smooth; break;
    case 'sum': reduced = smooth.sum(); break;
    case 'mean': {
      const denom = weight
        ? opts.weight!.cast(input.dtype).indexSelect(0, where(mask, target, 0).reshape([-1])).mul(mask.reshape([-1])).sum()
        : mask.sum();
      reduced = smooth.sum().div(denom);
      break;
    }
    default: reduced = reduce(smooth, opts.reduction, op);
  }
  return nll.mul(1 - ls).add(reduced.mul(ls / C));
}

/** log σ(x) = min(x, 0) - log(1 + e^{-|x|}), written so the gradient is σ(-x) at x = 0 as well. */
function logSigmoid(x: Tensor): Tensor {
  const negative = x.lt(0);
  const minus = where(negative, x, x.neg()); // -|x|, with slope -1 (not 0) at x = 0
  return where(negative, x, 0).sub(log1p(exp(minus)));
}

/** Binary cross entropy of probabilities: -w·(y·log x + (1 - y)·log(1 - x)), logs clamped at -100 as in PyTorch. */
export function binaryCrossEntropy(input: Tensor, target: Tensor, opts: LossOptions & { weight?: Tensor | null } = {}): Tensor {
  checkSameShape('binaryCrossEntropy', input, target);
  const logX = log(input).clamp(-100);
  const log1mX = log(input.rsub(1)).clamp(-100);
  let loss = target.mul(logX).add(target.rsub(1).mul(log1mX)).neg();
  if (opts.weight) loss = loss.mul(opts.weight);
  return reduce(loss, opts.reduction, 'binaryCrossEntropy');
}

export interface BCEWithLogitsOptions extends LossOptions {
  /** Per-element rescaling, broadcast against the input. */
  weight?: Tensor | null;
  /** Weight of the positive term per class (broadcast along the last dim), for unbalanced classes. */
  posWeight?: Tensor | null;
}

/** Sigmoid and binary cross entropy in one stable expression: (1 - y)·x - (1 + (p - 1)·y)·log σ(x). */
export function binaryCrossEntropyWithLogits(input: Tensor, target: Tensor, opts: BCEWithLogitsOptions = {}): Tensor {
  checkSameShape('binaryCrossEntropyWithLogits', input, target);
  const ls = logSigmoid(input);
  const logWeight = opts.posWeight ? opts.posWeight.sub(1).mul(target).add(1) : null;
  let loss = target.rsub(1).mul(input).sub(logWeight ? logWeight.mul(ls) : ls);
  if (opts.weight) loss = loss.mul(opts.weight);
  return reduce(loss, opts.reduction, 'binaryCrossEntropyWithLogits');
}

export interface KLDivOptions {
  /** 'batchmean' (sum / batch size) is the true KL divergence; 'mean' averages over every element, as PyTorch's default does. */
  reduction?: Reduction | 'batchmean';
  /** The target is given as log-probabilities. */
  logTarget?: boolean;
}

/** KL(target ‖ input) for log-probability `input`: target·(log target - input), 0 where target = 0. */
export function klDiv(input: Tensor, target: Tensor, opts: KLDivOptions = {}): Tensor {
  checkSameShape('klDiv', input, target);
  let loss: Tensor;
  if (opts.logTarget) loss = exp(target).mul(target.sub(input));
  else loss = target.mul(log(where(target.gt(0), target, 1))).sub(target.mul(input));
  if (opts.reduction === 'batchmean') return input.rank === 0 ? loss.sum() : loss.sum().div(input.shape[0]!);
  return reduce(loss, opts.reduction, 'klDiv');
}

/**
 * 1 - cos(x1, x2) where y = 1, max(0, cos(x1, x2) - margin) where y = -1; inputs [N, D] with y [N],
 * or [D] with a 0-d y. The cosine adds 1e-12 to each squared norm, as PyTorch does.
 */
export function cosineEmbeddingLoss(x1: Tensor, x2: Tensor, target: Tensor, opts: LossOptions & { margin?: number } = {}): Tensor {
  const op = 'cosineEmbeddingLoss';
  if (!sameShape(x1.shape, x2.shape) || (x1.rank !== 1 && x1.rank !== 2) || !sameShape(target.shape, x1.shape.slice(0, -1))) {
    throw new ShapeError(`${op}: expected inputs [N, D] with target [N] (or [D] with a 0-d target), got ${fmtShape(x1.shape)}, ${fmtShape(x2.shape)} and ${fmtShape(target.shape)}`);
  }
  const d = x1.rank - 1;
  const dotp = x1.mul(x2).sum(d);
  const denom = x1.square().sum(d).add(1e-12).mul(x2.square().sum(d).add(1e-12)).sqrt();
  const cos = dotp.div(denom);
  const pos = where(target.eq(1), cos.rsub(1), 0);
  const neg = where(target.eq(-1), cos.sub(opts.margin ?? 0).clamp(0), 0);
  return reduce(pos.add(neg), opts.reduction, op);
}
