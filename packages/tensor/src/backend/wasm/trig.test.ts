import { describe, expect, it } from 'vitest';
import type { View } from '../contract';
import type { TypedArray } from '../../dtype';
import { wasmRuntime } from './runtime';
import { denseView, randomF32, sameBits, tsBackend, wasmBackend } from './test-util';

const one = wasmBackend(1), two = wasmBackend(2);

/**
 * 100 000 float32 arguments: magnitudes spread log-uniformly over 10^−8 … 2.5·10^5 of both signs,
 * the float32 neighbours of multiples of π/2 (where the reduction cancels most), and 0, −0, NaN, the
 * smallest subnormal, 2^18 itself.
 */
function sweep(): Float32Array {
  const u = randomF32(100_000, 17), s = randomF32(100_000, 18);
  const x = new Float32Array(100_000);
  for (let i = 0; i < x.length; i++) {
    if (i % 10 === 3) {
      const k = Math.floor((u[i]! + 1) * 80_000) + 1; // multiples of π/2 up to 2.5·10^5
      const f = Math.fround((k * Math.PI) / 2);
      const bits = new Int32Array(new Float32Array([f]).buffer)[0]! + (i % 3) - 1;
      x[i] = new Float32Array(new Int32Array([bits]).buffer)[0]!;
    } else {
      x[i] = Math.sign(s[i]!) * 10 ** (-8 + ((u[i]! + 1) / 2) * 13.4);
    }
  }
  x.set([0, -0, NaN, 1e-45, -1e-45, 262144, -262144, 1, -1, Math.fround(Math.PI), 3.4e-38]);
  return x;
}

describe('wasm sin and cos: Math.sin\'s and Math.cos\'s float32 values', () => {
  for (const op of ['sin', 'cos'] as const) {
    const ref = op === 'sin' ? Math.sin : Math.cos;
    it(`${op} equals Math.fround(Math.${op}(x)) on a dense sweep of 100 000 arguments`, () => {
      const x = sweep();
      const got = one.unary(op, denseView(x, [x.length]), 'float32');
      expect(wasmRuntime()!.heap.owns(got)).toBe(true); // the kernel ran
      let unequal = 0, worstUlps = 0;
      for (let i = 0; i < x.length; i++) {
        const want = Math.fround(ref(x[i]!));
        if (Object.is(got[i], want)) continue;
        unequal++;
        const ulp = 2 ** (Math.floor(Math.log2(Math.abs(want))) - 23);
        worstUlps = Math.max(worstUlps, Math.abs(got[i]! - want) / ulp);
      }
      expect({ unequal, worstUlps }).toEqual({ unequal: 0, worstUlps: 0 });
    });

    it(`${op} leaves arguments beyond ±2^18 and ±∞ to the TypeScript loop, and is the same on a strided view and two threads`, () => {
      const x = randomF32(8192, 19).map((v) => v * 100);
      x[4000] = 1e30; // the kernel's reduction would give a wrong value here: the TypeScript loop's must come back
      const withBig = one.unary(op, denseView(x, [8192]), 'float32');
      expect(sameBits(withBig, tsBackend.unary(op, denseView(x, [8192]), 'float32'))).toBe(true);
      x[4000] = -Infinity;
      expect(sameBits(one.unary(op, denseView(x, [8192]), 'float32'), tsBackend.unary(op, denseView(x, [8192]), 'float32'))).toBe(true);
      x[4000] = 0.5;
      const t: View<TypedArray> = { buffer: x, dtype: 'float32', shape: [128, 64], strides: [1, 128], offset: 0 };
      expect(sameBits(one.unary(op, t, 'float32'), tsBackend.unary(op, t, 'float32'))).toBe(true);
      const big = denseView(randomF32((1 << 18) + 3, 20).map((v) => v * 1000), [(1 << 18) + 3]);
      expect(sameBits(two.unary(op, big, 'float32'), one.unary(op, big, 'float32'))).toBe(true);
    });
  }
});

describe('wasm erf: the TypeScript series\' float32 values', () => {
  it('equals the TypeScript loop on 100 000 arguments over [−7, 7] and 10^−8 … 1, with NaN, ±0, ±∞ and ±6, on a strided view and two threads', () => {
    const u = randomF32(100_000, 21);
    const x = u.map((v, i) => (i % 2 ? v * 7 : Math.sign(v) * 10 ** (-8 * Math.abs(v))));
    x.set([NaN, 0, -0, Infinity, -Infinity, 6, -6, Math.fround(5.999999), 1e-45, -1e-45]);
    const got = one.unary('erf', denseView(x, [x.length]), 'float32');
    expect(wasmRuntime()!.heap.owns(got)).toBe(true);
    const want = tsBackend.unary('erf', denseView(x, [x.length]), 'float32');
    let unequal = 0;
    for (let i = 0; i < x.length; i++) if (!Object.is(got[i], want[i])) unequal++;
    expect(unequal).toBe(0);
    const t: View<TypedArray> = { buffer: x, dtype: 'float32', shape: [200, 64], strides: [1, 200], offset: 7 };
    expect(sameBits(one.unary('erf', t, 'float32'), tsBackend.unary('erf', t, 'float32'))).toBe(true);
    const big = denseView(randomF32((1 << 18) + 3, 22).map((v) => v * 4), [(1 << 18) + 3]);
    expect(sameBits(two.unary('erf', big, 'float32'), one.unary('erf', big, 'float32'))).toBe(true);
  });
});

