import { crossEntropy, optim, randint, randn, tidy, type Device } from '@dnn/tensor';
import { lenet5 } from '@dnn/models';
import type { Builder } from '../types';

/**
 * One LeNet-5 (modern: ReLU, max-pooling) training step on a fixed batch: forward, softmax
 * cross-entropy, backward, plain SGD. The loss is read back, so the step has finished when run returns.
 */
export const lenetTrainBuilder = (device: Device): Builder<'lenet-train'> => ({ batch }) => {
  const net = lenet5({ variant: 'modern', device });
  const opt = new optim.SGD(net.parameters(), { lr: 0.01 });
  const x = randn([batch, 1, 28, 28], { device }), y = randint(0, 10, [batch], { device });
  return {
    run: async () => {
      const loss = tidy(() => {
        opt.zeroGrad();
        const l = crossEntropy(net.forward(x), y);
        l.backward();
        opt.step();
        return l;
      });
      await loss.data();
      loss.dispose();
    },
    dispose: () => {
      x.dispose();
      y.dispose();
    },
  };
};
