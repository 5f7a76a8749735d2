import { describe, expect, it } from 'vitest';
import { biasActivation } from '../cpu/bias-activation';
import { wasmRuntime } from './runtime';
import { wasmBiasActivation, wasmBiasReluBackward } from './bias-activation';
import { reluBackward } from '../cpu/relu-backward';
import { wasmSum } from './reduce';
import type { View } from '../contract';
import type { TypedArray } from '../../dtype';
import { denseView, randomF32, sameBits, transposedView } from './test-util';

/** Values with the awkward ones mixed in: NaN, ±0, ±∞. */
function tricky(n: number, seed: number): Float32Array {
  const special = [NaN, 0, -0, Infinity, -Infinity];
  return randomF32(n, seed).map((v, i) => (i % 13 === 5 ? special[(i >> 3) % special.length]! : v));
}

/** bias [C] as the contract hands it: broadcast to x's shape, stride 0 on every axis but `axis`. */
function broadcast(b: Float32Array, shape: readonly number[], axis: number): View<TypedArray> {
  return { buffer: b, dtype: 'float32', shape, strides: shape.map((_, i) => (i === axis ? 1 : 0)), offset: 0 };
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
        const xv = denseView(x, shape), bv = broadcast(b, shape, axis), act = relu ? 'relu' : 'identity';
        const ref = biasActivation(xv, bv, act);
        expect(sameBits(ref, reference(x, b, C, inner, relu))).toBe(true);
        for (const threads of [1, 2]) {
          const ours = wasmBiasActivation(rt, xv, bv, act, threads);
          expect(ours).not.toBeNull();
          expect(sameBits(ours!, ref)).toBe(true);
        }
      });
    }
  }

  it('reads a transposed input', () => {
    const x = transposedView(tricky(64 * 70, 3), [64, 70]), b = broadcast(randomF32(64, 4), [70, 64], 1);
    expect(sameBits(wasmBiasActivation(rt, x, b, 'relu', 2)!, biasActivation(x, b, 'relu'))).toBe(true);
  });

  it('a single bias value (C = 1)', () => {
    const x = denseView(tricky(5000, 7), [5000, 1]), b = broadcast(randomF32(1, 8), [5000, 1], 1);
    expect(sameBits(wasmBiasActivation(rt, x, b, 'relu', 1)!, biasActivation(x, b, 'relu'))).toBe(true);
  });

  it('leaves small tensors, sigmoid and tanh to the add and the activation', () => {
    expect(wasmBiasActivation(rt, denseView(tricky(8, 1), [2, 4]), broadcast(randomF32(4, 2), [2, 4], 1), 'relu', 1)).toBeNull();
    const x = denseView(tricky(8192, 1), [64, 128]), b = broadcast(randomF32(128, 2), [64, 128], 1);
    expect(wasmBiasActivation(rt, x, b, 'sigmoid', 1)).toBeNull();
    expect(wasmBiasActivation(rt, x, b, 'tanh', 1)).toBeNull();
  });
});

/** The unfused gradient: reluBackward, then the sum over every axis but `axis` as the reduce primitive lays it out. */
function unfused(rt: ReturnType<typeof wasmRuntime> & object, dy: View<TypedArray>, y: View<TypedArray>, axis: number): { dx: TypedArray; dbias: TypedArray } {
  const dx = reluBackward(dy, y);
  const shape = dy.shape, r = shape.length;
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((p, d) => p * d, 1));
  const axes = shape.map((_, i) => i).filter((i) => i !== axis);
  const perm = [axis, ...axes];
  const moved: View<TypedArray> = { buffer: dx, dtype: 'float32', shape: perm.map((p) => shape[p]!), strides: perm.map((p) => strides[p]!), offset: 0 };
  const dbias = wasmSum(rt, 'sum', moved, axes.map((_, i) => i + 1), 'float32', 1)!;
  expect(r).toBeGreaterThan(1);
  return { dx, dbias };
}

describe('wasm bias + relu gradient (wat/epilogue.wat): the bits of reluBackward then the sum', () => {
  const rt = wasmRuntime()!;
  const cases: { shape: number[]; axis: number }[] = [
    { shape: [64, 6, 28, 28], axis: 1 }, { shape: [16, 16, 10, 10], axis: 1 }, { shape: [7, 5, 13, 11], axis: 1 },
    { shape: [64, 84], axis: 1 }, { shape: [64, 120, 1, 1], axis: 1 }, { shape: [8, 9, 70], axis: 2 }, { shape: [3, 4099, 2], axis: 1 },
  ];
  for (const { shape, axis } of cases) {
    it(`[${shape}] along axis ${axis}: one thread and two, and sums within float32 rounding of float64`, () => {
      const n = shape.reduce((p, d) => p * d, 1), C = shape[axis]!;
      const dy = denseView(tricky(n, 5).map((v) => (Number.isFinite(v) ? v : 0.5)), shape), y = denseView(tricky(n, 6), shape);
      const ref = unfused(rt, dy, y, axis);
      for (const threads of [1, 2]) {
        const ours = wasmBiasReluBackward(rt, dy, y, axis, threads);
        expect(ours).not.toBeNull();
        expect(sameBits(ours!.dx, ref.dx)).toBe(true);
        expect(sameBits(ours!.dbias, ref.dbias)).toBe(true);
      }
      // float64 column sums of the float32 gradients
      const exact = new Float64Array(C), inner = shape.slice(axis + 1).reduce((p, d) => p * d, 1);
      ref.dx.forEach((v, i) => (exact[Math.floor(i / inner) % C] += v));
      exact.forEach((v, c) => expect(ref.dbias[c]).toBe(Math.fround(v)));
    });
  }

  it('leaves small tensors, a single channel and a sum over one element to the unfused pair', () => {
    const wide = denseView(randomF32(5000, 3), [1, 5000]);
    expect(wasmBiasReluBackward(rt, wide, wide, 1, 1)).toBeNull();
    const small = denseView(randomF32(64, 1), [8, 8]);
    expect(wasmBiasReluBackward(rt, small, small, 1, 1)).toBeNull();
    const one = denseView(randomF32(8192, 1), [8192, 1]);
    expect(wasmBiasReluBackward(rt, one, one, 1, 1)).toBeNull();
  });
});
