import { optim, randint, randn, type Device } from '@dnn/tensor';
import { lenet5 } from '@dnn/models';
import { trainStep } from '@dnn/train';
import type { Builder } from '../types';

/**
 * One LeNet-5 (modern: ReLU, max-pooling) training step on a fixed batch: forward, softmax
 * cross-entropy, backward, plain SGD (or AdamW, the CLI's optimizer): @dnn/train's trainStep, the step every dnn training loop runs.
 * The loss is read back, so the step has finished when run returns.
 */
export const lenetTrainBuilder = (device: Device): Builder<'lenet-train'> => ({ batch, optimizer }) => {
  const net = lenet5({ variant: 'modern', device });
  const opt = optimizer === 'adamw'
    ? new optim.AdamW(net.parameters(), { lr: 2e-3, weightDecay: 0.05 })
    : new optim.SGD(net.parameters(), { lr: 0.01 });
  const x = randn([batch, 1, 28, 28], { device }), y = randint(0, 10, [batch], { device });
  return {
    run: async () => {
      await trainStep(net, { x, y }, { optimizer: opt });
    },
    dispose: () => {
      x.dispose();
      y.dispose();
    },
  };
};
