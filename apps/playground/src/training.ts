import { DataLoader, ImageDataset } from '@dnn/data';
import type { Device, Module } from '@dnn/tensor';
import { accuracy, fit, type Callback, type EpochLog, type StepOptimizer } from '@dnn/train';
import type { FashionMnist, TaskFit } from './demo-types';
import { firstImages } from './task-data';

export interface TrainingPlan {
  /** Rounds of training; after each, the held-out data is scored (one point on the held-out curve). */
  rounds: number;
  stepsPerRound: number;
  batchSize: number;
  /** Held-out images a classifier scores after each round. */
  validationSize: number;
  seed: number;
}

export interface Progress {
  onStep(step: number, loss: number): void;
  onRound(round: number, log: EpochLog): void | Promise<void>;
}

/** What fit trains a Fashion-MNIST classifier on: shuffled batches, the first `validationSize` test images, accuracy. */
export function classifierFit(data: FashionMnist, optimizer: StepOptimizer, device: Device, plan: TrainingPlan): TaskFit {
  return {
    train: new DataLoader(new ImageDataset(data.train), { batchSize: plan.batchSize, shuffle: true, seed: plan.seed, dropLast: true, device }),
    validation: new DataLoader(new ImageDataset(firstImages(data.test, plan.validationSize)), { batchSize: 100, device }),
    optimizer,
    metrics: { accuracy },
  };
}

/**
 * Trains with @dnn/train's `fit`: each "epoch" of fit is one round of `stepsPerRound` steps
 * (maxSteps), then a validation pass over the demo's held-out data.
 */
export async function train(model: Module, what: TaskFit, plan: TrainingPlan, progress: Progress, signal?: AbortSignal): Promise<void> {
  let globalStep = 0;
  const curves: Callback = {
    onStep: (log) => progress.onStep(++globalStep, log.values.loss!),
    onEpochEnd: (log) => progress.onRound(log.epoch, log),
  };
  // no `device` for fit: every batch is made on the device already
  await fit(model, { ...what, epochs: plan.rounds, maxSteps: plan.stepsPerRound, seed: plan.seed, callbacks: [curves], signal });
}
