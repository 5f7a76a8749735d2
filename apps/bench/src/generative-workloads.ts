import type { Workload } from './types';

/** @dnn/generative's rows: one training step of each convolutional model on 28×28 images. */
export const GENERATIVE_WORKLOADS: readonly Workload[] = [
  {
    name: 'conv-vae-train-64', description: 'convolutional VAE training step (2 conv + 2 transposed conv, latent 20, Bernoulli ELBO, Adam), batch 64, 28×28',
    spec: { kind: 'conv-vae-train', batch: 64 }, work: 64, unit: 'images/s',
  },
  {
    name: 'dcgan-train-64', description: 'DCGAN step (one discriminator and one generator update, f = 64, latent 100, Adam), batch 64, 28×28',
    spec: { kind: 'dcgan-train', batch: 64 }, work: 64, unit: 'images/s',
  },
];
