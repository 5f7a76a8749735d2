import { describe, it, expect } from 'vitest';
import { tensor, Generator, optim, tidy, noGrad, bernoulli, randint, type Tensor } from '@dnn/tensor';
import { VAE, MLPEncoder, MLPDecoder } from './index';

/** log N(x; b, W Wᵀ + I) on the host via Cholesky: the exact marginal of a linear-Gaussian VAE. */
function linearGaussianLogMarginal(x: number[], w: number[][], b: number[]): number {
  const d = x.length;
  const c = w.map((wi, i) => w.map((wj, j) => wi.reduce((acc, v, k) => acc + v * wj[k]!, 0) + (i === j ? 1 : 0)));
  const l = c.map(() => new Array<number>(d).fill(0));
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = c[i]![j]!;
      for (let k = 0; k < j; k++) s -= l[i]![k]! * l[j]![k]!;
      l[i]![j] = i === j ? Math.sqrt(s) : s / l[j]![j]!;
    }
  }
  const r = x.map((v, i) => v - b[i]!);
  const y: number[] = [];
  for (let i = 0; i < d; i++) y.push((r[i]! - y.reduce((acc, v, k) => acc + l[i]![k]! * v, 0)) / l[i]![i]!);
  const logDet = 2 * l.reduce((acc, row, i) => acc + Math.log(row[i]!), 0);
  return -0.5 * (d * Math.log(2 * Math.PI) + logDet + y.reduce((acc, v) => acc + v * v, 0));
}

const mean = (t: Tensor) => t.mean().item();

