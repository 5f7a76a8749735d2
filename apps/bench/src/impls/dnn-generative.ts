import { Generator, bernoulli, optim, randn, tidy, type Device } from '@dnn/tensor';
import { ConvDecoder, ConvEncoder, DCGANDiscriminator, DCGANGenerator, GAN, VAE, ganStep } from '@dnn/generative';
import type { Builder } from '../types';

/** One convolutional VAE step on a fixed batch of binary 28×28 images: ELBO, backward, Adam. */
export const convVaeTrainBuilder = (device: Device): Builder<'conv-vae-train'> => ({ batch }) => {
  const g = new Generator(0);
  const vae = new VAE(new ConvEncoder(1, 28, 20, { device, generator: g }), new ConvDecoder(20, 1, 28, { device, generator: g }));
  const opt = new optim.Adam(vae.parameters(), { lr: 1e-3 });
  const x = bernoulli(0.3, { shape: [batch, 1, 28, 28], device, generator: g });
  return {
    run: async () => {
      const loss = tidy(() => {
        opt.zeroGrad();
        const l = vae.elbo(x, { generator: g }).loss;
        l.backward();
        opt.step();
        return l;
      });
      await loss.data();
      loss.dispose();
    },
    dispose: () => x.dispose(),
  };
};

/** One DCGAN step (a discriminator update, then a generator update) on a fixed batch in [−1, 1]. */
export const dcganTrainBuilder = (device: Device): Builder<'dcgan-train'> => ({ batch }) => {
  const g = new Generator(0);
  const gan = new GAN(new DCGANGenerator(100, 1, 28, { device, generator: g }), new DCGANDiscriminator(1, 28, { device, generator: g }));
  const betas = [0.5, 0.999] as [number, number];
  const step = ganStep(gan, new optim.Adam(gan.generator.parameters(), { lr: 2e-4, betas }),
    new optim.Adam(gan.discriminator.parameters(), { lr: 2e-4, betas }), { generator: g });
  const x = randn([batch, 1, 28, 28], { device, generator: g }).tanh();
  return {
    // ganStep reads both losses back, so the step has finished when it returns
    run: () => { step({ x }); },
    dispose: () => x.dispose(),
  };
};
