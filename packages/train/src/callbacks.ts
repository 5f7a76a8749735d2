import type { Generator, Module } from '@dnn/tensor';
import type { EpochLog, EpochScheduler, StepOptimizer } from './types';

/** What every callback is given: the run's parts, and the logs so far (resumed epochs included). */
export interface FitContext {
  model: Module;
  optimizer?: StepOptimizer;
  scheduler?: EpochScheduler;
  /** The generator whose state a checkpoint saves (the default one unless fit was given another). */
  generator: Generator;
  /** The last epoch the run trains. */
  epochs: number;
  /** The first epoch this call trains (later than 1 when resuming). */
  startEpoch: number;
  /** One log per completed epoch, from epoch 1 (the resumed ones first). */
  logs: EpochLog[];
  signal?: AbortSignal;
}

export interface StepLog {
  epoch: number;
  /** Steps done in this epoch, this one included (from 1). */
  step: number;
  /** Steps this epoch will run, when the data source has a length. */
  steps?: number;
  /** Samples trained this epoch so far. */
  samples: number;
  /** Mean loss of the epoch so far (per sample). */
  runningLoss: number;
  /** This step's scalars (`loss` and whatever else the step returned). */
  values: Record<string, number>;
  samplesPerSecond: number;
}

/** How fit ended: all epochs, or stopped by the abort signal after the step in progress. */
export interface FitResult {
  logs: EpochLog[];
  interrupted: boolean;
  /** Where an interrupted run stopped: the epoch it was in and the steps done in it (0: between epochs). */
  stoppedAt?: { epoch: number; step: number };
}

/** Hooks around training; each may be async (fit awaits it). Called in the order they are given. */
export interface Callback {
  onFitStart?(ctx: FitContext): unknown;
  onEpochStart?(info: { epoch: number; steps?: number }, ctx: FitContext): unknown;
  onStep?(log: StepLog, ctx: FitContext): unknown;
  /** After the epoch's validation and the scheduler's step: the place for checkpoints and metrics. */
  onEpochEnd?(log: EpochLog, ctx: FitContext): unknown;
  /** After the last epoch or an interruption (not after an error). */
  onFitEnd?(result: FitResult, ctx: FitContext): unknown;
}

/**
 * Records every epoch's log (and optionally every step's) into arrays, for a browser page or a test:
 * `const h = history(); await fit(model, { …, callbacks: [h] }); h.epochs`.
 */
export function history(o: { steps?: boolean } = {}): Callback & { epochs: EpochLog[]; steps: StepLog[] } {
  const epochs: EpochLog[] = [];
  const steps: StepLog[] = [];
  return {
    epochs,
    steps,
    onStep: (log) => {
      if (o.steps) steps.push(log);
    },
    onEpochEnd: (log) => {
      epochs.push(log);
    },
  };
}
