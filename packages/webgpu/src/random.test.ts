import { afterAll, describe, expect, it } from 'vitest';
import {
  Device, Generator, ValueError, bernoulli, cpu, createCpuBackend, multinomial, rand, randint, randn, tensor, threefry2x32,
  type Tensor, type TypedArray,
} from '@dnn/tensor';
import { expectClose } from '@dnn/tensor/testing';
import { testDevice } from './test-utils';
import { gpuDeviceOf } from './webgpu';

const gpu = await testDevice();
afterAll(() => gpuDeviceOf(gpu).destroy());

/** The same draw on both devices from equal generator states. */
async function both(draw: (device: Device, generator: Generator) => Tensor, seed = 7): Promise<[TypedArray, TypedArray]> {
  const g = draw(gpu, new Generator(seed)), c = draw(cpu(), new Generator(seed));
  const out: [TypedArray, TypedArray] = [await g.data(), await c.data()];
  g.dispose();
  c.dispose();
  return out;
}

describe('Threefry-2x32-20 on the GPU', () => {
  it('raw bits equal the host implementation, across the 2³² counter boundary', async () => {
    const n = 4099, offset = 2 ** 32 - 2000, key: [number, number] = [0xdeadbeef, 0x12345678];
    const buf = gpu.backend.random({ dist: 'bits', key, offset }, n, 'int32');
    const got = await gpu.backend.read(buf, 'int32', n);
    gpu.backend.free(buf);
    const words = new Uint32Array(2);
    const want = Int32Array.from({ length: n }, (_, i) => {
      const c = offset + i;
      threefry2x32(key[0], key[1], c >>> 0, Math.floor(c / 2 ** 32), words);
      return words[0]! | 0;
    });
    expect(got).toEqual(want);
  });

  it('uniform draws are bit-identical to the CPU device (odd sizes, large counters)', async () => {
    for (const n of [1, 7, 33, 257, 100_003]) {
      const [g, c] = await both((device, generator) => rand([n], { device, generator }), n);
      expectClose(g, c, { rtol: 0, atol: 0, label: `rand [${n}]` });
    }
    const gen = (seed: number) => { const g = new Generator(seed); g.take(2 ** 40); return g; };
    const a = rand([65], { device: gpu, generator: gen(3) }), b = rand([65], { device: cpu(), generator: gen(3) });
    expectClose(await a.data(), await b.data(), { rtol: 0, atol: 0, label: 'rand past 2^40 draws' });
  });

  it('bernoulli is bit-identical, with scalar p and with a broadcast tensor of probabilities', async () => {
    const [g1, c1] = await both((device, generator) => bernoulli(0.3, { shape: [257], device, generator }));
    expectClose(g1, c1, { rtol: 0, atol: 0, label: 'bernoulli(0.3)' });
    const probs = (device: Device) => tensor([[0.1], [0.5], [0.9]], { device }).expand([3, 33]);
    const [g2, c2] = await both((device, generator) => bernoulli(probs(device), { generator }));
    expectClose(g2, c2, { rtol: 0, atol: 0, label: 'bernoulli(tensor)' });
  });

  it('normal draws match the CPU within 2e-6 (Box–Muller in float32), and have mean 0 and variance 1', async () => {
    const [g, c] = await both((device, generator) => randn([100_000], { device, generator }));
    expectClose(g, c, { rtol: 2e-6, atol: 2e-6, label: 'randn' });
    const mean = Array.from(g).reduce((s, v) => s + v, 0) / g.length;
    const variance = Array.from(g).reduce((s, v) => s + (v - mean) ** 2, 0) / g.length;
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(variance - 1)).toBeLessThan(0.02);
  });

  it('dropout masks drawn on the GPU equal those drawn on the CPU', async () => {
    const [g, c] = await both((device, generator) => rand([33, 7], { device, generator }).gt(0.5).float().mul(2));
    expectClose(g, c, { rtol: 0, atol: 0, label: 'dropout mask' });
  });
});

describe('randint and multinomial on a device without float64', () => {
  // the CPU backend restricted to WebGPU's dtypes runs the same 32-bit formulations on the host
  const cpu32 = new Device({ ...createCpuBackend(), dtypes: gpu.backend.dtypes }, 'cpu32');

  it('randint equals the host 32-bit formulation exactly, over small, negative and wide ranges', async () => {
    for (const [low, high, n] of [[0, 10, 1000], [-7, 1000, 257], [-(2 ** 30), 2 ** 30 - 1, 33]] as const) {
      const g = randint(low, high, [n], { device: gpu, generator: new Generator(n) });
      const c = randint(low, high, [n], { device: cpu32, generator: new Generator(n) });
      expect(g.dtype).toBe('int32');
      expectClose(await g.data(), await c.data(), { rtol: 0, atol: 0, label: `randint(${low}, ${high})` });
      g.dispose();
      c.dispose();
    }
    const digits = Array.from(await randint(0, 10, [10_000], { device: gpu, generator: new Generator(1) }).data());
    for (let d = 0; d < 10; d++) expect(Math.abs(digits.filter((v) => v === d).length / 10_000 - 0.1)).toBeLessThan(0.01);
    expect(() => randint(0, 2 ** 32, [2], { device: gpu })).toThrow(ValueError);
  });

  it('multinomial equals the host 32-bit formulation exactly and never draws a zero-probability category', async () => {
    const probs = [[1, 0, 3, 2], [0.5, 0.25, 0, 0.25]];
    const g = multinomial(tensor(probs, { device: gpu }), 2000, { generator: new Generator(4) });
    const c = multinomial(tensor(probs, { device: cpu32 }), 2000, { generator: new Generator(4) });
    const got = await g.data();
    expectClose(got, await c.data(), { rtol: 0, atol: 0, label: 'multinomial' });
    const row = (i: number) => Array.from(got.subarray(i * 2000, (i + 1) * 2000));
    expect(row(0).filter((k) => k === 1).length).toBe(0);
    expect(row(1).filter((k) => k === 2).length).toBe(0);
    expect(Math.abs(row(0).filter((k) => k === 2).length / 2000 - 0.5)).toBeLessThan(0.04);
    g.dispose();
    c.dispose();
  });
});
