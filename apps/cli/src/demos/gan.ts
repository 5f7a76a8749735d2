import { Generator, Module, noGrad, optim, type Tensor } from '@dnn/tensor';
import { GAN, MLPGenerator, MLPDiscriminator, DCGANGenerator, DCGANDiscriminator, ganUpdate, discriminatorLoss } from '@dnn/generative';
import { pixelData, writeSampleGrid } from './pixels';
import type { Demo } from './types';

/** The GAN as a demo model: forward on real images is the discriminator's loss against as many fresh samples. */
class GanModel extends Module {
  constructor(readonly gan: GAN) {
    super();
  }

  forward(x: Tensor): Tensor {
    const fakes = this.gan.sample(x.shape[0]!, { device: x.device });
    return discriminatorLoss(this.gan.score(x), this.gan.score(fakes));
  }
}

const BETAS: [number, number] = [0.5, 0.999];

/**
 * A GAN on Fashion-MNIST in [−1, 1] (MLP 64-256-256-784 with tanh, or DCGAN with f = 32), the
 * non-saturating loss with one-sided label smoothing 0.1. The CLI's optimizer (kept in checkpoints)
 * updates the generator; the discriminator has its own Adam with the same learning rate, rebuilt on
 * resume. The figures are the discriminator's loss (train and test) and the generator's.
 */
export const ganDemo: Demo = {
  title: 'GAN',
  variants: ['mlp', 'dcgan'],
  defaultVariant: 'mlp',
  inputShape: [1, 28, 28],
  build: (variant, device) => {
    const o = { device, generator: new Generator(0) };
    return new GanModel(variant === 'dcgan'
      ? new GAN(new DCGANGenerator(64, 1, 28, { ...o, features: 32 }), new DCGANDiscriminator(1, 28, { ...o, features: 32 }))
      : new GAN(new MLPGenerator(64, [256, 256], 784, { ...o, outputActivation: 'tanh', outShape: [1, 28, 28] }), new MLPDiscriminator(784, [256, 256], o)));
  },
  defaults: () => ({ optimizer: 'adam', lr: 2e-4, momentum: 0.9, batchSize: 64, epochs: 10, weightDecay: 0 }),
  optimizer: (model, config) => new optim.Adam((model as unknown as GanModel).gan.generator.parameters(), { lr: config.lr, betas: BETAS }),
  dataName: 'Fashion-MNIST in [−1, 1]',
  data: (o) => pixelData(o, 'signed'),
  loss: (out) => out,
  lossName: 'discriminator loss',
  metrics: {},
  step: ({ model, optimizer, config }) => {
    const gan = (model as unknown as GanModel).gan;
    const optD = new optim.Adam(gan.discriminator.parameters(), { lr: config.lr, betas: BETAS });
    // the losses stay tensors: @dnn/train reads them asynchronously, so the demo runs on WebGPU too
    const update = ganUpdate(gan, optimizer as optim.Optimizer, optD, { labelSmoothing: 0.1 });
    return (batch) => {
      const r = update({ x: batch.x });
      return { loss: r.lossD, generatorLoss: r.lossG };
    };
  },
  unit: { short: 'img', long: 'images' },
  sample: async (model, o) => {
    const gan = (model as unknown as GanModel).gan;
    return writeSampleGrid(noGrad(() => gan.sample(o.count, { generator: new Generator(o.seed), device: o.device }).add(1).div(2)), o.out, 'gan-samples');
  },
};
