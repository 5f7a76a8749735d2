import { describe, expect, it } from 'vitest';
import { biasActivation } from '../cpu/bias-activation';
import { wasmRuntime } from './runtime';
import { wasmBiasActivation } from './bias-activation';
import { denseView, randomF32, sameBits, transposedView } from './test-util';

/** Values with the awkward ones mixed in: NaN, ±0, ±∞. */
function tricky(n: number, seed: number): Float32Array {
  const special = [NaN, 0, -0, Infinity, -Infinity];
  return randomF32(n, seed).map((v, i) => (i % 13 === 5 ? special[(i >> 3) % special.length]! : v));
}

/** act(x + b) in float64, rounded once to float32: what one float32 add then relu must give. */
function reference(x: Float32Array, b: Float32Array, C: number, inner: number, relu: boolean): Float32Array {
  return x.map((v, i) => {
    const s = Math.fround(v + b[Math.floor(i / inner) % C]!);
    return relu && s < 0 ? 0 : s;
  });
}

describe('wasm bias + activation epilogue (wat/epilogue.wat)', () => {
  const rt = wasmRuntime()!;
  // LeNet's conv outputs (planes of 784 and 100 floats), an odd plane, a linear layer's [N, F] rows
  const cases: { shape: number[]; axis: number }[] = [
    { shape: [64, 6, 28, 28], axis: 1 }, { shape: [16, 16, 10, 10], axis: 1 }, { shape: [7, 5, 13, 11], axis: 1 },
    { shape: [64, 84], axis: 1 }, { shape: [50, 1, 101], axis: 2 }, { shape: [3, 4097], axis: 0 },
  ];
  for (const { shape, axis } of cases) {
    for (const relu of [true, false]) {
      it(`[${shape}] along axis ${axis}${relu ? ' with relu' : ''}: the float64 reference, the TypeScript kernel's bits, one thread or two`, () => {
        const n = shape.reduce((p, d) => p * d, 1), C = shape[axis]!, inner = shape.slice(axis + 1).reduce((p, d) => p * d, 1);
        const x = tricky(n, 1), b = randomF32(C, 2);
        const xv = denseView(x, shape), bv = denseView(b, [C]);
        const ref = biasActivation(xv, bv, axis, relu);
        expect(sameBits(ref, reference(x, b, C, inner, relu))).toBe(true);
        for (const threads of [1, 2]) {
          const ours = wasmBiasActivation(rt, xv, bv, axis, relu, threads);
          expect(ours).not.toBeNull();
          expect(sameBits(ours!, ref)).toBe(true);
        }
      });
    }
  }

  it('reads a transposed input', () => {
    const x = transposedView(tricky(64 * 70, 3), [64, 70]), b = denseView(randomF32(64, 4), [64]);
    expect(sameBits(wasmBiasActivation(rt, x, b, 1, true, 2)!, biasActivation(x, b, 1, true))).toBe(true);
  });

  it('leaves small tensors to the TypeScript kernel', () => {
    expect(wasmBiasActivation(rt, denseView(tricky(8, 1), [2, 4]), denseView(randomF32(4, 2), [4]), 1, true, 1)).toBeNull();
  });
});
