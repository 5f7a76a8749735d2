import type { Tensor } from '../tensor';
import { ValueError } from '../errors';
import { describeValue } from '../io/tensor-dict';
import type { Optimizer, OptimizerOptions } from './optimizer';

type AnyOptimizer = Optimizer<OptimizerOptions>;

/** What every learning-rate scheduler offers. Call `step()` after `optimizer.step()`, once per epoch (or iteration). */
export interface Scheduler {
  readonly optimizer: AnyOptimizer;
  getLastLr(): number[];
  stateDict(): Record<string, unknown>;
  loadStateDict(state: Record<string, unknown>): void;
}

/**
 * Base of the epoch-indexed schedulers, with torch.optim.lr_scheduler's semantics: constructing one
 * records each group's `initialLr` and takes step 0; `step()` advances `lastEpoch` and sets each
 * group's lr from the chainable form (which works from the current lr, so schedulers compose);
 * `step(epoch)` jumps to an epoch with the closed form. Subclasses call `initialStep()` last in
 * their constructors, once their own options are set.
 */
export abstract class LRScheduler implements Scheduler {
  readonly optimizer: AnyOptimizer;
  baseLrs: number[];
  lastEpoch: number;
  protected stepCount = 0;
  protected lastLr: number[] = [];

  constructor(optimizer: AnyOptimizer, lastEpoch = -1) {
    this.optimizer = optimizer;
    optimizer.paramGroups.forEach((g, i) => {
      if (lastEpoch === -1) g.initialLr ??= g.lr;
      else if (g.initialLr === undefined) {
        throw new ValueError(`${this.constructor.name}: resuming at epoch ${lastEpoch} needs initialLr in parameter group ${i}`);
      }
    });
    this.baseLrs = optimizer.paramGroups.map((g) => g.initialLr!);
    this.lastEpoch = lastEpoch;
  }

  /** The learning rates for `lastEpoch`, from the groups' current ones. */
  protected abstract getLr(): number[];

  /** The learning rates for `lastEpoch` from the base ones; schedulers without one reuse getLr. */
  protected closedFormLr(): number[] {
    return this.getLr();
  }

  initialStep(): void {
    this.stepCount = 0;
    this.step();
  }

  step(epoch?: number): void {
    this.stepCount++;
    let values: number[];
    if (epoch === undefined) {
      this.lastEpoch++;
      values = this.getLr();
    } else {
      this.lastEpoch = epoch;
      values = this.closedFormLr();
    }
    this.optimizer.paramGroups.forEach((g, i) => (g.lr = values[i]!));
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  getLastLr(): number[] {
    return [...this.lastLr];
  }

  protected get groupLrs(): number[] {
    return this.optimizer.paramGroups.map((g) => g.lr);
  }

  /** Plain fields (epoch, base lrs, options), as PyTorch's state_dict. */
  stateDict(): Record<string, unknown> {
    return plainFields(this);
  }

  /** Restores the fields `stateDict` gives; any other key (a method, the optimizer) is refused. */
  loadStateDict(state: Record<string, unknown>): void {
    loadPlainFields(this, state);
  }
}

const kindOf = (v: unknown): string => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);

/**
 * `state` checked against the fields `current` (a fresh stateDict) has: an object, no other keys (a
 * method or the optimizer could be replaced), each of the same kind (a number stays a number).
 */
function checkedState(name: string, current: Record<string, unknown>, state: unknown): Record<string, unknown> {
  if (typeof state !== 'object' || state === null || Array.isArray(state)) throw new ValueError(`${name}: expected an object, got ${describeValue(state)}`);
  for (const [k, v] of Object.entries(state)) {
    if (!Object.hasOwn(current, k)) throw new ValueError(`${name}: unknown field '${k}'`);
    const want = kindOf(current[k]);
    // null stands for a number too: JSON writes a non-finite one (ReduceLROnPlateau's initial best) as null
    const fits = kindOf(v) === want || want === 'undefined' || want === 'null' || (want === 'number' && v === null);
    if (!fits) throw new ValueError(`${name}: '${k}' must be a ${want}, got ${describeValue(v)}`);
  }
  return state as Record<string, unknown>;
}

/** Restores a scheduler's plain fields from a checked state (a deep copy, so the caller's object stays its own). */
function loadPlainFields(o: { stateDict(): Record<string, unknown> }, state: unknown): void {
  Object.assign(o, structuredClone(checkedState(`${o.constructor.name}.loadStateDict`, o.stateDict(), state)));
}

/** Every field but the optimizer and functions (LambdaLR's lambdas cannot be serialized). */
function plainFields(o: object): Record<string, unknown> {
  const isCode = (v: unknown) => typeof v === 'function' || (Array.isArray(v) && v.some((x) => typeof x === 'function'));
  return structuredClone(Object.fromEntries(Object.entries(o).filter(([k, v]) => k !== 'optimizer' && !isCode(v))));
}

