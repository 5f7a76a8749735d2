import { describe, it, expect } from 'vitest';
import { tensor, randn, manualSeed, Generator } from '@dnn/tensor';
import { reparameterize } from './index';

describe('reparameterize: z = μ + σ·ε', () => {
  it('has ∂z/∂μ = 1 and ∂z/∂σ = ε exactly', () => {
    const mu = tensor([[0.5, -1, 2], [3, 0, -0.25]], { dtype: 'float64' }).setRequiresGrad();
    const sigma = tensor([[1, 0.5, 2], [0.1, 3, 1.5]], { dtype: 'float64' }).setRequiresGrad();
    const eps = randn([2, 3], { dtype: 'float64', generator: new Generator(7) });
    const z = reparameterize(mu, sigma, { eps });
    z.sum().backward();
    expect(Array.from(mu.grad!.dataSync())).toEqual([1, 1, 1, 1, 1, 1]);
    expect(Array.from(sigma.grad!.dataSync())).toEqual(Array.from(eps.dataSync()));
    const expectedZ = Array.from(mu.dataSync(), (m, i) => m + sigma.dataSync()[i]! * eps.dataSync()[i]!);
    expect(Array.from(z.dataSync())).toEqual(expectedZ);
  });

  it('draws ε from the counter-based generator: one seed, one sample', () => {
    const mu = tensor([0, 1, 2, 3]);
    const sigma = tensor([1, 1, 1, 1]);
    const a = reparameterize(mu, sigma, { generator: new Generator(11) }).dataSync();
    const b = reparameterize(mu, sigma, { generator: new Generator(11) }).dataSync();
    expect(Array.from(a)).toEqual(Array.from(b));
    manualSeed(3);
    const c = reparameterize(mu, sigma).dataSync();
    expect(Array.from(c)).not.toEqual(Array.from(a));
  });
});
