import { describe, it, expect } from 'vitest';
import { Generator, optim, randn, bernoulli, tensor, noGrad, concat, type Tensor } from '@dnn/tensor';
import { GAN, MLPGenerator, MLPDiscriminator, ganStep, ganUpdate } from './index';

/** Sliced Wasserstein-1 distance between two 2-D samples of equal size, over 16 fixed directions. */
function slicedW1(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length / 2;
  let total = 0;
  for (let k = 0; k < 16; k++) {
    const [c, s] = [Math.cos((k * Math.PI) / 16), Math.sin((k * Math.PI) / 16)];
    const pa = Float64Array.from({ length: n }, (_, i) => c * a[2 * i]! + s * a[2 * i + 1]!).sort();
    const pb = Float64Array.from({ length: n }, (_, i) => c * b[2 * i]! + s * b[2 * i + 1]!).sort();
    total += pa.reduce((acc, v, i) => acc + Math.abs(v - pb[i]!), 0) / n / 16;
  }
  return total;
}

/** Equal mixture of N((−1.5, 1), 0.3²I) and N((1.5, 1), 0.3²I), [n, 2]. */
function mixture(n: number, g: Generator): Tensor {
  const side = bernoulli(0.5, { shape: [n, 1], generator: g }).mul(3).sub(1.5);
  return randn([n, 2], { generator: g }).mul(0.3).add(concat([side, side.zerosLike().add(1)], 1));
}

function trainAndMeasure(kind: 'nonSaturating' | 'wgan-gp', steps: number, lr: number, dSteps: number, penaltyWeight = 10): { before: number; after: number } {
  const g = new Generator(11);
  const gan = new GAN(new MLPGenerator(2, [32, 32], 2, { generator: g }), new MLPDiscriminator(2, [32, 32], { generator: g }));
  const test = mixture(1000, new Generator(5)).dataSync();
  const distance = () => slicedW1(gan.sample(1000, { generator: new Generator(6) }).dataSync(), test);
  const before = distance();
  const betas = [0.5, 0.9] as [number, number];
  const step = ganStep(gan, new optim.Adam(gan.generator.parameters(), { lr, betas }),
    new optim.Adam(gan.discriminator.parameters(), { lr, betas }),
    { loss: kind, labelSmoothing: kind === 'nonSaturating' ? 0.1 : 0, discriminatorSteps: dSteps, penaltyWeight, generator: g });
  for (let i = 0; i < steps; i++) step({ x: mixture(64, g) });
  return { before, after: distance() };
}

describe('GAN on a 2-D mixture of two Gaussians (fixed seed)', () => {
  it('non-saturating GAN with label smoothing: sliced Wasserstein-1 distance to the data falls below 0.35 in 300 steps', { timeout: 20000 }, () => {
    const { before, after } = trainAndMeasure('nonSaturating', 300, 2e-3, 1);
    console.log(`GAN: sliced W1 ${before.toFixed(3)} → ${after.toFixed(3)}`);
    expect(before).toBeGreaterThan(0.8);
    expect(after).toBeLessThan(0.35);
  });

  it('WGAN-GP: sliced Wasserstein-1 distance to the data falls below 0.45 in 120 generator steps (3 critic steps each, λ = 1)', { timeout: 20000 }, () => {
    const { before, after } = trainAndMeasure('wgan-gp', 120, 3e-3, 3, 1);
    console.log(`WGAN-GP: sliced W1 ${before.toFixed(3)} → ${after.toFixed(3)}`);
    expect(before).toBeGreaterThan(0.8);
    expect(after).toBeLessThan(0.45);
  });

  it('a conditional GAN learns which mode each label means: per-label sample means within 0.4 of the mode in 300 steps', { timeout: 20000 }, () => {
    const g = new Generator(13);
    const o = { numClasses: 2, generator: g };
    const gan = new GAN(new MLPGenerator(2, [32, 32], 2, o), new MLPDiscriminator(2, [32, 32], o));
    const betas = [0.5, 0.9] as [number, number];
    const step = ganStep(gan, new optim.Adam(gan.generator.parameters(), { lr: 2e-3, betas }),
      new optim.Adam(gan.discriminator.parameters(), { lr: 2e-3, betas }), { labelSmoothing: 0.1, generator: g });
    const labelled = (n: number) => {
      const labels = bernoulli(0.5, { shape: [n], generator: g }).cast('int32');
      // label 0 → (−1.5, 1), label 1 → (1.5, 1)
      const side = labels.cast('float32').mul(3).sub(1.5).unsqueeze(1);
      return { x: randn([n, 2], { generator: g }).mul(0.3).add(concat([side, side.zerosLike().add(1)], 1)), labels };
    };
    for (let i = 0; i < 300; i++) step(labelled(64));
    for (const [label, mode] of [[0, -1.5], [1, 1.5]] as const) {
      const s = gan.sample(500, { labels: tensor(new Array(500).fill(label), { dtype: 'int32' }), generator: new Generator(20 + label) });
      const [mx, my] = [s.select(1, 0).mean().item(), s.select(1, 1).mean().item()];
      expect(Math.hypot(mx - mode, my - 1), `label ${label}: mean (${mx.toFixed(2)}, ${my.toFixed(2)})`).toBeLessThan(0.4);
    }
  });

  it('a conditional GAN generates per label and checks labels', () => {
    const gan = new GAN(new MLPGenerator(2, [8], 3, { numClasses: 4 }), new MLPDiscriminator(3, [8], { numClasses: 4 }));
    const labels = tensor([0, 3, 1], { dtype: 'int32' });
    expect(gan.sample(3, { labels }).shape).toEqual([3, 3]);
    expect(noGrad(() => gan.score(gan.sample(3, { labels }), labels)).shape).toEqual([3]);
    expect(() => gan.sample(3)).toThrow(/needs labels/);
  });
});

describe('ganUpdate', () => {
  const build = () => {
    const g = new Generator(3);
    const gan = new GAN(new MLPGenerator(2, [8], 2, { generator: g }), new MLPDiscriminator(2, [8], { generator: g }));
    return { g, gan, opts: [new optim.Adam(gan.generator.parameters(), { lr: 1e-2 }), new optim.Adam(gan.discriminator.parameters(), { lr: 1e-2 })] as const };
  };

  it('makes the same updates as ganStep and returns its losses as tensors', () => {
    const a = build(), b = build();
    const step = ganStep(a.gan, ...a.opts, { discriminatorSteps: 2, generator: a.g });
    const update = ganUpdate(b.gan, ...b.opts, { discriminatorSteps: 2, generator: b.g });
    for (let i = 0; i < 3; i++) {
      const x = mixture(16, new Generator(100 + i));
      const r = step({ x });
      const { lossD, lossG } = update({ x });
      expect(lossD.shape).toEqual([]);
      expect([lossD.item(), lossG.item()]).toEqual([r.lossD, r.lossG]);
    }
    expect(Array.from(b.gan.generator.parameters()[0]!.dataSync())).toEqual(Array.from(a.gan.generator.parameters()[0]!.dataSync()));
  });

  it('refuses fewer than one discriminator step', () => {
    const { gan, opts } = build();
    expect(() => ganUpdate(gan, ...opts, { discriminatorSteps: 0 })).toThrow('ganUpdate: discriminatorSteps must be a positive integer, got 0');
  });
});