describe('wasm atan2: Math.atan2\'s float32 values', () => {
  it('equals Math.fround(Math.atan2(y, x)) on 100 000 pairs over 10^−40 … 10^38 of all signs and every pair of special values, broadcast, strided and on two threads', () => {
    const n = 100_000;
    const u = randomF32(4 * n, 23);
    const mag = (i: number) => Math.sign(u[i]! || 1) * 10 ** (-40 + ((u[i + n]! + 1) / 2) * 78);
    const y = new Float32Array(n), x = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      y[i] = mag(i);
      // half the pairs of nearby magnitudes (quotients near 1, the reduction's breakpoints), half far apart
      x[i] = i % 2 ? y[i]! * (1 + u[i + 2 * n]!) * Math.sign(u[i + 3 * n]! || 1) : mag(i + 2 * n);
    }
    const special = [0, -0, Infinity, -Infinity, NaN, 1, -1, 1e-45, -1e-45, 3.4e38, -3.4e38, 0.4375, 2.4375];
    special.forEach((a, i) => special.forEach((b, j) => { y[i * special.length + j] = a; x[i * special.length + j] = b; }));
    const got = one.binary('atan2', denseView(y, [n]), denseView(x, [n]), [n], 'float32');
    expect(wasmRuntime()!.heap.owns(got)).toBe(true);
    let unequal = 0;
    for (let i = 0; i < n; i++) if (!Object.is(got[i], Math.fround(Math.atan2(y[i]!, x[i]!)))) unequal++;
    expect(unequal).toBe(0);
    const shape = [64, 100];
    const yt: View<TypedArray> = { buffer: y, dtype: 'float32', shape, strides: [1, 64], offset: 3 };
    const xr: View<TypedArray> = { buffer: x, dtype: 'float32', shape, strides: [0, 1], offset: 11 };
    expect(sameBits(one.binary('atan2', yt, xr, shape, 'float32'), tsBackend.binary('atan2', yt, xr, shape, 'float32'))).toBe(true);
    const big = denseView(randomF32((1 << 18) + 3, 24), [(1 << 18) + 3]);
    const big2 = denseView(randomF32((1 << 18) + 3, 25), [(1 << 18) + 3]);
    expect(sameBits(two.binary('atan2', big, big2, [(1 << 18) + 3], 'float32'), one.binary('atan2', big, big2, [(1 << 18) + 3], 'float32'))).toBe(true);
  });
});

describe('wasm pow: Math.pow\'s float32 values', () => {
  it('matches Math.fround(Math.pow(x, y)) on 100 000 pairs and every pair of special values (within a float32 ulp where the value lies near a rounding boundary)', () => {
    const n = 100_000;
    const u = randomF32(3 * n, 26);
    const x = new Float32Array(n), y = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      x[i] = Math.sign(u[i]! || 1) * 10 ** (-6 + ((u[i + n]! + 1) / 2) * 12);
      // integer exponents (negative bases give real results) and fractional ones, scaled to stay mostly in range
      y[i] = i % 3 === 0 ? Math.round(u[i + 2 * n]! * 12) : (u[i + 2 * n]! * 40) / Math.max(1, Math.abs(Math.log10(Math.abs(x[i]!))));
    }
    const special = [0, -0, Infinity, -Infinity, NaN, 1, -1, 2, -2, 0.5, -0.5, 3, -3, 1e-45, 3.4e38, -3.4e38, 2 ** 24, 2 ** 24 + 2, 4097];
    special.forEach((a, i) => special.forEach((b, j) => { x[i * special.length + j] = a; y[i * special.length + j] = b; }));
    const got = one.binary('pow', denseView(x, [n]), denseView(y, [n]), [n], 'float32');
    expect(wasmRuntime()!.heap.owns(got)).toBe(true);
    let unequal = 0, worstUlps = 0;
    for (let i = 0; i < n; i++) {
      const want = Math.fround(Math.pow(x[i]!, y[i]!));
      if (Object.is(got[i], want)) continue;
      unequal++;
      const ulp = 2 ** Math.max(-149, Math.floor(Math.log2(Math.abs(want))) - 23);
      worstUlps = Math.max(worstUlps, Math.abs(got[i]! - want) / ulp);
      if (!(worstUlps <= 1)) throw new Error(`pow(${x[i]}, ${y[i]}): ${got[i]}, want ${want}`);
    }
    expect(unequal).toBeLessThanOrEqual(10); // 1e-4 of the values at most
    const shape = [64, 100];
    const xt: View<TypedArray> = { buffer: x, dtype: 'float32', shape, strides: [1, 64], offset: 5 };
    const yr: View<TypedArray> = { buffer: y, dtype: 'float32', shape, strides: [0, 1], offset: 9 };
    expect(sameBits(one.binary('pow', xt, yr, shape, 'float32'), two.binary('pow', xt, yr, shape, 'float32'))).toBe(true);
    const big = denseView(randomF32((1 << 18) + 3, 27).map((v) => v * 3), [(1 << 18) + 3]);
    const big2 = denseView(randomF32((1 << 18) + 3, 28).map((v) => Math.round(v * 6)), [(1 << 18) + 3]);
    expect(sameBits(two.binary('pow', big, big2, [(1 << 18) + 3], 'float32'), one.binary('pow', big, big2, [(1 << 18) + 3], 'float32'))).toBe(true);
  });
});