/** lr = base·γ^⌊epoch/stepSize⌋. */
export class StepLR extends LRScheduler {
  readonly stepSize: number;
  readonly gamma: number;
  constructor(optimizer: AnyOptimizer, opts: { stepSize: number; gamma?: number; lastEpoch?: number }) {
    super(optimizer, opts.lastEpoch);
    if (!(Number.isInteger(opts.stepSize) && opts.stepSize > 0)) throw new ValueError(`StepLR: stepSize must be a positive integer, got ${opts.stepSize}`);
    this.stepSize = opts.stepSize;
    this.gamma = opts.gamma ?? 0.1;
    this.initialStep();
  }
  protected getLr(): number[] {
    if (this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0) return this.groupLrs;
    return this.groupLrs.map((lr) => lr * this.gamma);
  }
  protected override closedFormLr(): number[] {
    return this.baseLrs.map((b) => b * this.gamma ** Math.floor(this.lastEpoch / this.stepSize));
  }
}

/** lr = base·γ^(number of milestones ≤ epoch); a milestone listed twice counts twice. */
export class MultiStepLR extends LRScheduler {
  readonly milestones: number[];
  readonly gamma: number;
  constructor(optimizer: AnyOptimizer, opts: { milestones: number[]; gamma?: number; lastEpoch?: number }) {
    super(optimizer, opts.lastEpoch);
    this.milestones = [...opts.milestones].sort((a, b) => a - b);
    this.gamma = opts.gamma ?? 0.1;
    this.initialStep();
  }
  protected getLr(): number[] {
    const hits = this.milestones.filter((m) => m === this.lastEpoch).length;
    if (hits === 0) return this.groupLrs;
    return this.groupLrs.map((lr) => lr * this.gamma ** hits);
  }
  protected override closedFormLr(): number[] {
    return this.baseLrs.map((b) => b * this.gamma ** bisectRight(this.milestones, this.lastEpoch));
  }
}

/** lr = base·γ^epoch. */
export class ExponentialLR extends LRScheduler {
  readonly gamma: number;
  constructor(optimizer: AnyOptimizer, opts: { gamma: number; lastEpoch?: number }) {
    super(optimizer, opts.lastEpoch);
    this.gamma = opts.gamma;
    this.initialStep();
  }
  protected getLr(): number[] {
    if (this.lastEpoch === 0) return this.groupLrs;
    return this.groupLrs.map((lr) => lr * this.gamma);
  }
  protected override closedFormLr(): number[] {
    return this.baseLrs.map((b) => b * this.gamma ** this.lastEpoch);
  }
}

/**
 * SGDR's cosine annealing without restarts (Loshchilov & Hutter):
 * lr = η_min + (base - η_min)·(1 + cos(π·epoch/tMax))/2, continuing as a cosine past tMax.
 */
export class CosineAnnealingLR extends LRScheduler {
  readonly tMax: number;
  readonly etaMin: number;
  constructor(optimizer: AnyOptimizer, opts: { tMax: number; etaMin?: number; lastEpoch?: number }) {
    super(optimizer, opts.lastEpoch);
    if (!(opts.tMax > 0)) throw new ValueError(`CosineAnnealingLR: tMax must be positive, got ${opts.tMax}`);
    this.tMax = opts.tMax;
    this.etaMin = opts.etaMin ?? 0;
    this.initialStep();
  }
  protected getLr(): number[] {
    const { lastEpoch: e, tMax: T, etaMin } = this;
    if (e === 0) return this.groupLrs;
    if (this.stepCount === 1 && e > 0) return this.closedFormLr();
    if ((e - 1 - T) % (2 * T) === 0) {
      return this.groupLrs.map((lr, i) => lr + ((this.baseLrs[i]! - etaMin) * (1 - Math.cos(Math.PI / T))) / 2);
    }
    return this.groupLrs.map((lr) => ((1 + Math.cos((Math.PI * e) / T)) / (1 + Math.cos((Math.PI * (e - 1)) / T))) * (lr - etaMin) + etaMin);
  }
  protected override closedFormLr(): number[] {
    return this.baseLrs.map((b) => this.etaMin + ((b - this.etaMin) * (1 + Math.cos((Math.PI * this.lastEpoch) / this.tMax))) / 2);
  }
}

/**
 * Scales lr linearly from startFactor·base to endFactor·base over totalIters steps, then holds it;
 * the usual linear warm-up is `new LinearLR(opt, { startFactor: 0.01, totalIters: warmupSteps })`.
 */
