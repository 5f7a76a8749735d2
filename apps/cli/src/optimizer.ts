import { optim, type Module } from '@dnn/tensor';
import type { TrainConfig } from './config';

/** The optimizer a config names, over the model's trainable parameters. */
export function makeOptimizer(model: Module, c: Pick<TrainConfig, 'optimizer' | 'lr' | 'momentum'>): optim.Optimizer {
  const params = model.parameters().filter((p) => p.requiresGrad);
  return c.optimizer === 'sgd' ? new optim.SGD(params, { lr: c.lr, momentum: c.momentum }) : new optim.Adam(params, { lr: c.lr });
}
