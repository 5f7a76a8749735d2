import { describe, expect, it } from 'vitest';
import type { View } from '../contract';
import type { TypedArray } from '../../dtype';
import { wasmRuntime } from './runtime';
import { wasmConv2d, wasmConv2dBackwardInput, wasmConv2dBackwardWeight } from './conv';
import { coversInput } from './conv-as-matmul';
import { convOutShape, convRef, denseView, excess, randomF32, sameBits, type ConvCase } from './test-util';

const spec = (stride: number): ConvCase['spec'] => ({ stride: [stride, stride], padding: [0, 0], dilation: [1, 1], groups: 1 });

describe('a convolution whose kernel covers its whole input runs as a matrix product', () => {
  const rt = wasmRuntime()!;
  const cases: ConvCase[] = [
    { x: [64, 16, 5, 5], w: [120, 16, 5, 5], spec: spec(1) }, // LeNet's C5
    { x: [3, 2, 4, 3], w: [5, 2, 4, 3], spec: spec(2) },
  ];
  for (const cs of cases) {
    it(`x [${cs.x}], w [${cs.w}], stride ${cs.spec.stride[0]}: forward and both gradients match float64 sums, 1 and 2 threads alike`, () => {
      expect(coversInput(cs.spec, cs.x, cs.w)).toBe(true);
      const yShape = convOutShape(cs);
      const x = randomF32(cs.x.reduce((a, b) => a * b), 1), w = randomF32(cs.w.reduce((a, b) => a * b), 2), dy = randomF32(yShape.reduce((a, b) => a * b), 3);
      const ref = convRef(cs, x, w, dy);
      const run = (t: number) => [
        wasmConv2d(rt, denseView(x, cs.x), denseView(w, cs.w), cs.spec, yShape, t)!,
        wasmConv2dBackwardInput(rt, denseView(dy, yShape), denseView(w, cs.w), cs.spec, cs.x, t)!,
        wasmConv2dBackwardWeight(rt, denseView(x, cs.x), denseView(dy, yShape), cs.spec, cs.w, t)!,
      ];
      const one = run(1);
      expect(excess(one[0]!, ref.y, 1e-5)).toBeLessThanOrEqual(0);
      expect(excess(one[1]!, ref.dx, 1e-5)).toBeLessThanOrEqual(0);
      expect(excess(one[2]!, ref.dw, 1e-5)).toBeLessThanOrEqual(0);
      run(2).forEach((r, k) => expect(sameBits(r, one[k]!)).toBe(true));
    });
  }

  it('reads a strided input whose planes do not flatten through the convolution path', () => {
    const cs: ConvCase = { x: [4, 3, 2, 2], w: [6, 3, 2, 2], spec: spec(1) };
    const x = randomF32(48, 4), w = randomF32(72, 5);
    // x's last two axes swapped: a view whose trailing dims do not merge into one stride
    const xv: View<TypedArray> = { buffer: x, dtype: 'float32', shape: [4, 3, 2, 2], strides: [12, 4, 1, 2], offset: 0 };
    const swapped = Float32Array.from({ length: 48 }, (_, i) => x[Math.floor(i / 4) * 4 + (i % 2) * 2 + (Math.floor(i / 2) % 2)]!);
    const y = wasmConv2d(rt, xv, denseView(w, cs.w), cs.spec, [4, 6, 1, 1], 1)!;
    expect(excess(y, convRef(cs, swapped, w, new Float32Array(24)).y, 1e-5)).toBeLessThanOrEqual(0);
  });

  it('does not apply with padding or a kernel smaller than the input', () => {
    expect(coversInput({ ...spec(1), padding: [1, 0] }, [2, 3, 5, 5], [4, 3, 5, 5])).toBe(false);
    expect(coversInput(spec(1), [2, 3, 6, 5], [4, 3, 5, 5])).toBe(false);
  });
});