export class LinearLR extends LRScheduler {
  readonly startFactor: number;
  readonly endFactor: number;
  readonly totalIters: number;
  constructor(optimizer: AnyOptimizer, opts: { startFactor?: number; endFactor?: number; totalIters?: number; lastEpoch?: number } = {}) {
    super(optimizer, opts.lastEpoch);
    this.startFactor = opts.startFactor ?? 1 / 3;
    this.endFactor = opts.endFactor ?? 1;
    this.totalIters = opts.totalIters ?? 5;
    for (const [k, v] of [['startFactor', this.startFactor], ['endFactor', this.endFactor]] as const) {
      if (!(v >= 0 && v <= 1)) throw new ValueError(`LinearLR: ${k} must be in [0, 1], got ${v}`);
    }
    this.initialStep();
  }
  protected getLr(): number[] {
    const { startFactor: s, endFactor: f, totalIters: n, lastEpoch: e } = this;
    if (e === 0) return this.groupLrs.map((lr) => lr * s);
    if (e > n) return this.groupLrs;
    return this.groupLrs.map((lr) => lr * (1 + (f - s) / (n * s + (e - 1) * (f - s))));
  }
  protected override closedFormLr(): number[] {
    const { startFactor: s, endFactor: f, totalIters: n } = this;
    return this.baseLrs.map((b) => b * (s + ((f - s) * Math.min(n, this.lastEpoch)) / n));
  }
}

/** lr = base·λ(epoch), with one function for every group or one per group. */
export class LambdaLR extends LRScheduler {
  readonly lrLambdas: ((epoch: number) => number)[];
  constructor(optimizer: AnyOptimizer, opts: { lrLambda: ((epoch: number) => number) | ((epoch: number) => number)[]; lastEpoch?: number }) {
    super(optimizer, opts.lastEpoch);
    const n = optimizer.paramGroups.length;
    const fns = Array.isArray(opts.lrLambda) ? opts.lrLambda : Array<(e: number) => number>(n).fill(opts.lrLambda);
    if (fns.length !== n) throw new ValueError(`LambdaLR: expected ${n} lrLambda functions (one per group), got ${fns.length}`);
    this.lrLambdas = fns;
    this.initialStep();
  }
  protected getLr(): number[] {
    return this.baseLrs.map((b, i) => b * this.lrLambdas[i]!(this.lastEpoch));
  }
}

/**
 * Runs schedulers one after another, switching at the milestones (torch's SequentialLR); each
 * takes over from its epoch 0. Warm-up then decay:
 * `new SequentialLR(opt, { schedulers: [new LinearLR(opt, {...}), new CosineAnnealingLR(opt, {...})], milestones: [warmup] })`.
 */
export class SequentialLR implements Scheduler {
  readonly optimizer: AnyOptimizer;
  readonly schedulers: LRScheduler[];
  readonly milestones: number[];
  lastEpoch: number;
  private lastLr: number[];

  constructor(optimizer: AnyOptimizer, opts: { schedulers: LRScheduler[]; milestones: number[]; lastEpoch?: number }) {
    const { schedulers, milestones } = opts;
    if (schedulers.length === 0) throw new ValueError('SequentialLR: needs at least one scheduler');
    schedulers.forEach((s, i) => {
      if (s.optimizer !== optimizer) throw new ValueError(`SequentialLR: scheduler ${i} belongs to another optimizer`);
    });
    if (milestones.length !== schedulers.length - 1) {
      throw new ValueError(`SequentialLR: ${schedulers.length} schedulers need ${schedulers.length - 1} milestones, got ${milestones.length}`);
    }
    this.optimizer = optimizer;
    this.schedulers = schedulers;
    this.milestones = [...milestones];
    this.lastEpoch = (opts.lastEpoch ?? -1) + 1;
    // undo the initial steps the schedulers took when they were built, then start the first one
    for (const g of optimizer.paramGroups) g.lr = g.initialLr ?? g.lr;
    for (const s of schedulers) s.lastEpoch -= 1;
    schedulers[0]!.initialStep();
    this.lastLr = schedulers[0]!.getLastLr();
  }

  step(): void {
    this.lastEpoch++;
    const idx = bisectRight(this.milestones, this.lastEpoch);
    const s = this.schedulers[idx]!;
    if (idx > 0 && this.milestones[idx - 1] === this.lastEpoch) s.step(0);
    else s.step();
    this.lastLr = s.getLastLr();
  }

  getLastLr(): number[] {
    return [...this.lastLr];
  }

  stateDict(): Record<string, unknown> {
    return { lastEpoch: this.lastEpoch, milestones: [...this.milestones], lastLr: [...this.lastLr], schedulers: this.schedulers.map((s) => s.stateDict()) };
  }

