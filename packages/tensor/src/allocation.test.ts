import { describe, expect, it } from 'vitest';
import { AllocationError, ValueError } from './errors';
import { arange, eye, fromTypedArray, full, linspace, ones, tensor, zeros } from './ops/creation';
import { rand, randn } from './ops/random';

/** Oversized or malformed shapes are refused with a typed error naming the op, the shape and the bytes. */
describe('allocation limits', () => {
  const oversized: [string, () => unknown, RegExp][] = [
    ['zeros', () => zeros([1e6, 1e6]), /^zeros: shape \[1000000,1000000\] of float32 needs 4,000,000,000,000 bytes \(3\.64 TiB\)/],
    ['randn', () => randn([1e6, 1e6]), /^randn: shape \[1000000,1000000\] of float32 needs 4,000,000,000,000 bytes/],
    ['rand float64', () => rand([1e5, 1e5], { dtype: 'float64' }), /^rand: shape \[100000,100000\] of float64 needs 80,000,000,000 bytes/],
    ['ones', () => ones([2 ** 32 + 1]), /^ones: shape \[4294967297\] of float32 needs 17,179,869,188 bytes/],
    ['full', () => full([1e10], 3), /^full: shape \[10000000000\]/],
    ['arange to 1e12', () => arange(0, 1e12), /^arange: shape \[1000000000000\] of int32 needs 4,000,000,000,000 bytes/],
    ['eye', () => eye(1e6), /^eye: shape \[1000000,1000000\]/],
    ['linspace', () => linspace(0, 1, 1e10), /^linspace: shape \[10000000000\]/],
    ['contiguous copy of a huge expand', () => ones([2, 3]).expand([1e10, 2, 3]).contiguous(), /^contiguous: shape \[10000000000,2,3\] of float32 needs 240,000,000,000 bytes/],
    ['a huge broadcast add', () => ones([1e5, 1]).add(ones([1e5])), /^add: the cpu backend could not allocate the output for inputs \[100000,1\] and \[100000\] \(Invalid typed array length: 10000000000\)$/],
  ];
  for (const [what, fn, message] of oversized) {
    it(`${what}: AllocationError (a ValueError) naming the op, the shape and the byte count`, () => {
      let err: unknown;
      try {
        fn();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(AllocationError);
      expect(err).toBeInstanceOf(ValueError);
      expect((err as Error).message).toMatch(message);
    });
  }

  it('the error carries the op, shape, dtype and bytes as fields', () => {
    try {
      zeros([1e6, 1e6], { dtype: 'float64' });
      expect.unreachable();
    } catch (e) {
      const a = e as AllocationError;
      expect([a.op, a.shape, a.dtype, a.bytes]).toEqual(['zeros', [1e6, 1e6], 'float64', 8e12]);
    }
  });

  const malformed: [string, () => unknown, string][] = [
    ['negative dim', () => zeros([2, -1]), 'zeros: sizes must be non-negative integers, got [2,-1]'],
    ['fractional dim', () => ones([2.5]), 'ones: sizes must be non-negative integers, got [2.5]'],
    ['NaN dim', () => randn([NaN, 2]), 'randn: sizes must be non-negative integers, got [NaN,2]'],
    ['infinite dim', () => zeros([Infinity]), 'zeros: sizes must be non-negative integers, got [Infinity]'],
    ['string dim', () => zeros(['3' as unknown as number]), 'zeros: sizes must be non-negative integers, got [3]'],
    ['not an array', () => zeros(5 as unknown as number[]), 'zeros: shape must be an array of sizes, got 5'],
    ['arange to Infinity', () => arange(0, Infinity), 'arange: start and end must be finite numbers, got 0 and Infinity'],
    ['arange from NaN', () => arange(NaN, 3), 'arange: start and end must be finite numbers, got NaN and 3'],
    ['fromTypedArray with a negative shape', () => fromTypedArray(new Float32Array(2), [-1, -2]), 'fromTypedArray: sizes must be non-negative integers, got [-1,-2]'],
    ['tensor with a NaN shape', () => tensor(new Float32Array(2), { shape: [NaN] }), 'tensor: sizes must be non-negative integers, got [NaN]'],
  ];
  for (const [what, fn, message] of malformed) {
    it(`${what}: ValueError`, () => {
      expect(fn).toThrow(ValueError);
      expect(fn).toThrow(message);
    });
  }

  it('a shape at the limit of a typed array is still accepted by the check (views need no bytes)', () => {
    const v = ones([1]).expand([2 ** 32]);
    expect(v.shape).toEqual([2 ** 32]);
    expect(v.strides).toEqual([0]);
  });
});
