import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../backend/cpu/index';
import { cpu, Device } from '../device';
import { ValueError } from '../errors';
import { Generator } from '../random/generator';
import { threefry2x32, uniform24, uniform53 } from '../random/threefry';
import { tensor } from './creation';
import { multinomial, randint } from './random';

/** The CPU backend claiming no float64, as WebGPU does: exercises the 32-bit formulations on the host. */
const cpu32 = new Device({ ...createCpuBackend(), dtypes: ['float32', 'int32', 'bool'] }, 'cpu32');

/** Threefry words of counters [offset, offset + n) under the key of `new Generator(seed)`. */
function words(seed: number, n: number, offset = 0): [number, number][] {
  const key = new Generator(seed).key, out = new Uint32Array(2);
  return Array.from({ length: n }, (_, i) => {
    threefry2x32(key[0], key[1], offset + i, 0, out);
    return [out[0]!, out[1]!];
  });
}

const values = (t: { dataSync(): ArrayLike<number> }) => Array.from(t.dataSync());

describe('randint', () => {
  it('on the CPU: floor(u53 · (high - low)) + low of each counter, as before devices without float64 existed', () => {
    const got = values(randint(-7, 1000, [300], { generator: new Generator(11) }));
    const want = words(11, 300).map(([a, b]) => Math.floor(uniform53(a, b) * 1007) - 7);
    expect(got).toEqual(want);
  });

  it('without float64: low + (int32 bits mod (high - low)), Python-style, so every value is reachable', () => {
    const t = randint(-7, 1000, [300], { generator: new Generator(11), device: cpu32 });
    expect(t.dtype).toBe('int32');
    const want = words(11, 300).map(([a]) => (((a | 0) % 1007) + 1007) % 1007 - 7);
    expect(values(t)).toEqual(want);
    // a range wider than 2^24 (float32's integers) still reaches odd values and both ends' neighborhoods
    const wide = values(randint(0, 2 ** 31 - 1, [2000], { generator: new Generator(3), device: cpu32 }));
    expect(wide.some((v) => v % 2 === 1)).toBe(true);
    expect(Math.min(...wide)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...wide)).toBeLessThan(2 ** 31 - 1);
    expect(Math.max(...wide)).toBeGreaterThan(2 ** 31 * 0.99);
  });

  it('without float64: the generator advances as on the CPU, and a range beyond int32 is a ValueError', () => {
    const [g64, g32] = [new Generator(5), new Generator(5)];
    randint(0, 10, [17], { generator: g64 });
    randint(0, 10, [17], { generator: g32, device: cpu32 });
    expect(g32.offset).toBe(g64.offset);
    expect(() => randint(-(2 ** 31), 2 ** 31, [2], { device: cpu32 })).toThrow(ValueError);
    expect(() => randint(-(2 ** 31), 2 ** 31, [2], { device: cpu32 })).toThrow(/^randint: \[-2147483648, 2147483648\) on device cpu32 \(no float64\)/);
    expect(values(randint(-(2 ** 31), 2 ** 31, [4], { device: cpu() })).length).toBe(4);
  });
});

describe('multinomial', () => {
  const probs = [[1, 0, 3, 2], [0, 0, 5, 0]];

  /** Host inverse-CDF sampling with the given uniforms, in float64 or rounded to float32. */
  function reference(us: number[], f32: boolean, S: number): number[] {
    const r = f32 ? Math.fround : (x: number) => x;
    return probs.flatMap((row, i) => {
      const cdf: number[] = [];
      row.reduce((s, p) => (cdf.push(r(s + p)), r(s + p)), 0);
      return us.slice(i * S, (i + 1) * S).map((u0) => {
        const u = r(u0 * cdf[cdf.length - 1]!);
        return Math.min(cdf.filter((c) => c <= u).length, row.length - 1);
      });
    });
  }

  it('on the CPU: the float64 inverse CDF of u53 draws', () => {
    const got = values(multinomial(tensor(probs), 50, { generator: new Generator(9) }));
    expect(got).toEqual(reference(words(9, 100).map(([a, b]) => uniform53(a, b)), false, 50));
  });

  it('without float64: the float32 inverse CDF of u24 draws; zero-probability categories never come up', () => {
    const t = multinomial(tensor(probs, { device: cpu32 }), 50, { generator: new Generator(9) });
    expect(t.shape).toEqual([2, 50]);
    const got = values(t);
    expect(got).toEqual(reference(words(9, 100).map(([a]) => uniform24(a)), true, 50));
    expect(got.slice(0, 50).filter((k) => k === 1).length).toBe(0);
    expect(got.slice(50).every((k) => k === 2)).toBe(true);
  });
});
