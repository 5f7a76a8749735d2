import { RBM, bernoulliFrom, cdGradient, generatorDraws, setGradients } from '@dnn/boltzmann';
import { Generator, Module, full, zeros, type Device, type Tensor } from '@dnn/tensor';
import { fashionMnistData } from '../data-source';
import { binarized, meanOfOutput, writeGrid } from './boltzmann-common';
import type { Demo } from './types';

const HIDDEN = 500;
/** Persistent chains of the PCD variant (independent of the batch size). */
const CHAINS = 100;

/**
 * An RBM on binarized Fashion-MNIST images. Forward gives each image's squared reconstruction error
 * after one mean-field pass up and down (the figure training and testing report). With PCD the
 * chains' hidden states are a buffer, so a checkpoint resumes them.
 */
export class RbmModel extends Module {
  rbm: RBM;
  chain: Tensor | null;

  constructor(readonly variant: 'cd1' | 'pcd', device?: Device) {
    super();
    this.rbm = new RBM(784, HIDDEN, { device });
    this.chain = variant === 'pcd' ? zeros([CHAINS, HIDDEN], { device }) : null;
  }

  forward(x: Tensor): Tensor {
    const v = binarized(x);
    return this.rbm.visibleMean(this.rbm.hiddenProbs(v)).sub(v).square().sum(1);
  }
}

export const rbmDemo: Demo = {
  title: 'RBM 784→500',
  variants: ['cd1', 'pcd'],
  defaultVariant: 'cd1',
  inputShape: [1, 28, 28],
  build: (variant, device) => new RbmModel(variant as 'cd1' | 'pcd', device),
  // SGD on the CD estimate (setGradients): momentum and weight decay are the optimizer's
  defaults: () => ({ optimizer: 'sgd', lr: 0.05, momentum: 0.5, batchSize: 100, epochs: 10, weightDecay: 1e-4 }),
  dataName: 'Fashion-MNIST (binarized)',
  data: (o) => fashionMnistData(o, rbmDemo),
  loss: meanOfOutput,
  lossName: 'squared reconstruction error per image',
  metrics: {},
  unit: { short: 'img', long: 'images' },
  step: ({ model, optimizer }) => {
    const m = model as RbmModel;
    const draws = generatorDraws(); // the default generator: fit seeds it and saves its state
    return (batch) => {
      const v = binarized(batch.x);
      const res = cdGradient(m.rbm, v, { k: 1, persistent: m.chain ?? undefined, draws });
      if (res.chain && m.chain) m.chain.assign(res.chain); // assign keeps the storage past the step's tidy
      optimizer.zeroGrad();
      setGradients(m.rbm, res.grads);
      optimizer.step();
      return { loss: m.rbm.visibleMean(res.positiveHidden).sub(v).square().sum(1).mean() };
    };
  },
  sample: async (model, o) => {
    const { rbm } = model as RbmModel;
    const draws = generatorDraws(new Generator(o.seed));
    const chain = rbm.gibbs(bernoulliFrom(full([o.count, 784], 0.5, { device: o.device }), draws), 1000, draws);
    const mean = rbm.visibleMean(rbm.sampleHidden(chain, draws));
    return (await writeGrid(o.out, 'samples.png', mean, 28, 28, false)) +
      (await writeGrid(o.out, 'filters.png', rbm.weight.narrow(0, 0, Math.min(100, HIDDEN)), 28, 28, true));
  },
};
