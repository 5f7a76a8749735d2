import { MLPDecoder, MLPEncoder, VAE } from '@dnn/generative';
import { Generator, optim } from '@dnn/tensor';
import type { TaskDemo } from '../demo-types';
import { binaryImageLoaders, read } from '../task-data';
import { drawImageGrids } from '../ui/image-grids';

/** An MLP VAE on binarized images (the recipe of `dnn train vae`, smaller); the view: samples from the prior. */
export const vaeTask: TaskDemo['setup'] = (device, data, plan) => {
  const o = { device, generator: new Generator(plan.seed) };
  const vae = new VAE(new MLPEncoder(784, [128], 8, o), new MLPDecoder(8, [128], 784, { ...o, outShape: [1, 28, 28] }));
  return {
    model: vae,
    fit: {
      ...binaryImageLoaders(data, { ...plan, heldOut: plan.validationSize }, device),
      loss: (out) => out, // the VAE's forward is its negative ELBO per image
      optimizer: new optim.Adam(vae.parameters(), { lr: 2e-3 }),
    },
    show: async (host) => {
      // the same latents every time, so the grid shows the decoder learning
      const samples = await read(() => vae.sample(32, { generator: new Generator(plan.seed + 1), device }));
      drawImageGrids(host, [{ caption: 'decoded from latents drawn from the prior N(0, I)', images: samples, count: 32, cols: 8, bounds: [0, 1] }]);
      return { images: 32 };
    },
  };
};
