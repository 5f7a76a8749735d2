import { describe, expect, it } from 'vitest';
import { fromHalfBits, roundArrayToHalf, roundToHalf, toHalfArray, toHalfBits } from './half';
import { DTypeError } from './errors';
import { promote } from './dtype';
import { tensor, fromTypedArray, zeros, full } from './ops/creation';
import { add, exp, mul, relu } from './ops/elementwise';
import { sum } from './ops/reduce';
import { matmul } from './ops/matmul';
import { conv2d } from './ops/conv';
import { bernoulli, rand, randn } from './ops/random';
import { Generator } from './random/generator';
import { Linear } from './nn/linear';
import { SGD } from './optim/sgd';
import { encode } from './io/safetensors-api';

/** [value, IEEE binary16 bit pattern], the patterns as the standard defines them. */
const KNOWN: [number, number][] = [
  [0, 0x0000], [-0, 0x8000], [1, 0x3c00], [-2, 0xc000], [0.5, 0x3800], [0.1, 0x2e66], [Math.PI, 0x4248],
  [65504, 0x7bff], // the largest half
  [65519.99, 0x7bff], // just below the midpoint to 65536: stays finite
  [65520, 0x7c00], // the midpoint: ties to even, and the even neighbour is 2¹⁶ = Inf
  [1e6, 0x7c00], [-1e6, 0xfc00], [Infinity, 0x7c00], [-Infinity, 0xfc00], [NaN, 0x7e00],
  [2 ** -14, 0x0400], // the smallest normal
  [1023 * 2 ** -24, 0x03ff], // the largest subnormal
  [2 ** -24, 0x0001], // the smallest subnormal
  [2 ** -25, 0x0000], // half of it: a tie, to the even 0
  [-(2 ** -25), 0x8000],
  [1.5 * 2 ** -25, 0x0001], // above the tie
  [3 * 2 ** -25, 0x0002], // 1.5 units: a tie between 1 (odd) and 2 (even)
  [2 ** -26, 0x0000],
  [1 + 2 ** -11, 0x3c00], // tie between 1 and 1 + 2⁻¹⁰: to the even 1
  [1 + 3 * 2 ** -11, 0x3c02], // tie between 1 + 2⁻¹⁰ (odd) and 1 + 2⁻⁹ (even)
  [1 + 2 ** -11 + 2 ** -30, 0x3c01], // just above the tie
  [1 + 2 ** -11 + 2 ** -40, 0x3c01], // rounded once from the double: via float32 it would tie and give 0x3c00
  [2 - 2 ** -11, 0x4000], // the tie rounds up into the next binade
  [1023.5 * 2 ** -24, 0x0400], // a tie above the largest subnormal: to the even smallest normal
];

