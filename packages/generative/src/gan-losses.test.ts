import { describe, it, expect } from 'vitest';
import { tensor, Generator, randn, type Tensor } from '@dnn/tensor';
import { gradcheck } from '@dnn/tensor/testing';
import { discriminatorLoss, generatorLoss, gradientPenalty, criticLoss } from './index';

const f64 = (a: number[] | number[][]) => tensor(a, { dtype: 'float64' });
const softplus = (v: number) => Math.log1p(Math.exp(v));

describe('GAN losses', () => {
  it('discriminator loss with one-sided label smoothing and the non-saturating generator loss match their formulas', () => {
    const real = [1.5, -0.3, 2.2], fake = [-1, 0.4, 3];
    const s = 0.1;
    // BCE(ℓ, t) = t·softplus(−ℓ) + (1 − t)·softplus(ℓ)
    const bce = (l: number, t: number) => t * softplus(-l) + (1 - t) * softplus(l);
    const expectedD = real.reduce((a, l) => a + bce(l, 1 - s), 0) / 3 + fake.reduce((a, l) => a + bce(l, 0), 0) / 3;
    expect(discriminatorLoss(f64(real), f64(fake), { labelSmoothing: s }).item()).toBeCloseTo(expectedD, 12);
    expect(generatorLoss(f64(fake)).item()).toBeCloseTo(fake.reduce((a, l) => a + softplus(-l), 0) / 3, 12);
    expect(criticLoss(f64(real), f64(fake)).item()).toBeCloseTo((fake[0]! + fake[1]! + fake[2]!) / 3 - (real[0]! + real[1]! + real[2]!) / 3, 12);
    expect(() => discriminatorLoss(f64(real), f64(fake), { labelSmoothing: 1 })).toThrow(/labelSmoothing must be in \[0, 1\)/);
  });
});

describe('gradient penalty', () => {
  it('is (‖w‖ − 1)² for a linear critic, whatever the interpolation', () => {
    const w = f64([[0.6], [1.2], [-0.5]]);
    const critic = (x: Tensor) => x.matmul(w).reshape([x.shape[0]!]).add(0.3);
    const real = randn([5, 3], { dtype: 'float64', generator: new Generator(1) });
    const fake = randn([5, 3], { dtype: 'float64', generator: new Generator(2) });
    const norm = Math.sqrt(0.36 + 1.44 + 0.25);
    expect(gradientPenalty(critic, real, fake, { generator: new Generator(3) }).item()).toBeCloseTo((norm - 1) ** 2, 12);
  });

  it('on a two-layer tanh critic: value by finite differences of the critic, and its gradient in the critic\'s weights by finite differences (a gradient of a gradient)', async () => {
    const g = new Generator(4);
    const w1 = randn([4, 3], { dtype: 'float64', generator: g });
    const b1 = randn([4], { dtype: 'float64', generator: g });
    const w2 = randn([4], { dtype: 'float64', generator: g });
    const real = randn([3, 3], { dtype: 'float64', generator: g });
    const fake = randn([3, 3], { dtype: 'float64', generator: g });
    const alpha = f64([0.2, 0.7, 0.5]);
    const criticOf = (a: Tensor, b: Tensor, c: Tensor) => (x: Tensor) => x.matmul(a.mT()).add(b).tanh().matmul(c);
    // value: the input gradient by central differences on the host, then (‖g‖ − 1)²
    const critic = criticOf(w1, b1, w2);
    const [r, f] = [real.arraySync() as number[][], fake.arraySync() as number[][]];
    const al = [0.2, 0.7, 0.5];
    let expected = 0;
    for (let i = 0; i < 3; i++) {
      const xh = r[i]!.map((v, j) => al[i]! * v + (1 - al[i]!) * f[i]![j]!);
      const h = 1e-5;
      const gsq = xh.reduce((acc, _, j) => {
        const up = [...xh], dn = [...xh];
        up[j]! += h; dn[j]! -= h;
        const d = (critic(f64([up])).item() - critic(f64([dn])).item()) / (2 * h);
        return acc + d * d;
      }, 0);
      expected += (Math.sqrt(gsq) - 1) ** 2 / 3;
    }
    expect(gradientPenalty(critic, real, fake, { alpha }).item()).toBeCloseTo(expected, 8);
    // gradient of the penalty in the critic's parameters, against finite differences
    await gradcheck((a, b, c) => gradientPenalty(criticOf(a, b, c), real, fake, { alpha }), [w1, b1, w2]);
  });
});
