import { optim } from '@dnn/tensor';
import type { TrainDefaults } from './demos/types';

/** Everything that decides a training run's numbers; stored in the checkpoint so --resume continues the same run. */
export interface TrainConfig {
  model: string;
  variant: string;
  optimizer: TrainDefaults['optimizer'];
  lr: number;
  /** SGD's momentum (unused by Adam). */
  momentum: number;
  /** L2 weight decay: SGD's weight_decay, or AdamW's decoupled decay when the optimizer is Adam; 0 for none. */
  weightDecay?: number;
  batchSize: number;
  /** The last epoch to train. */
  epochs: number;
  seed: number;
  augment: boolean;
  /** Batches per epoch at most; null for whole epochs. */
  maxSteps: number | null;
  /** Learning rate over the epochs: cosine annealing from lr to 0 across the run, or constant. */
  schedule: 'cosine' | 'constant';
  /** Where the training data came from (absent in checkpoints older than this field); --resume refuses other data. */
  data?: { source: string; path: string };
}

/**
 * The run's learning-rate schedule: cosine annealing from lr toward 0 across the run
 * (CosineAnnealingLR, tMax = epochs, stepped after each epoch), or none for a constant rate.
 */
export function makeScheduler(optimizer: optim.Optimizer, c: Pick<TrainConfig, 'epochs' | 'schedule'>): optim.CosineAnnealingLR | undefined {
  return c.schedule === 'cosine' ? new optim.CosineAnnealingLR(optimizer, { tMax: c.epochs }) : undefined;
}

/** Options that may change when a run is resumed; every other one must stay as the checkpoint has it. */
export const RESUMABLE_CHANGES = ['epochs', 'maxSteps'] as const satisfies readonly (keyof TrainConfig)[];

/** 'adam lr 0.001' or 'sgd lr 0.05 momentum 0.9'. */
export function describeOptimizer(c: Pick<TrainConfig, 'optimizer' | 'lr' | 'momentum' | 'weightDecay'> & { schedule?: TrainConfig['schedule'] }): string {
  const wd = c.weightDecay ? ` weight decay ${c.weightDecay}` : '';
  const base = c.optimizer === 'sgd' ? `sgd lr ${c.lr} momentum ${c.momentum}${wd}` : `${wd ? 'adamw' : 'adam'} lr ${c.lr}${wd}`;
  return c.schedule === 'cosine' ? `${base}, cosine schedule` : base;
}