  loadStateDict(state: Record<string, unknown>): void {
    const name = 'SequentialLR.loadStateDict';
    const { schedulers, ...own } = checkedState(name, this.stateDict(), state);
    if (!Array.isArray(schedulers) || schedulers.length !== this.schedulers.length) {
      throw new ValueError(`${name}: 'schedulers' must hold ${this.schedulers.length} states, got ${describeValue(schedulers)}`);
    }
    schedulers.forEach((s, i) => this.schedulers[i]!.loadStateDict(s as Record<string, unknown>));
    this.lastEpoch = own.lastEpoch as number;
    this.lastLr = [...(own.lastLr as number[])];
  }
}

export interface ReduceLROnPlateauOptions {
  /** 'min': lower metrics are better (a loss); 'max': higher are (an accuracy). */
  mode?: 'min' | 'max';
  /** lr ← lr·factor on a plateau. */
  factor?: number;
  /** Epochs without improvement tolerated before reducing. */
  patience?: number;
  /** How much better counts as better: relative (best·(1 ∓ threshold)) or absolute (best ∓ threshold). */
  threshold?: number;
  thresholdMode?: 'rel' | 'abs';
  /** Epochs to wait after a reduction before counting bad epochs again. */
  cooldown?: number;
  /** Floor of the lr, for all groups or per group. */
  minLr?: number | number[];
  /** Reductions smaller than this are skipped. */
  eps?: number;
}

/** Reduces the lr when a metric stops improving (torch's ReduceLROnPlateau); `step(metric)` once per epoch. */
export class ReduceLROnPlateau implements Scheduler {
  readonly optimizer: AnyOptimizer;
  readonly mode: 'min' | 'max';
  readonly factor: number;
  readonly patience: number;
  readonly threshold: number;
  readonly thresholdMode: 'rel' | 'abs';
  readonly cooldown: number;
  readonly minLrs: number[];
  readonly eps: number;
  best: number;
  numBadEpochs = 0;
  cooldownCounter = 0;
  lastEpoch = 0;
  private lastLr: number[];

  constructor(optimizer: AnyOptimizer, opts: ReduceLROnPlateauOptions = {}) {
    this.optimizer = optimizer;
    this.mode = opts.mode ?? 'min';
    this.factor = opts.factor ?? 0.1;
    this.patience = opts.patience ?? 10;
    this.threshold = opts.threshold ?? 1e-4;
    this.thresholdMode = opts.thresholdMode ?? 'rel';
    this.cooldown = opts.cooldown ?? 0;
    this.eps = opts.eps ?? 1e-8;
    if (!(this.factor < 1)) throw new ValueError(`ReduceLROnPlateau: factor must be < 1, got ${this.factor}`);
    if (this.mode !== 'min' && this.mode !== 'max') throw new ValueError(`ReduceLROnPlateau: mode must be 'min' or 'max', got '${String(this.mode)}'`);
    if (this.thresholdMode !== 'rel' && this.thresholdMode !== 'abs') {
      throw new ValueError(`ReduceLROnPlateau: thresholdMode must be 'rel' or 'abs', got '${String(this.thresholdMode)}'`);
    }
    const n = optimizer.paramGroups.length;
    const minLr = opts.minLr ?? 0;
    if (Array.isArray(minLr) && minLr.length !== n) throw new ValueError(`ReduceLROnPlateau: expected ${n} minLr values (one per group), got ${minLr.length}`);
    this.minLrs = Array.isArray(minLr) ? [...minLr] : Array<number>(n).fill(minLr);
    this.best = this.mode === 'min' ? Infinity : -Infinity;
    this.lastLr = optimizer.paramGroups.map((g) => g.lr);
  }

  /** Records one epoch's metric (a number, or a one-element tensor read synchronously). */
  step(metric: number | Tensor): void {
    const current = typeof metric === 'number' ? metric : metric.item();
    this.lastEpoch++;
    if (this.isBetter(current)) {
      this.best = current;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs++;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter--;
      this.numBadEpochs = 0; // bad epochs during cooldown do not count
    }
    if (this.numBadEpochs > this.patience) {
      this.optimizer.paramGroups.forEach((g, i) => {
        const next = Math.max(g.lr * this.factor, this.minLrs[i]!);
        if (g.lr - next > this.eps) g.lr = next;
      });
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  private isBetter(a: number): boolean {
    const { best, threshold: t } = this;
    if (this.mode === 'min') return this.thresholdMode === 'rel' ? a < best * (1 - t) : a < best - t;
    return this.thresholdMode === 'rel' ? a > best * (1 + t) : a > best + t;
  }

  getLastLr(): number[] {
    return [...this.lastLr];
  }

  stateDict(): Record<string, unknown> {
    return plainFields(this);
  }

  loadStateDict(state: Record<string, unknown>): void {
    loadPlainFields(this, state);
  }
}

/** The number of sorted values ≤ x. */
function bisectRight(sorted: readonly number[], x: number): number {
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x < sorted[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
