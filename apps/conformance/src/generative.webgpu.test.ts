import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { create } from 'webgpu';
import { tensor, cpu, Generator, type Device, type Tensor } from '@dnn/tensor';
import { webgpu } from '@dnn/webgpu';
import {
  AffineCoupling, MLPDiscriminator, MLPEncoder, MLPDecoder, MLPGenerator, GAN, RealNVP, VAE,
  gaussianKL, gaussianKLStandard, gradientPenalty,
} from '@dnn/generative';

// The closed-form and PyTorch-golden checks of @dnn/generative, run in float32 on WebGPU.
interface Arr { shape: number[]; data: number[] }
const fx = JSON.parse(readFileSync(new URL('../../../packages/generative/fixtures/generative.json', import.meta.url), 'utf8'));

let gpu: Device;
beforeAll(async () => {
  gpu = await webgpu({ gpu: create([]) });
});

const onGpu = (a: Arr) => tensor(Float32Array.from(a.data), { shape: a.shape, device: gpu });
const stateOf = (s: Record<string, Arr>) => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, onGpu(v)]));

async function expectClose(actual: Tensor, expected: Arr | number[], what: string, tol = 2e-5): Promise<void> {
  const data = Array.isArray(expected) ? expected : expected.data;
  const a = await actual.data();
  expect(a.length, `${what} size`).toBe(data.length);
  data.forEach((e, i) => expect(Math.abs(a[i]! - e), `${what}[${i}]: ${a[i]} vs ${e}`).toBeLessThan(tol * (1 + Math.abs(e))));
}

describe('@dnn/generative on WebGPU (float32) against PyTorch float64 goldens', () => {
  it('Gaussian KL', async () => {
    const k = fx.kl;
    await expectClose(gaussianKL(onGpu(k.mu1), onGpu(k.logvar1), onGpu(k.mu2), onGpu(k.logvar2)), k.kl, 'KL(q ‖ p)');
    await expectClose(gaussianKLStandard(onGpu(k.mu1), onGpu(k.logvar1)), k.klStandard, 'KL(q ‖ N(0, I))');
  });

  it('affine coupling: forward, log-determinant, input gradient, inverse', async () => {
    const c = fx.coupling;
    const layer = new AffineCoupling(c.features, c.mask, { hidden: c.hidden, device: gpu });
    layer.loadStateDict(stateOf(c.state), { strict: true });
    const x = onGpu(c.x).setRequiresGrad();
    const { y, logDet } = layer.forward(x);
    await expectClose(y, c.y, 'y');
    await expectClose(logDet, c.logDet, 'log-determinant');
    y.mul(onGpu(c.gradOutput)).sum().add(logDet.sum()).backward();
    await expectClose(x.grad!, c.gradInput, 'input gradient', 1e-4);
    await expectClose(layer.inverse(onGpu(c.y)), c.inverse, 'inverse', 1e-4);
  });

  it('gradient penalty and its gradients in the critic\'s weights (a gradient of a gradient)', async () => {
    const g = fx.gradientPenalty;
    const critic = new MLPDiscriminator(g.features, g.hidden, { device: gpu });
    critic.loadStateDict(stateOf(g.state), { strict: true });
    const gp = gradientPenalty((h) => critic.forward(h), onGpu(g.real), onGpu(g.fake), { alpha: onGpu(g.alpha) });
    await expectClose(gp, [g.penalty], 'penalty', 1e-4);
    gp.backward();
    for (const [name, p] of critic.namedParameters()) {
      if (p.grad) await expectClose(p.grad, g.gradParams[name], `∂penalty/∂${name}`, 1e-4);
      else expect((g.gradParams[name] as Arr).data.every((v) => v === 0), `${name} has no gradient`).toBe(true);
    }
  });
});

describe('@dnn/generative VAE on WebGPU (float32) against PyTorch', () => {
  it('ELBO terms, loss gradients and the importance-weighted bound with fixed weights and noise', async () => {
    const v = fx.vae;
    const vae = new VAE(new MLPEncoder(6, [5], 2, { device: gpu }), new MLPDecoder(2, [5], 6, { device: gpu }), { beta: v.beta });
    vae.loadStateDict(stateOf(v.state), { strict: true });
    const t = vae.elbo(onGpu(v.x), { eps: onGpu(v.eps) });
    await expectClose(t.elbo, v.elbo, 'ELBO', 1e-4);
    await expectClose(t.kl, v.kl, 'KL', 1e-4);
    t.loss.backward();
    for (const [name, p] of vae.namedParameters()) await expectClose(p.grad!, v.gradParams[name], `∂loss/∂${name}`, 1e-4);
    await expectClose(vae.importanceWeightedLogLikelihood(onGpu(v.x), 4, { eps: onGpu(v.epsK) }), v.iwae, 'IWAE', 1e-4);
  });
});

describe('a seed gives the same samples on CPU and WebGPU (counter-based generator)', () => {
  it('VAE, GAN and RealNVP samples', async () => {
    const build = () => {
      const g = new Generator(1);
      return {
        vae: new VAE(new MLPEncoder(4, [8], 2, { generator: g }), new MLPDecoder(2, [8], 4, { generator: g })),
        gan: new GAN(new MLPGenerator(3, [8], 2, { generator: g }), new MLPDiscriminator(2, [8], { generator: g })),
        flow: new RealNVP(2, { hidden: [8], numCouplings: 2, generator: g }),
      };
    };
    const onCpu = build();
    const moved = build();
    for (const m of Object.values(moved)) m.to(gpu);
    const pairs: [Tensor, Tensor, string][] = [
      [onCpu.vae.sample(16, { generator: new Generator(9) }), moved.vae.sample(16, { generator: new Generator(9), device: gpu }), 'VAE'],
      [onCpu.gan.sample(16, { generator: new Generator(9) }), moved.gan.sample(16, { generator: new Generator(9), device: gpu }), 'GAN'],
      [onCpu.flow.sample(16, { generator: new Generator(9) }), moved.flow.sample(16, { generator: new Generator(9), device: gpu }), 'RealNVP'],
    ];
    for (const [c, w, what] of pairs) {
      expect(c.device).toBe(cpu());
      await expectClose(w, Array.from(c.dataSync()), `${what} sample`, 1e-5);
    }
  });
});
