import type { TrainDefaults } from './registry';

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
}

/**
 * The learning rate of an epoch (counting from 1): cosine annealing (Loshchilov & Hutter) from lr at
 * epoch 1 toward 0 after the last, as CosineAnnealingLR stepped per epoch with T_max = epochs. A pure
 * function of the epoch, so a resumed run continues the same curve.
 */
export function learningRateAt(c: Pick<TrainConfig, 'lr' | 'epochs' | 'schedule'>, epoch: number): number {
  if (c.schedule === 'constant') return c.lr;
  return (c.lr * (1 + Math.cos((Math.PI * (epoch - 1)) / c.epochs))) / 2;
}

/** Options that may change when a run is resumed; every other one must stay as the checkpoint has it. */
export const RESUMABLE_CHANGES = ['epochs', 'maxSteps'] as const satisfies readonly (keyof TrainConfig)[];

/** 'adam lr 0.001' or 'sgd lr 0.05 momentum 0.9'. */
export function describeOptimizer(c: Pick<TrainConfig, 'optimizer' | 'lr' | 'momentum' | 'weightDecay'> & { schedule?: TrainConfig['schedule'] }): string {
  const wd = c.weightDecay ? ` weight decay ${c.weightDecay}` : '';
  const base = c.optimizer === 'sgd' ? `sgd lr ${c.lr} momentum ${c.momentum}${wd}` : `${wd ? 'adamw' : 'adam'} lr ${c.lr}${wd}`;
  return c.schedule === 'cosine' ? `${base}, cosine schedule` : base;
}
