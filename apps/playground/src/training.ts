import { DataLoader, ImageDataset, type ImageSplit } from '@dnn/data';
import type { Device, Module, Tensor } from '@dnn/tensor';
import { accuracy, fit, type Callback } from '@dnn/train';
import type { Demo } from './demos';

export interface TrainingPlan {
  /** Rounds of training; after each, the held-out images are scored (one point on the accuracy curve). */
  rounds: number;
  stepsPerRound: number;
  batchSize: number;
  /** Held-out images scored after each round. */
  validationSize: number;
  seed: number;
}

export interface Progress {
  onStep(step: number, loss: number): void;
  onRound(round: number, valLoss: number, valAccuracy: number): void | Promise<void>;
}

/**
 * Trains the demo's model with @dnn/train's `fit`: each "epoch" of fit is one round of `stepsPerRound`
 * shuffled batches (maxSteps), then a validation pass over the first `validationSize` test images.
 */
export async function train(
  demo: Demo, model: Module & { forward(x: Tensor): Tensor }, device: Device,
  data: { train: ImageSplit; test: ImageSplit }, plan: TrainingPlan, progress: Progress, signal?: AbortSignal,
): Promise<void> {
  const trainSet = new ImageDataset(data.train);
  const n = Math.min(plan.validationSize, data.test.count), pixels = data.test.rows * data.test.cols;
  const heldOut = new ImageDataset({ images: data.test.images.subarray(0, n * pixels), labels: data.test.labels.subarray(0, n), count: n });
  const loader = new DataLoader(trainSet, { batchSize: plan.batchSize, shuffle: true, seed: plan.seed, dropLast: true, device });
  const validation = new DataLoader(heldOut, { batchSize: 100, device });
  let globalStep = 0;
  const curves: Callback = {
    onStep: (log) => progress.onStep(++globalStep, log.values.loss!),
    onEpochEnd: (log) => progress.onRound(log.epoch, log.valLoss!, log.valAccuracy!),
  };
  await fit(model, {
    train: loader, validation, optimizer: demo.optimizer(model), epochs: plan.rounds, maxSteps: plan.stepsPerRound,
    metrics: { accuracy }, device, seed: plan.seed, callbacks: [curves], signal,
  });
}
