import { describe, it, expect } from 'vitest';
import { manualSeed, randn, Generator, type Device, type DType, type Tensor } from '@dnn/tensor';
import { checkModuleConventions, type ModuleExample } from '@dnn/tensor/testing';
import * as gen from './index';

const x = (shape: number[]) => (o: { device: Device; dtype: DType }) => randn(shape, o);
const f64 = { dtype: 'float64' as const };

/** Every Module class @dnn/generative exports, with its required arguments, some options and an input. */
const EXAMPLES: Record<string, ModuleExample> = {
  MLP: { args: [3, [4], 2], options: { activation: 'tanh' }, input: x([2, 3]) },
  MLPEncoder: { args: [4, [5], 2], options: { numClasses: 0 }, input: x([2, 4]) },
  MLPDecoder: { args: [2, [5], 4], options: { outShape: [1, 2, 2] }, input: x([2, 2]) },
  MLPGenerator: { args: [2, [5], 3], options: { outputActivation: 'tanh' }, input: x([2, 2]) },
  MLPDiscriminator: { args: [3, [5]], options: { activation: 'elu' }, input: x([2, 3]) },
  AffineCoupling: { args: [4, [1, 0, 1, 0]], options: { hidden: [5] }, input: x([2, 4]) },
  RealNVP: { args: [4], options: { numCouplings: 2, hidden: [5] }, input: x([2, 4]) },
  ConvEncoder: { args: [1, 8, 2], options: { channels: [2, 3] }, input: x([2, 1, 8, 8]) },
  ConvDecoder: { args: [2, 1, 8], options: { channels: [2, 3] }, input: x([2, 2]) },
  DCGANGenerator: { args: [3, 1, 8], options: { features: 2 }, input: x([2, 3]) },
  DCGANDiscriminator: { args: [1, 8], options: { features: 2 }, input: x([2, 1, 8, 8]) },
  VAE: {
    signatureExempt: 'takes its encoder and decoder modules',
    args: () => [new gen.MLPEncoder(4, [5], 2, f64), new gen.MLPDecoder(2, [5], 4, f64)],
    input: x([2, 4]),
    // a fixed generator, so the sampled z is the same on both devices
    call: (m, t) => (m as gen.VAE).elbo(t!, { generator: new Generator(1) }).elbo,
  },
  GAN: {
    signatureExempt: 'takes its generator and discriminator modules',
    args: () => [new gen.MLPGenerator(2, [5], 3, f64), new gen.MLPDiscriminator(3, [5], f64)],
    input: x([2, 2]),
    // through both networks, so that every parameter gets a gradient
    call: (m, z) => (m as gen.GAN).score((m as gen.GAN).forward(z as Tensor)),
  },
};

describe('layer conventions of @dnn/generative', () => {
  it('every exported module takes (required arguments, options), runs forward and backward, moves with .to() and round-trips its state dict', () => {
    manualSeed(2);
    expect(checkModuleConventions(gen as unknown as Record<string, unknown>, EXAMPLES)).toEqual([]);
  });
});