describe('half conversions', () => {
  it.each(KNOWN)('toHalfBits(%d) is %i', (value, bits) => {
    expect(toHalfBits(value)).toBe(bits);
  });

  it('fromHalfBits inverts toHalfBits on every one of the 65536 patterns (NaNs stay NaN)', () => {
    let nans = 0;
    for (let h = 0; h < 0x10000; h++) {
      const v = fromHalfBits(h);
      if (Number.isNaN(v)) {
        nans++;
        expect((h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0).toBe(true);
        continue;
      }
      expect(toHalfBits(v)).toBe(h);
      // every half is a float32
      expect(Math.fround(v)).toBe(v);
    }
    expect(nans).toBe(2 * 1023);
    expect(fromHalfBits(0x7c00)).toBe(Infinity);
    expect(Object.is(fromHalfBits(0x8000), -0)).toBe(true);
    expect(fromHalfBits(0x0001)).toBe(2 ** -24);
  });

  it('rounds to the nearest half: the error is at most half a unit in the last place, 2⁻¹¹ relative for normals', () => {
    for (let i = 0; i < 2000; i++) {
      const x = Math.sinh((i - 1000) / 100) * 3;
      const r = roundToHalf(x);
      expect(Math.abs(r - x)).toBeLessThanOrEqual(Math.max(Math.abs(x) * 2 ** -11, 2 ** -25));
    }
  });

  it('packs arrays as 16-bit patterns padded to whole 32-bit words', () => {
    const bits = toHalfArray([1, -2, 65504]);
    expect(Array.from(bits)).toEqual([0x3c00, 0xc000, 0x7bff, 0]);
    expect(Array.from(roundArrayToHalf(Float32Array.of(0.1, 1e-6)))).toEqual([fromHalfBits(0x2e66), fromHalfBits(0x0011)]);
  });
});

describe('float16 tensors on the CPU', () => {
  it('hold halves: creation rounds once from the numbers, reads give a Float32Array', () => {
    const t = tensor([0.1, 70000, 1e-6, 1 + 2 ** -11 + 2 ** -40, -0], { dtype: 'float16' });
    expect(t.dtype).toBe('float16');
    const d = t.dataSync();
    expect(d).toBeInstanceOf(Float32Array);
    expect(Array.from(d, (v) => toHalfBits(v))).toEqual([0x2e66, 0x7c00, 0x0011, 0x3c01, 0x8000]);
    // a caller's Float32Array is copied, never rounded in place
    const src = Float32Array.of(0.1, 0.2);
    fromTypedArray(src, [2], { dtype: 'float16' });
    expect(src[0]).toBe(Math.fround(0.1));
    expect(Array.from(full([2], 0.1, { dtype: 'float16' }).dataSync())).toEqual([roundToHalf(0.1), roundToHalf(0.1)]);
  });

  it('cast to float16 rounds each float32 to nearest even; back to float32 is exact', () => {
    const x = tensor([0.1, -3.14159, 65519, 65520, 2 ** -25, 3 * 2 ** -25, NaN]);
    const h = x.cast('float16');
    expect(h.dtype).toBe('float16');
    const want = Array.from(x.dataSync(), roundToHalf);
    expect(Array.from(h.dataSync())).toEqual(want);
    expect(Array.from(h.cast('float32').dataSync())).toEqual(want);
  });

  it('matmul and conv2d compute in float32 and round the result to half (the reference the GPU is held to)', () => {
    const a = tensor([[0.1, 0.2, 0.3], [1.7, -2.5, 3.25]], { dtype: 'float16' });
    const b = tensor([[1.1], [-0.7], [0.35]], { dtype: 'float16' });
    const got = matmul(a, b);
    expect(got.dtype).toBe('float16');
    const ref = matmul(a.cast('float32'), b.cast('float32')).dataSync();
    expect(Array.from(got.dataSync())).toEqual(Array.from(ref, roundToHalf));

    const x = randn([1, 2, 5, 5]).cast('float16');
    const w = randn([3, 2, 3, 3]).cast('float16');
    const y = conv2d(x, w, undefined, { padding: 1 });
    expect(y.dtype).toBe('float16');
    const y32 = conv2d(x.cast('float32'), w.cast('float32'), undefined, { padding: 1 }).dataSync();
    expect(Array.from(y.dataSync())).toEqual(Array.from(y32, roundToHalf));
  });

  it('add, mul and relu round their float32 results; scalars keep float16, float32 operands promote', () => {
    const a = tensor([1, 2048, -3], { dtype: 'float16' });
    const b = tensor([2 ** -11, 1, 0.5], { dtype: 'float16' });
    expect(Array.from(add(a, b).dataSync())).toEqual([1, 2048, -2.5]); // 1 + 2⁻¹¹ ties to 1; 2049 ties to 2048
    expect(Array.from(mul(a, b).dataSync())).toEqual([2 ** -11, 2048, -1.5]);
    expect(Array.from(relu(a).dataSync())).toEqual([1, 2048, 0]);
    expect(add(a, 0.1).dtype).toBe('float16');
    expect(add(a, tensor([1, 1, 1])).dtype).toBe('float32');
    expect(promote('float16', 'int32')).toBe('float16');
    expect(promote('float16', 'float32')).toBe('float32');
  });

  it('every other op refuses float16 with a DTypeError naming the op', () => {
    const h = zeros([2, 2], { dtype: 'float16' });
    expect(() => sum(h)).toThrow(DTypeError);
    expect(() => sum(h)).toThrow(/^sum: float16 tensors are not supported/);
    expect(() => exp(h)).toThrow(/^exp: float16/);
    // a backend method outside the float16 set (a draw with float16 probabilities) refuses too
    expect(() => bernoulli(full([2], 0.5, { dtype: 'float16' }))).toThrow(/^random: float16/);
  });

  it('random draws in float16 are the float32 draws rounded; uniform ones stay below 1', () => {
    const h = randn([64], { dtype: 'float16', generator: new Generator(7) });
    const f = randn([64], { generator: new Generator(7) });
    expect(h.dtype).toBe('float16');
    expect(Array.from(h.dataSync())).toEqual(Array.from(f.dataSync(), roundToHalf));
    const u = rand([20000], { dtype: 'float16', generator: new Generator(8) }).dataSync();
    const u32 = rand([20000], { generator: new Generator(8) }).dataSync();
    expect(Math.max(...u)).toBe(1 - 2 ** -11);
    // only the draws that would round to 1 are capped
    expect(Array.from(u)).toEqual(Array.from(u32, (v) => roundToHalf(Math.min(v, 1 - 2 ** -11))));
    expect(u32.some((v) => roundToHalf(v) === 1)).toBe(true);
  });

  it('a float16 Linear layer initializes and runs forward (matmul, then the bias add, in half)', () => {
    const layer = new Linear(7, 3, { dtype: 'float16', generator: new Generator(1) });
    expect(layer.weight.dtype).toBe('float16');
    const x = randn([2, 7], { generator: new Generator(2) }).cast('float16');
    const y = layer.forward(x);
    expect(y.dtype).toBe('float16');
    const ref = add(matmul(x.cast('float32'), layer.weight.cast('float32').T), layer.bias!.cast('float32'));
    // two roundings to half: the product, then the sum
    const [got, want] = [y.dataSync(), ref.dataSync()];
    for (let i = 0; i < got.length; i++) expect(Math.abs(got[i]! - want[i]!)).toBeLessThanOrEqual(2 * 2 ** -11 * Math.max(1, Math.abs(want[i]!)));
  });

  it('gradients through matmul stay float16; an optimizer step and a safetensors file refuse float16', async () => {
    const w = tensor([[1, 2], [3, 4]], { dtype: 'float16', requiresGrad: true });
    const x = tensor([[0.5, 0.25]], { dtype: 'float16' });
    matmul(x, w).backward(full([1, 2], 1, { dtype: 'float16' }));
    expect(w.grad!.dtype).toBe('float16');
    expect(Array.from(w.grad!.dataSync())).toEqual([0.5, 0.5, 0.25, 0.25]);
    expect(() => new SGD([w], { lr: 0.1 }).step()).toThrow(DTypeError);
    await expect(encode({ w })).rejects.toThrow(/tensor 'w' is float16/);
  });
});