describe('VAE', () => {
  it('ELBO terms: elbo = reconstruction − KL, loss = −mean(reconstruction − β·KL)', () => {
    const opts = { dtype: 'float64' as const, generator: new Generator(1) };
    const vae = new VAE(new MLPEncoder(6, [8], 2, opts), new MLPDecoder(2, [8], 6, opts), { beta: 4 });
    const x = bernoulli(0.5, { shape: [5, 6], dtype: 'float64', generator: new Generator(2) });
    const t = vae.elbo(x, { generator: new Generator(3) });
    expect(t.elbo.shape).toEqual([5]);
    const [r, k, e] = [t.reconstruction.dataSync(), t.kl.dataSync(), t.elbo.dataSync()];
    e.forEach((v, i) => expect(v).toBeCloseTo(r[i]! - k[i]!, 12));
    const expectedLoss = -Array.from(r).reduce((acc, v, i) => acc + v - 4 * k[i]!, 0) / 5;
    expect(t.loss.item()).toBeCloseTo(expectedLoss, 12);
    expect(Array.from(k).every((v) => v >= 0)).toBe(true);
  });

  it('importance-weighted bound: ≥ ELBO, rising in k, below and approaching the exact log p(x) of a linear-Gaussian VAE', { timeout: 20000 }, () => {
    const opts = { dtype: 'float64' as const, generator: new Generator(5) };
    // no hidden layer: p(x|z) = N(Wz + b, I) with p(z) = N(0, I), so p(x) = N(b, WWᵀ + I) exactly
    const decoder = new MLPDecoder(2, [], 3, opts);
    const vae = new VAE(new MLPEncoder(3, [16], 2, { ...opts, activation: 'tanh' }), decoder, { likelihood: 'gaussian' });
    const x = tensor([[0.5, -1, 2], [1.5, 0.3, -0.2], [-2, 1, 0.7], [0, 0, 0]], { dtype: 'float64' });
    const w = decoder.net.layers[0]!.weight.arraySync() as number[][];
    const b = decoder.net.layers[0]!.bias!.arraySync() as number[];
    const exact = (x.arraySync() as number[][]).map((row) => linearGaussianLogMarginal(row, w, b));
    const exactMean = exact.reduce((a, v) => a + v, 0) / exact.length;
    noGrad(() => {
      const g = new Generator(9);
      const rep = (k: number, times: number) => {
        let acc = 0;
        for (let i = 0; i < times; i++) acc += mean(vae.importanceWeightedLogLikelihood(x, k, { generator: g }));
        return acc / times;
      };
      let elbo = 0;
      for (let i = 0; i < 400; i++) elbo += mean(vae.elbo(x, { generator: g }).elbo) / 400;
      // fixed seed; averaged over repeated draws so each step in k is well outside the Monte Carlo noise
      const [iw1, iw3, iw30, iw1000] = [rep(1, 400), rep(3, 150), rep(30, 20), rep(1000, 4)];
      expect(Math.abs(iw1 - elbo)).toBeLessThan(0.05);
      expect(iw3).toBeGreaterThan(elbo + 0.1);
      expect(iw30).toBeGreaterThan(iw3);
      expect(iw1000).toBeGreaterThan(iw30);
      expect(iw1000).toBeLessThan(exactMean + 0.01);
      expect(exactMean - iw1000).toBeLessThan(0.05 * (exactMean - elbo));
    });
  });

  it('a tiny Bernoulli VAE learns noisy binary prototypes: test ELBO above −6 nats (true log p(x) ≈ −4.56)', { timeout: 20000 }, () => {
    // four 16-bit prototypes, each bit flipped with probability 0.05: H = log 4 + 16·H(0.05) = 4.56 nats
    const protos = tensor([0x0f0f, 0xf0f0, 0x3c3c, 0xaaaa].map((m) => Array.from({ length: 16 }, (_, j) => (m >> j) & 1)), { dtype: 'float32' });
    const draw = (n: number, g: Generator) => tidy(() => {
      const idx = randint(0, 4, [n], { generator: g });
      const flips = bernoulli(0.05, { shape: [n, 16], generator: g });
      return protos.indexSelect(0, idx).sub(flips).abs();
    });
    const g = new Generator(21);
    const opts = { generator: g };
    const vae = new VAE(new MLPEncoder(16, [32], 2, opts), new MLPDecoder(2, [32], 16, opts));
    const opt = new optim.Adam(vae.parameters(), { lr: 1e-2 });
    for (let step = 0; step < 400; step++) {
      tidy(() => {
        const x = draw(64, g);
        opt.zeroGrad();
        vae.elbo(x, { generator: g }).loss.backward();
        opt.step();
      });
    }
    const test = draw(512, new Generator(99));
    const elbo = noGrad(() => mean(vae.elbo(test, { generator: new Generator(100) }).elbo));
    const iw = noGrad(() => mean(vae.importanceWeightedLogLikelihood(test, 50, { generator: new Generator(101) })));
    console.log(`tiny VAE: test ELBO ${elbo.toFixed(3)} nats, IWAE(k=50) ${iw.toFixed(3)} nats`);
    expect(elbo).toBeGreaterThan(-6);
    expect(iw).toBeGreaterThan(elbo);
    expect(iw).toBeLessThan(-4.2);
  });

  it('a conditional VAE needs labels and an unconditional one refuses them', () => {
    const cond = new VAE(new MLPEncoder(4, [4], 2, { numClasses: 3 }), new MLPDecoder(2, [4], 4, { numClasses: 3 }));
    const x = tensor([[0, 1, 0, 1]]);
    expect(() => cond.elbo(x)).toThrow(/needs labels/);
    expect(cond.elbo(x, { labels: tensor([2], { dtype: 'int32' }) }).elbo.shape).toEqual([1]);
    expect(cond.sample(5, { labels: tensor([0, 1, 2, 0, 1], { dtype: 'int32' }) }).shape).toEqual([5, 4]);
    const plain = new VAE(new MLPEncoder(4, [4], 2), new MLPDecoder(2, [4], 4));
    expect(() => plain.elbo(x, { labels: tensor([0], { dtype: 'int32' }) })).toThrow(/unconditional/);
  });
});
