import { describe, expect, it } from 'vitest';
import { normalFromBits, threefry2x32, uniform24, uniform53 } from './threefry';

const hex = (k0: number, k1: number, c0: number, c1: number): string[] => {
  const out = new Uint32Array(2);
  threefry2x32(k0, k1, c0, c1, out);
  return [...out].map((w) => `0x${w.toString(16).padStart(8, '0')}`);
};

describe('Threefry-2x32-20', () => {
  // Random123 known-answer vectors (kat_vectors, threefry2x32 with 20 rounds)
  it('zero key and counter', () => {
    expect(hex(0, 0, 0, 0)).toEqual(['0x6b200159', '0x99ba4efe']);
  });
  it('all-ones key and counter', () => {
    expect(hex(0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff)).toEqual(['0x1cb996fc', '0xbb002be7']);
  });
  it('the digits of π', () => {
    expect(hex(0x13198a2e, 0x03707344, 0x243f6a88, 0x85a308d3)).toEqual(['0xc4923a9c', '0x483df7a0']);
  });
  it('accepts signed 32-bit inputs as their unsigned words', () => {
    expect(hex(-1, -1, -1, -1)).toEqual(hex(0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff));
  });
  it('changes about half the output bits when one counter bit flips', () => {
    const a = new Uint32Array(2), b = new Uint32Array(2);
    let flipped = 0;
    for (let bit = 0; bit < 32; bit++) {
      threefry2x32(7, 9, 0, 0, a);
      threefry2x32(7, 9, 1 << bit, 0, b);
      for (let w = 0; w < 2; w++) flipped += popcount(a[w]! ^ b[w]!);
    }
    // 32 flips × 64 bits × ½ = 1024 expected; far from it would mean weak diffusion
    expect(flipped).toBeGreaterThan(900);
    expect(flipped).toBeLessThan(1150);
  });
});

function popcount(v: number): number {
  let n = 0;
  for (; v; v &= v - 1) n++;
  return n;
}

describe('bits to floats', () => {
  it('uniform24 spans [0, 1) in steps of 2⁻²⁴, exactly representable in float32', () => {
    expect(uniform24(0)).toBe(0);
    expect(uniform24(0xffffffff)).toBe(1 - 2 ** -24);
    expect(Math.fround(uniform24(0x12345678))).toBe(uniform24(0x12345678));
  });
  it('uniform53 spans [0, 1) with 53 bits', () => {
    expect(uniform53(0, 0)).toBe(0);
    expect(uniform53(0xffffffff, 0xffffffff)).toBe(1 - 2 ** -53);
    expect(uniform53(0, 1 << 6)).toBe(2 ** -53);
  });
  it('normalFromBits is finite at the extremes (u1 is shifted into (0, 1])', () => {
    for (const [a, b] of [[0, 0], [0xffffffff, 0xffffffff], [0, 0xffffffff]] as const) expect(Number.isFinite(normalFromBits(a, b))).toBe(true);
    // u1 = 2⁻²⁴, u2 = 0: the largest magnitude the transform can produce
    expect(normalFromBits(0, 0)).toBeCloseTo(Math.sqrt(-2 * Math.log(2 ** -24)), 12);
  });
});
