import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { tensor, type Tensor } from '@dnn/tensor';
import { AffineCoupling, MLPDiscriminator, MLPEncoder, MLPDecoder, VAE, gaussianKL, gaussianKLStandard, gradientPenalty } from './index';

interface Arr { shape: number[]; data: number[] }
const fx = JSON.parse(readFileSync(new URL('../fixtures/generative.json', import.meta.url), 'utf8'));
const f64 = (a: Arr) => tensor(Float64Array.from(a.data), { shape: a.shape });
const stateOf = (s: Record<string, Arr>) => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, f64(v)]));

function expectClose(actual: Tensor, expected: Arr, what: string, tol = 1e-12): void {
  expect(actual.shape, `${what} shape`).toEqual(expected.shape);
  const a = actual.dataSync();
  expected.data.forEach((e, i) => expect(Math.abs(a[i]! - e), `${what}[${i}]: ${a[i]} vs ${e}`).toBeLessThan(tol * (1 + Math.abs(e))));
}

describe('generative pieces match PyTorch (float64)', () => {
  it('Gaussian KL matches torch.distributions.kl_divergence', () => {
    const k = fx.kl;
    expectClose(gaussianKL(f64(k.mu1), f64(k.logvar1), f64(k.mu2), f64(k.logvar2)), k.kl, 'KL(q ‖ p)');
    expectClose(gaussianKLStandard(f64(k.mu1), f64(k.logvar1)), k.klStandard, 'KL(q ‖ N(0, I))');
  });

  it('affine coupling: forward, log-determinant, input gradient and inverse with PyTorch\'s weights', () => {
    const c = fx.coupling;
    const layer = new AffineCoupling(c.features, c.mask, { hidden: c.hidden, dtype: 'float64' });
    layer.loadStateDict(stateOf(c.state), { strict: true });
    const x = f64(c.x).setRequiresGrad();
    const { y, logDet } = layer.forward(x);
    expectClose(y, c.y, 'y');
    expectClose(logDet, c.logDet, 'log-determinant');
    y.mul(f64(c.gradOutput)).sum().add(logDet.sum()).backward();
    expectClose(x.grad!, c.gradInput, 'input gradient');
    expectClose(layer.inverse(f64(c.y)), c.inverse, 'inverse');
  });

  it('gradient penalty of a leaky-ReLU critic and its gradients in the critic\'s weights', () => {
    const g = fx.gradientPenalty;
    const critic = new MLPDiscriminator(g.features, g.hidden, { dtype: 'float64' });
    critic.loadStateDict(stateOf(g.state), { strict: true });
    const gp = gradientPenalty((h) => critic.forward(h), f64(g.real), f64(g.fake), { alpha: f64(g.alpha) });
    expect(Math.abs(gp.item() - g.penalty)).toBeLessThan(1e-12 * (1 + Math.abs(g.penalty)));
    gp.backward();
    for (const [name, p] of critic.namedParameters()) {
      const expected = g.gradParams[name] as Arr;
      // PyTorch reports an unused parameter's gradient as none (written as zeros); dnn leaves it null
      if (p.grad) expectClose(p.grad, expected, `∂penalty/∂${name}`);
      else expect(expected.data.every((v: number) => v === 0), `${name} has no gradient`).toBe(true);
    }
  });

  it('VAE: ELBO terms, the β-weighted loss and its parameter gradients, the importance-weighted bound (fixed weights and noise)', () => {
    const v = fx.vae;
    const vae = new VAE(new MLPEncoder(6, [5], 2, { dtype: 'float64' }), new MLPDecoder(2, [5], 6, { dtype: 'float64' }), { beta: v.beta });
    vae.loadStateDict(stateOf(v.state), { strict: true });
    const t = vae.elbo(f64(v.x), { eps: f64(v.eps) });
    expectClose(t.reconstruction, v.reconstruction, 'log p(x|z)');
    expectClose(t.kl, v.kl, 'KL');
    expectClose(t.elbo, v.elbo, 'ELBO');
    expect(Math.abs(t.loss.item() - v.loss)).toBeLessThan(1e-12 * (1 + Math.abs(v.loss)));
    t.loss.backward();
    for (const [name, p] of vae.namedParameters()) expectClose(p.grad!, v.gradParams[name], `∂loss/∂${name}`);
    expectClose(vae.importanceWeightedLogLikelihood(f64(v.x), 4, { eps: f64(v.epsK) }), v.iwae, 'IWAE (k = 4)');
  });
});
