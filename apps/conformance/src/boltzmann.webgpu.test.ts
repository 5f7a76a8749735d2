import { beforeAll, describe, it, expect } from 'vitest';
import { create } from 'webgpu';
import { Generator, cpu, rand, type Device, type Tensor } from '@dnn/tensor';
import { webgpu } from '@dnn/webgpu';
import { DBM, RBM, RBMTrainer, generatorDraws } from '@dnn/boltzmann';

// Sampling draws from the counter-based generator, so one seed gives the same uniforms on both devices;
// a bit could differ only where a uniform falls within float32 rounding of its probability (about 1e-7
// per draw), which these fixed seeds do not hit.
describe('Boltzmann chains: same seed, same bits on CPU and WebGPU', () => {
  let gpu: Device;
  // the software Vulkan driver compiles each new shader slowly: generous timeouts
  beforeAll(async () => { gpu = await webgpu({ gpu: create([]) }); }, 60_000);
  const bits = async (t: Tensor): Promise<number[]> => Array.from(await t.data(), Number);

  it('RBM block-Gibbs chain (20 chains × 30 visible, 25 steps)', async () => {
    const rbm = new RBM(30, 16, { initStd: 0.8, generator: new Generator(1), device: cpu() });
    const v0 = rand([20, 30], { generator: new Generator(2) }).round();
    const onCpu = rbm.gibbs(v0, 25, generatorDraws(new Generator(3)));
    rbm.to(gpu);
    const onGpu = rbm.gibbs(v0.to(gpu), 25, generatorDraws(new Generator(3)));
    const a = await bits(onCpu), b = await bits(onGpu);
    expect(a.every((x) => x === 0 || x === 1)).toBe(true);
    expect(b).toEqual(a);
  }, 120_000);

  it('one PCD-1 step of RBMTrainer: the same chains and the same updated weights (within float32 rounding)', async () => {
    const rbm = new RBM(30, 16, { initStd: 0.5, generator: new Generator(6), device: cpu() });
    const v = rand([12, 30], { generator: new Generator(7) }).round();
    const step = (d: Device): RBMTrainer => {
      const t = new RBMTrainer(rbm, { persistentChains: 8, momentum: 0.5, generator: new Generator(8) });
      for (let i = 0; i < 3; i++) t.step(v.to(d));
      return t;
    };
    const saved = rbm.stateDict();
    const start = Object.fromEntries(Object.entries(saved).map(([k, t]) => [k, t.clone()]));
    const a = step(cpu());
    const chainCpu = await bits(a.chain!), wCpu = Array.from(await rbm.weight.data());
    rbm.loadStateDict(start);
    rbm.to(gpu);
    const b = step(gpu);
    expect(await bits(b.chain!)).toEqual(chainCpu);
    const wGpu = Array.from(await rbm.weight.data());
    wGpu.forEach((w, i) => expect(Math.abs(w - wCpu[i]!)).toBeLessThan(1e-5));
  }, 120_000);

  it('DBM block-Gibbs sweeps over three layers (10 chains, 15 sweeps)', async () => {
    const dbm = new DBM([12, 10, 6], { initStd: 0.8, generator: new Generator(4), device: cpu() });
    const run = (): Tensor[] => {
      const draws = generatorDraws(new Generator(5));
      let s = dbm.initialChains(10);
      for (let t = 0; t < 15; t++) s = dbm.gibbsSweep(s, draws);
      return s;
    };
    const a = await Promise.all(run().map(bits));
    dbm.to(gpu);
    const b = await Promise.all(run().map(bits));
    expect(b).toEqual(a);
  }, 120_000);
});
