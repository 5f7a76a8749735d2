import type { TrainDefaults } from './registry';

/** Everything that decides a training run's numbers; stored in the checkpoint so --resume continues the same run. */
export interface TrainConfig {
  model: string;
  variant: string;
  optimizer: TrainDefaults['optimizer'];
  lr: number;
  /** SGD's momentum (unused by Adam). */
  momentum: number;
  batchSize: number;
  /** The last epoch to train. */
  epochs: number;
  seed: number;
  augment: boolean;
  /** Batches per epoch at most; null for whole epochs. */
  maxSteps: number | null;
}

/** Options that may change when a run is resumed; every other one must stay as the checkpoint has it. */
export const RESUMABLE_CHANGES = ['epochs', 'maxSteps'] as const satisfies readonly (keyof TrainConfig)[];

/** 'adam lr 0.001' or 'sgd lr 0.05 momentum 0.9'. */
export function describeOptimizer(c: Pick<TrainConfig, 'optimizer' | 'lr' | 'momentum'>): string {
  return c.optimizer === 'sgd' ? `sgd lr ${c.lr} momentum ${c.momentum}` : `adam lr ${c.lr}`;
}
