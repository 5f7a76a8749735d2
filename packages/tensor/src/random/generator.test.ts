import { describe, expect, it } from 'vitest';
import { Generator, getDefaultGenerator, manualSeed } from './generator';
import { bernoulli, multinomial, rand, randint, randn, randperm } from '../ops/random';
import { tensor } from '../ops/creation';
import { ValueError } from '../errors';
import { tidy } from '../memory';

const draw = (f: () => { dataSync(): ArrayLike<number> }) => tidy(() => Array.from(f().dataSync()));

describe('Generator', () => {
  it('the same seed gives the same bits; another seed different ones', () => {
    const a = draw(() => rand([100], { generator: new Generator(42) }));
    const b = draw(() => rand([100], { generator: new Generator(42) }));
    const c = draw(() => rand([100], { generator: new Generator(43) }));
    expect(a).toEqual(b);
    expect(a.filter((v, i) => v === c[i]).length).toBeLessThan(3);
  });

  it('one draw of 2n equals two draws of n (counters are consecutive)', () => {
    const whole = draw(() => randn([10], { generator: new Generator(5) }));
    const g = new Generator(5);
    const halves = [...draw(() => randn([4], { generator: g })), ...draw(() => randn([6], { generator: g }))];
    expect(halves).toEqual(whole);
  });

  it('saves and restores its state', () => {
    const g = new Generator('state');
    draw(() => rand([7], { generator: g }));
    const saved = g.state();
    const first = draw(() => randn([9], { generator: g }));
    const next = draw(() => randn([9], { generator: g }));
    g.setState(saved);
    expect(draw(() => randn([9], { generator: g }))).toEqual(first);
    expect(next).not.toEqual(first);
    // the saved state is a copy: advancing the generator does not change it
    expect(saved.offset).toBe(7);
  });

  it('manualSeed resets the default generator', () => {
    manualSeed(11);
    const a = draw(() => rand([5]));
    manualSeed(11);
    expect(draw(() => rand([5]))).toEqual(a);
    expect(getDefaultGenerator().offset).toBe(5);
  });

  it('string seeds are deterministic; unsafe numeric seeds are refused', () => {
    expect(new Generator('abc').key).toEqual(new Generator('abc').key);
    expect(new Generator('abc').key).not.toEqual(new Generator('abd').key);
    expect(new Generator(-1).key).toEqual([0xffffffff, 0x1fffff]);
    expect(() => new Generator(0.5)).toThrow(ValueError);
    expect(() => new Generator(2 ** 60)).toThrow(/^manualSeed: seed must be a safe integer/);
  });

  it('nextFloat continues the same stream', () => {
    const g = new Generator(9), h = new Generator(9);
    expect([g.nextFloat(), g.nextFloat()]).toEqual([h.nextFloat(), h.nextFloat()]);
    expect(g.offset).toBe(2);
  });
});

describe('distributions are statistically sane', () => {
  const stats = (v: number[]) => {
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1));
    return { mean, sd };
  };
  const N = 40000;

  it('randn has mean 0, std 1, and normal tails', () => {
    const v = draw(() => randn([N], { generator: new Generator(1) }));
    const { mean, sd } = stats(v);
    // standard errors: 1/√N = 0.005 for the mean, ~0.0035 for the std; 5σ bounds
    expect(Math.abs(mean)).toBeLessThan(0.025);
    expect(Math.abs(sd - 1)).toBeLessThan(0.018);
    const beyond2 = v.filter((x) => Math.abs(x) > 2).length / N;
    expect(beyond2).toBeGreaterThan(0.0455 - 0.006);
    expect(beyond2).toBeLessThan(0.0455 + 0.006);
  });

  it('rand is uniform on [0, 1) in float32 and float64', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const v = draw(() => rand([N], { generator: new Generator(2), dtype }));
      expect(Math.min(...v)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...v)).toBeLessThan(1);
      const { mean, sd } = stats(v);
      expect(Math.abs(mean - 0.5)).toBeLessThan(0.008);
      expect(Math.abs(sd - Math.sqrt(1 / 12))).toBeLessThan(0.005);
      const deciles = new Array(10).fill(0);
      for (const x of v) deciles[Math.floor(x * 10)]++;
      for (const count of deciles) expect(Math.abs(count - N / 10)).toBeLessThan(300);
    }
    // float64 draws carry more than float32's 24 bits
    const wide = draw(() => rand([20], { generator: new Generator(3), dtype: 'float64' }));
    expect(wide.some((x) => !Number.isInteger(x * 2 ** 24))).toBe(true);
  });

  it('bernoulli, randint, multinomial and randperm', () => {
    const b = draw(() => bernoulli(0.3, { shape: [N], generator: new Generator(4) }));
    expect(Math.abs(b.reduce((a, c) => a + c, 0) / N - 0.3)).toBeLessThan(0.012);
    const per = draw(() => bernoulli(tensor([0, 1, 0.5]).expand([N / 4, 3]).contiguous(), { generator: new Generator(5) }));
    const cols = [0, 1, 2].map((j) => per.filter((_, i) => i % 3 === j).reduce((a, c) => a + c, 0) / (N / 4));
    expect(cols[0]).toBe(0);
    expect(cols[1]).toBe(1);
    expect(Math.abs(cols[2]! - 0.5)).toBeLessThan(0.025);
    const r = draw(() => randint(-2, 3, [N], { generator: new Generator(6) }));
    expect(new Set(r)).toEqual(new Set([-2, -1, 0, 1, 2]));
    const m = draw(() => multinomial(tensor([1, 0, 3]), N, { generator: new Generator(7) }));
    expect(m.filter((x) => x === 1).length).toBe(0);
    expect(Math.abs(m.filter((x) => x === 2).length / N - 0.75)).toBeLessThan(0.015);
    const p = draw(() => randperm(50, { generator: new Generator(8) }));
    expect([...p].sort((x, y) => x - y)).toEqual([...Array(50).keys()]);
    expect(p).not.toEqual([...Array(50).keys()]);
  });
});
