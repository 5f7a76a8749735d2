import { describe, it, expect } from 'vitest';
import * as init from './init';
import { normalCdf, normalQuantile, erfc } from './normal-dist';
import { zeros } from '../ops/creation';
import { Generator } from '../random/generator';
import type { Tensor } from '../tensor';

const gen = (seed = 7) => new Generator(seed);

function moments(t: Tensor): { mean: number; std: number; min: number; max: number } {
  const d = Array.from(t.dataSync(), Number);
  const mean = d.reduce((a, b) => a + b, 0) / d.length;
  const std = Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / d.length);
  return { mean, std, min: Math.min(...d), max: Math.max(...d) };
}

/** Sample moments within `k` standard errors of the theoretical ones. */
function expectMoments(t: Tensor, mean: number, std: number, k = 5): void {
  const m = moments(t);
  const n = t.size;
  expect(Math.abs(m.mean - mean)).toBeLessThan((k * std) / Math.sqrt(n));
  // the sample std's standard error is about std/√(2n) for near-normal data, a little more for uniform
  expect(Math.abs(m.std - std)).toBeLessThan((k * std) / Math.sqrt(n));
}

describe('init', () => {
  it('xavier and lecun uniform stay within their bound and reach it, with the right spread', () => {
    const t = zeros([200, 300]);
    const b = 2 * Math.sqrt(6 / 500);
    init.xavierUniform_(t, { gain: 2, generator: gen() });
    let m = moments(t);
    expect(m.min).toBeGreaterThanOrEqual(-b);
    expect(m.max).toBeLessThanOrEqual(b);
    expect(m.max).toBeGreaterThan(0.999 * b);
    expectMoments(t, 0, b / Math.sqrt(3));
    init.lecunUniform_(t, { generator: gen() });
    m = moments(t);
    expect(m.max).toBeLessThanOrEqual(Math.sqrt(3 / 300));
    expectMoments(t, 0, 1 / Math.sqrt(300));
  });

  it('normal inits have std gain·√(2/(fan_in+fan_out)), gain/√fan_in and He\'s √2/√fan', () => {
    const t = zeros([100, 400]);
    init.xavierNormal_(t, { gain: 1.5, generator: gen() });
    expectMoments(t, 0, 1.5 * Math.sqrt(2 / 500));
    init.lecunNormal_(t, { generator: gen(8) });
    expectMoments(t, 0, 1 / Math.sqrt(400));
    // conv weight [out, in, kh, kw]: fan_in = in·kh·kw, fan_out = out·kh·kw
    const w = zeros([64, 16, 5, 5]);
    init.kaimingNormal_(w, { nonlinearity: 'relu', generator: gen() });
    expectMoments(w, 0, Math.SQRT2 / Math.sqrt(16 * 25));
    init.kaimingNormal_(w, { nonlinearity: 'relu', mode: 'fan_out', generator: gen() });
    expectMoments(w, 0, Math.SQRT2 / Math.sqrt(64 * 25));
    init.kaimingUniform_(w, { a: Math.sqrt(5), generator: gen() });
    expect(moments(w).max).toBeLessThanOrEqual(1 / Math.sqrt(16 * 25));
    expectMoments(w, 0, 1 / Math.sqrt(3 * 16 * 25));
  });

  it('kaiming inits take an explicit fanIn for weights stored in another layout', () => {
    // a connection-table kernel stack [kernels, kh, kw] whose output maps see 6 inputs of 5×5
    const w = zeros([60, 5, 5], { dtype: 'float64' });
    init.kaimingUniform_(w, { a: Math.sqrt(5), fanIn: 6 * 25, generator: gen() });
    const m = moments(w);
    expect(m.max).toBeLessThanOrEqual(1 / Math.sqrt(150));
    expect(m.max).toBeGreaterThan(0.99 / Math.sqrt(150));
    expectMoments(w, 0, 1 / Math.sqrt(3 * 150));
    expect(() => init.kaimingUniform_(w, { fanIn: 150, mode: 'fan_out' })).toThrow(/fanIn option needs mode 'fan_in'/);
  });

  it('fanInUniform_ draws U(±scale/fan_in)', () => {
    const t = zeros([4000], { dtype: 'float64' });
    init.fanInUniform_(t, 4, { scale: 2.4, generator: gen() });
    const m = moments(t);
    expect(m.max).toBeLessThanOrEqual(0.6);
    expect(m.min).toBeGreaterThanOrEqual(-0.6);
    expectMoments(t, 0, 0.6 / Math.sqrt(3));
  });

  it('gains match torch.nn.init.calculate_gain', () => {
    expect(init.calculateGain('relu')).toBeCloseTo(Math.SQRT2, 15);
    expect(init.calculateGain('tanh')).toBeCloseTo(5 / 3, 15);
    expect(init.calculateGain('leaky_relu')).toBeCloseTo(Math.sqrt(2 / (1 + 0.01 ** 2)), 15);
    expect(init.calculateGain('leaky_relu', Math.sqrt(5))).toBeCloseTo(Math.sqrt(1 / 3), 15);
    expect(init.calculateGain('selu')).toBe(0.75);
  });

  it('orthogonal_ gives orthonormal rows (wide) or columns (tall), scaled by gain', () => {
    const gram = (t: Tensor, rowsOf: boolean) => {
      const flat = t.reshape([t.shape[0]!, -1]);
      return (rowsOf ? flat.matmul(flat.mT()) : flat.mT().matmul(flat)).dataSync();
    };
    const eyeTimes = (n: number, s: number) => Array.from({ length: n * n }, (_, k) => (k % (n + 1) === 0 ? s : 0));
    const wide = init.orthogonal_(zeros([30, 50], { dtype: 'float64' }), { generator: gen() });
    expect(Array.from(gram(wide, true)).map((v, k) => Math.abs(v - eyeTimes(30, 1)[k]!)).every((e) => e < 1e-13)).toBe(true);
    const tall = init.orthogonal_(zeros([50, 30], { dtype: 'float64' }), { gain: 1.5, generator: gen() });
    expect(Array.from(gram(tall, false)).map((v, k) => Math.abs(v - eyeTimes(30, 2.25)[k]!)).every((e) => e < 1e-13)).toBe(true);
    const conv = init.orthogonal_(zeros([8, 2, 3, 3]), { generator: gen() });
    expect(Array.from(gram(conv, true)).map((v, k) => Math.abs(v - eyeTimes(8, 1)[k]!)).every((e) => e < 1e-6)).toBe(true);
    // square: both
    const sq = init.orthogonal_(zeros([40, 40], { dtype: 'float64' }), { generator: gen(3) });
    expect(Array.from(gram(sq, false)).map((v, k) => Math.abs(v - eyeTimes(40, 1)[k]!)).every((e) => e < 1e-13)).toBe(true);
    expect(() => init.orthogonal_(zeros([5]))).toThrow(/orthogonal_: needs a tensor of at least 2 dims, got \[5\]/);
  });

  it('truncNormal_ stays in [a, b] with the truncated normal\'s mean and std', () => {
    const phi = (x: number) => Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
    const xphi = (x: number) => (Number.isFinite(x) ? x * phi(x) : 0);
    const theory = (mean: number, std: number, a: number, b: number) => {
      const al = (a - mean) / std, be = (b - mean) / std;
      const Z = normalCdf(-al) - normalCdf(-be); // upper-tail form keeps precision for a > mean
      const d = (phi(al) - phi(be)) / Z;
      return { mean: mean + std * d, std: std * Math.sqrt(1 + (xphi(al) - xphi(be)) / Z - d * d) };
    };
    for (const [mean, std, a, b] of [[0, 1, -2, 2], [0.5, 1.5, -1, 2], [0, 1, 5, 6], [0, 0.02, -0.04, 0.04], [-1, 2, -Infinity, 0]] as const) {
      const t = init.truncNormal_(zeros([50000], { dtype: 'float64' }), { mean, std, a, b, generator: gen() });
      const m = moments(t);
      expect(m.min).toBeGreaterThanOrEqual(a);
      expect(m.max).toBeLessThanOrEqual(b);
      const th = theory(mean, std, a, b);
      expectMoments(t, th.mean, th.std);
    }
    expect(() => init.truncNormal_(zeros([3]), { a: 1, b: 1 })).toThrow(/need a < b/);
  });

  it('is seeded: the same generator state gives the same bits, another seed other bits', () => {
    for (const fill of [
      (t: Tensor, g: Generator) => init.xavierUniform_(t, { generator: g }),
      (t: Tensor, g: Generator) => init.orthogonal_(t, { generator: g }),
      (t: Tensor, g: Generator) => init.truncNormal_(t, { generator: g }),
    ]) {
      const a = Array.from(fill(zeros([6, 4]), gen(11)).dataSync());
      expect(Array.from(fill(zeros([6, 4]), gen(11)).dataSync())).toEqual(a);
      expect(Array.from(fill(zeros([6, 4]), gen(12)).dataSync())).not.toEqual(a);
    }
  });
});

describe('normal distribution helpers', () => {
  it('Φ⁻¹ matches reference quantiles to about 1e-15 and inverts Φ', () => {
    // values from Python's statistics.NormalDist().inv_cdf
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 14);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 13);
    expect(normalQuantile(0.3)).toBeCloseTo(-0.5244005127080407, 15);
    for (const x of [-8, -3, -0.5, 0.2, 1.7, 4]) expect(normalQuantile(normalCdf(x))).toBeCloseTo(x, 5);
  });

  it('erfc keeps its relative precision in the tail', () => {
    // math.erfc(5) and math.erfc(-1) in Python
    expect(Math.abs(erfc(5) / 1.5374597944280349e-12 - 1)).toBeLessThan(1.2e-7);
    expect(Math.abs(erfc(-1) / 1.8427007929497148 - 1)).toBeLessThan(1.2e-7);
  });
});
