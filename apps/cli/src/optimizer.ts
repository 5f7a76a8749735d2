import { optim, type Module } from '@dnn/tensor';
import type { TrainConfig } from './config';

/** The optimizer a config names, over the model's trainable parameters. */
export function makeOptimizer(model: Module, c: Pick<TrainConfig, 'optimizer' | 'lr' | 'momentum' | 'weightDecay'>): optim.Optimizer {
  const params = model.parameters().filter((p) => p.requiresGrad);
  const weightDecay = c.weightDecay ?? 0;
  if (c.optimizer === 'sgd') return new optim.SGD(params, { lr: c.lr, momentum: c.momentum, weightDecay });
  // with weight decay, Adam becomes AdamW (decoupled decay, Loshchilov & Hutter)
  return weightDecay ? new optim.AdamW(params, { lr: c.lr, weightDecay }) : new optim.Adam(params, { lr: c.lr });
}
