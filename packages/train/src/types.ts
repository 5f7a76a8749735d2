import type { Module, Tensor, optim } from '@dnn/tensor';

/** A supervised batch: inputs and targets. Any other fields are carried along untouched. */
export interface Batch {
  x: Tensor;
  y: Tensor;
}

/**
 * Where batches come from: anything iterable or async-iterable, iterated once per epoch. A
 * `@dnn/data` DataLoader fits: its `length` (batches per epoch) sizes the progress bar and its
 * writable `epoch` is set before each epoch, so a shuffled order depends on (seed, epoch) only and
 * a resumed run sees the same batches.
 */
export type DataSource<B = Batch> = (Iterable<B> | AsyncIterable<B>) & { readonly length?: number; epoch?: number };

/** A model the default step can train: forward(x) gives the output the loss compares with y. */
export interface Forward extends Module {
  forward(x: Tensor): Tensor;
}

export type LossFn = (output: Tensor, target: Tensor) => Tensor;

/** What fit needs of an optimizer (every optim.* class has these). */
export interface StepOptimizer {
  step(): unknown;
  zeroGrad(): void;
  stateDict?(): optim.OptimizerStateDict;
  loadStateDict?(dict: optim.OptimizerStateDict): void;
  paramGroups?: { lr: number }[];
}

/** What fit needs of a learning-rate scheduler: stepped once per epoch, after the epoch. */
export interface EpochScheduler {
  step(metric?: number): void;
  stateDict?(): Record<string, unknown>;
  loadStateDict?(state: Record<string, unknown>): void;
}

/**
 * What a step returns: the loss (a scalar tensor or a number), or named scalars with a `loss` entry
 * (e.g. `{ loss, gradNorm, reconstruction }`). Tensors are read asynchronously and disposed by fit.
 */
export type StepOutput = Tensor | number | ({ loss: Tensor | number } & Record<string, Tensor | number>);

/** One epoch's figures: `trainLoss` (and `train<Name>` for each other scalar a step returns), validation figures
 * under `validationPrefix` (`valLoss`, `valAccuracy`, …), samples per second of training and the epoch's wall time. */
export interface EpochLog {
  /** Counting from 1. */
  epoch: number;
  trainLoss: number;
  samplesPerSecond: number;
  seconds: number;
  [figure: string]: number;
}
