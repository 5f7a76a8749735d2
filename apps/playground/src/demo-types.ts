import type { ImageSplit } from '@dnn/data';
import type { Device, Module, Tensor } from '@dnn/tensor';
import type { Batch, FitOptions, StepOptimizer } from '@dnn/train';

/** The embedded Fashion-MNIST subset, parsed (every demo gets it; the graph and sequence demos ignore it). */
export interface FashionMnist {
  train: ImageSplit;
  test: ImageSplit;
}

interface DemoBase {
  id: string;
  title: string;
  description: string;
}

/** A Fashion-MNIST classifier: loss and accuracy curves, the first layer, and the drawing pad. */
export interface ClassifierDemo extends DemoBase {
  kind: 'classifier';
  /** Class names of the outputs, in order. */
  classes: readonly string[];
  /** A fresh model on `device`. */
  create(device: Device): Module & { forward(x: Tensor): Tensor };
  optimizer(model: Module): StepOptimizer;
  /** The first convolution, whose filters and feature maps the page draws (none for non-convolutional models). */
  firstLayer?(model: Module): Module & { weight: Tensor; forward(x: Tensor): Tensor };
}

/** The other families: a loss curve, a held-out curve and a view of their own (`src/ui/`). */
export interface TaskDemo extends DemoBase {
  kind: 'sequence' | 'energy' | 'graph' | 'generative';
  /** Names the training-loss curve. */
  lossName: string;
  /** The figure of fit's epoch log plotted after each round, and its name. */
  heldOut: { name: string; figure: 'valLoss' | 'valAccuracy'; percent?: boolean };
  /** A reference level drawn across both curves (the adding problem's always-predict-1 error). */
  baseline?: { value: number; label: string };
  /**
   * A fresh model on `device` and what `fit` trains it on: batches of `batchSize`, `validationSize`
   * held-out samples (where the demo has a choice), `stepsPerRound` for a full-batch demo's rounds.
   */
  setup(device: Device, data: FashionMnist, plan: { batchSize: number; stepsPerRound: number; validationSize: number; seed: number }): Task;
}

/** What fit needs of a demo besides the plan (rounds, steps, device, seed). */
export type TaskFit = Pick<FitOptions<Batch>, 'train' | 'validation' | 'loss' | 'optimizer' | 'step' | 'metrics'>;

export interface Task {
  model: Module;
  fit: TaskFit;
  /** Redraws the family's view into `host` (before training and after each round); returns figures for the page state. */
  show(host: HTMLElement): Promise<Record<string, unknown>>;
}

/** What the model picker lists; `kind` says which page sections it uses. */
export type Demo = ClassifierDemo | TaskDemo;
