import { describe, expect, it } from 'vitest';
import type { View } from '../contract';
import type { TypedArray } from '../../dtype';
import { dense } from '../cpu/strided';
import { wasmRuntime } from './runtime';
import { placeDense } from './operand';
import { randomF32, sameBits } from './test-util';

/** A resident float32 array (as a kernel's result is) holding `data`. */
function resident(data: Float32Array): Float32Array {
  const a = wasmRuntime()!.heap.residentF32(data.length)!;
  a.set(data);
  return a;
}

describe('strided views of resident arrays are gathered by the kernels (wat/gather.wat)', () => {
  const rt = wasmRuntime()!;
  const data = randomF32(120 * 84, 1).map((v, i) => (i % 17 === 3 ? NaN : i % 19 === 5 ? -0 : v));
  const cases: [string, Omit<View<TypedArray>, 'buffer' | 'dtype'>][] = [
    ['a transposed [120, 84] (a linear layer\'s weight gradient)', { shape: [84, 120], strides: [1, 84], offset: 0 }],
    ['a flipped and offset slice', { shape: [40, 30], strides: [-84, 2], offset: 119 * 84 + 5 }],
    ['a column', { shape: [120], strides: [84], offset: 7 }],
    ['rows of stride 1 at a row stride', { shape: [3, 2, 50], strides: [2 * 84, 84, 1], offset: 10 }],
  ];
  for (const [name, v] of cases) {
    it(`${name}: the host gather's bits`, () => {
      const view: View<TypedArray> = { ...v, buffer: resident(data), dtype: 'float32' };
      rt.heap.reset();
      const placed = placeDense(rt.heap, view)!;
      const n = view.shape.reduce((p, d) => p * d, 1);
      expect(placed.offset).toBe(0);
      const got = rt.heap.f32.subarray(placed.addr >> 2, (placed.addr >> 2) + n);
      expect(sameBits(got, dense(view))).toBe(true);
    });
  }
});
