import { describe, it, expect } from 'vitest';
import { Generator, optim, tidy, noGrad, randint, tensor, zeros, type Tensor } from '@dnn/tensor';
import { VAE, ConvEncoder, ConvDecoder, GAN, DCGANGenerator, DCGANDiscriminator, ganStep } from './index';

/** 16×16 binary images with one 2-pixel-wide horizontal or vertical bar: 16 equally likely images. */
function bars(n: number, g: Generator): Tensor {
  const idx = randint(0, 16, [n], { generator: g }).dataSync();
  const out = new Float32Array(n * 256);
  idx.forEach((k, i) => {
    const pos = 2 * (k % 8), vertical = k >= 8;
    for (let a = 0; a < 16; a++) for (let b = pos; b < pos + 2; b++) out[i * 256 + (vertical ? a * 16 + b : b * 16 + a)] = 1;
  });
  return tensor(out, { shape: [n, 1, 16, 16] });
}

describe('convolutional VAE', () => {
  it('has PyTorch-style parameter names and shapes, and a conditional variant', { timeout: 20000 }, () => {
    const vae = new VAE(new ConvEncoder(1, 28, 8, { numClasses: 10 }), new ConvDecoder(8, 1, 28, { numClasses: 10 }));
    const shapes = Object.fromEntries(vae.namedParameters().map(([k, p]) => [k, p.shape]));
    expect(shapes['encoder.conv1.weight']).toEqual([32, 1, 4, 4]);
    expect(shapes['encoder.fc.weight']).toEqual([16, 64 * 7 * 7 + 10]);
    expect(shapes['decoder.fc.weight']).toEqual([64 * 7 * 7, 18]);
    expect(shapes['decoder.deconv1.weight']).toEqual([64, 32, 4, 4]);
    const labels = tensor([3, 7], { dtype: 'int32' });
    const x = zeros([2, 1, 28, 28]);
    expect(vae.elbo(x, { labels }).elbo.shape).toEqual([2]);
    expect(vae.sample(2, { labels }).shape).toEqual([2, 1, 28, 28]);
    expect(() => new ConvEncoder(1, 30, 8)).toThrow(/imageSize must be a multiple of 4, got 30/);
    expect(() => vae.encode(zeros([2, 1, 16, 16]), labels)).toThrow(/expected input \[N, 1, 28, 28\], got \[2,1,16,16\]/);
  });

  it('learns 16×16 bar images: test ELBO rises from about −194 nats to above −45 in 120 steps', { timeout: 20000 }, () => {
    const g = new Generator(3);
    const o = { channels: [8, 16] as const, generator: g };
    const vae = new VAE(new ConvEncoder(1, 16, 4, o), new ConvDecoder(4, 1, 16, o));
    const test = bars(64, new Generator(4));
    const elboOf = () => noGrad(() => vae.elbo(test, { generator: new Generator(5) }).elbo.mean().item());
    const before = elboOf();
    const opt = new optim.Adam(vae.parameters(), { lr: 1e-2 });
    for (let i = 0; i < 120; i++) tidy(() => { opt.zeroGrad(); vae.elbo(bars(32, g), { generator: g }).loss.backward(); opt.step(); });
    const after = elboOf();
    console.log(`conv VAE on bars: test ELBO ${before.toFixed(1)} → ${after.toFixed(1)} nats`);
    expect(before).toBeLessThan(-150);
    expect(after).toBeGreaterThan(-45);
  });
});

describe('DCGAN', () => {
  it('generator output is [N, C, S, S] in [−1, 1]; discriminator gives one logit per image; names match PyTorch\'s', () => {
    const gen = new DCGANGenerator(16, 1, 28, { features: 8, numClasses: 10 });
    const disc = new DCGANDiscriminator(1, 28, { features: 8, numClasses: 10 });
    const gan = new GAN(gen, disc);
    const labels = tensor([0, 1, 2, 9], { dtype: 'int32' });
    const x = gan.sample(4, { labels, generator: new Generator(1) });
    expect(x.shape).toEqual([4, 1, 28, 28]);
    const v = x.dataSync();
    expect(Math.max(...v)).toBeLessThanOrEqual(1);
    expect(Math.min(...v)).toBeGreaterThanOrEqual(-1);
    expect(gan.score(x, labels).shape).toEqual([4]);
    const sd = gan.stateDict();
    expect(sd['generator.bn0.running_mean']!.shape).toEqual([16]);
    expect(sd['generator.deconv1.weight']!.shape).toEqual([16, 8, 4, 4]);
    expect(sd['discriminator.conv2.weight']!.shape).toEqual([16, 8, 4, 4]);
    expect(new DCGANDiscriminator(1, 28, { features: 8, batchNorm: false }).bn2).toBeNull();
  });

  it('alternating steps on bar images (non-saturating and WGAN-GP without batch norm in the critic): in 30 steps the samples\' mean pixel moves at least halfway to the data\'s', { timeout: 20000 }, () => {
    for (const loss of ['nonSaturating', 'wgan-gp'] as const) {
      const g = new Generator(7);
      const o = { features: 8, generator: g };
      const gan = new GAN(new DCGANGenerator(8, 1, 16, o), new DCGANDiscriminator(1, 16, { ...o, batchNorm: loss !== 'wgan-gp' }));
      const betas = [0.5, 0.999] as [number, number];
      const step = ganStep(gan, new optim.Adam(gan.generator.parameters(), { lr: 2e-3, betas }),
        new optim.Adam(gan.discriminator.parameters(), { lr: 2e-3, betas }), { loss, labelSmoothing: 0.1, generator: g });
      // in [−1, 1] as the tanh generator produces; a bar covers 1/8 of the image
      const real = () => bars(16, g).mul(2).sub(1);
      const meanOfSamples = () => gan.sample(64, { generator: new Generator(8) }).mean().item();
      // bars are 1/8 lit: the image mean of real data is 2·(1/8) − 1 = −0.75
      const before = meanOfSamples();
      let last = step({ x: real() });
      for (let i = 0; i < 29; i++) last = step({ x: real() });
      expect(Number.isFinite(last.lossD) && Number.isFinite(last.lossG)).toBe(true);
      const after = meanOfSamples();
      console.log(`DCGAN ${loss}: sample mean ${before.toFixed(3)} → ${after.toFixed(3)} (data −0.75), last lossD ${last.lossD.toFixed(3)}`);
      expect(Math.abs(after + 0.75)).toBeLessThan(0.5 * Math.abs(before + 0.75));
    }
  });
});
