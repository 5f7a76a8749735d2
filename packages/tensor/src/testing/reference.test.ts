import { describe, expect, it } from 'vitest';
import * as R from './reference';
import * as RC from './reference-conv';

/** The references are the yardstick of the conformance suite, so they are checked against hand-worked values. */
const v = (r: R.Ref) => ({ shape: r.shape, data: Array.from(r.data) });

describe('element-wise references', () => {
  it('erf matches tabulated values to 1e-13', () => {
    // Abramowitz & Stegun table 7.1 and high-precision values
    const table: [number, number][] = [[0, 0], [0.5, 0.5204998778130465], [1, 0.8427007929497149], [2, 0.9953222650189527],
      [2.5, 0.9995930479825550], [3, 0.9999779095030014], [-1.5, -0.9661051464753108], [5, 0.9999999999984626]];
    for (const [x, e] of table) expect(Math.abs(R.erf(x) - e)).toBeLessThan(1e-13);
  });

  it('rounds half to even and takes the divisor sign for remainder', () => {
    expect([0.5, 1.5, 2.5, -0.5, -2.5, 2.4].map(R.unaryRef.round)).toEqual([0, 2, 2, -0, -2, 2]);
    expect([R.binaryRef.remainder(-7, 3), R.binaryRef.remainder(7, -3), R.binaryRef.remainder(5.5, 2)]).toEqual([2, -2, 1.5]);
  });

  it('broadcasts like numpy', () => {
    expect(R.broadcastShape([2, 1, 3], [4, 1], [])).toEqual([2, 4, 3]);
    expect(() => R.broadcastShape([2, 3], [4, 3])).toThrow(/do not broadcast/);
    expect(v(R.binary('sub', R.ref([10, 20], [2, 1]), R.ref([1, 2, 3])))).toEqual({ shape: [2, 3], data: [9, 8, 7, 19, 18, 17] });
  });

  it('casts as storage does: float32 rounding, int32 truncation, bool = non-zero', () => {
    expect(Array.from(R.cast(R.ref([0.1]), 'float32').data)).toEqual([Math.fround(0.1)]);
    expect(Array.from(R.cast(R.ref([-2.7, 2.7, 2 ** 32 + 5]), 'int32').data)).toEqual([-2, 2, 5]);
    expect(Array.from(R.cast(R.ref([0, 0.5, -1, NaN]), 'bool').data)).toEqual([0, 1, 1, 1]);
  });
});

describe('reduction and movement references', () => {
  const x = R.ref([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8], [2, 3, 2]);
  it('reduce over chosen axes, with and without keepDim', () => {
    expect(v(R.reduce('sum', x, [1]))).toEqual({ shape: [2, 2], data: [12, 11, 12, 17] });
    expect(v(R.reduce('max', x, [0, 2], true))).toEqual({ shape: [1, 3, 1], data: [6, 5, 9] });
    expect(Array.from(R.reduce('min', R.ref([1, NaN, 0]), [0]).data)).toEqual([NaN]);
  });
  it('argmax takes the first of ties', () => {
    expect(v(R.argReduce('argmax', R.ref([1, 5, 5, 2, 2, 0], [2, 3]), 1))).toEqual({ shape: [2], data: [1, 0] });
  });
  it('matmul follows numpy for 1-D and batched operands', () => {
    const a = R.ref([1, 2, 3, 4, 5, 6], [2, 3]);
    expect(v(R.matmul(a, R.ref([1, 0, -1])))).toEqual({ shape: [2], data: [-2, -2] });
    expect(v(R.matmul(R.ref([1, 1]), a))).toEqual({ shape: [3], data: [5, 7, 9] });
    expect(R.matmul(R.ref(new Array(24).fill(1), [2, 1, 3, 4]), R.ref(new Array(24).fill(1), [3, 4, 2])).shape).toEqual([2, 3, 3, 2]);
  });
  it('permute, slice, flip, place, pad, concat, gather, scatterAdd', () => {
    const m = R.ref([0, 1, 2, 3, 4, 5], [2, 3]);
    expect(v(R.permute(m, [1, 0])).data).toEqual([0, 3, 1, 4, 2, 5]);
    expect(v(R.slice(m, [0, 0], [2, 3], [1, 2]))).toEqual({ shape: [2, 2], data: [0, 2, 3, 5] });
    expect(v(R.flip(m, [1])).data).toEqual([2, 1, 0, 5, 4, 3]);
    expect(v(R.place(R.ref([7, 8]), [5], [1], [2])).data).toEqual([0, 7, 0, 8, 0]);
    expect(v(R.pad(R.ref([1, 2]), [1], [2], 9)).data).toEqual([9, 1, 2, 9, 9]);
    expect(v(R.concat([R.ref([1], [1, 1]), m.shape.length ? R.ref([2, 3], [1, 2]) : m], 1))).toEqual({ shape: [1, 3], data: [1, 2, 3] });
    expect(v(R.gather(m, 1, R.ref([2, 2, 0, 1], [2, 2]))).data).toEqual([2, 2, 3, 4]);
    expect(v(R.scatterAdd(R.ref([0, 0, 0]), 0, R.ref([2, 0, 2]), R.ref([1, 2, 3]))).data).toEqual([2, 0, 4]);
  });
});

describe('convolution and pooling references', () => {
  const x = R.ref([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 1, 3, 3]);
  const id = { stride: [1, 1], padding: [0, 0], dilation: [1, 1], groups: 1 } as const;

  it('conv2d of a 3×3 image with a 2×2 kernel, by hand', () => {
    const w = R.ref([1, 0, 0, -1], [1, 1, 2, 2]);
    expect(v(RC.conv2d(x, w, id))).toEqual({ shape: [1, 1, 2, 2], data: [-4, -4, -4, -4] });
    const padded = RC.conv2d(x, R.ref([1], [1, 1, 1, 1]), { ...id, padding: [1, 0], stride: [2, 2] });
    expect(v(padded)).toEqual({ shape: [1, 1, 3, 2], data: [0, 0, 4, 6, 0, 0] });
  });

  it('grouped conv2d keeps groups apart', () => {
    const two = R.ref([1, 2, 3, 4, 10, 20, 30, 40], [1, 2, 2, 2]);
    const w = R.ref([1, 1], [2, 1, 1, 1]);
    expect(v(RC.conv2d(two, w, { ...id, groups: 2 })).data).toEqual([1, 2, 3, 4, 10, 20, 30, 40]);
  });

  it('the backward kernels are the adjoints of conv2d: ⟨conv(x,w), dy⟩ = ⟨x, Bᵢ(dy,w)⟩ = ⟨w, B_w(x,dy)⟩', () => {
    const p = { stride: [2, 1], padding: [1, 0], dilation: [1, 2], groups: 2 } as const;
    const xs = R.ref(Array.from({ length: 2 * 4 * 5 * 6 }, (_, i) => Math.sin(i)), [2, 4, 5, 6]);
    const ws = R.ref(Array.from({ length: 6 * 2 * 3 * 2 }, (_, i) => Math.cos(i)), [6, 2, 3, 2]);
    const y = RC.conv2d(xs, ws, p);
    const dy = R.ref(Array.from({ length: y.data.length }, (_, i) => Math.sin(3 * i + 1)), y.shape);
    const dot = (a: R.Ref, b: R.Ref) => a.data.reduce((s, e, i) => s + e * b.data[i]!, 0);
    const lhs = dot(y, dy);
    expect(dot(xs, RC.conv2dBackwardInput(dy, ws, p, xs.shape))).toBeCloseTo(lhs, 10);
    expect(dot(ws, RC.conv2dBackwardWeight(xs, dy, p, ws.shape))).toBeCloseTo(lhs, 10);
  });

  it('pool output sizes follow PyTorch, ceil mode included', () => {
    expect(RC.poolOut(5, 2, 2, 0, 1, false)).toBe(2);
    expect(RC.poolOut(5, 2, 2, 0, 1, true)).toBe(3);
    expect(RC.poolOut(6, 3, 2, 1, 1, true)).toBe(4);
    // a fourth window would start in the right padding only: dropped
    expect(RC.poolOut(5, 2, 2, 1, 1, true)).toBe(3);
  });

  it('maxPool2d values and first-max indices; avgPool2d divisors', () => {
    const m = RC.maxPool2d(R.ref([1, 5, 5, 2, 0, 3, 4, 4, 1], [1, 1, 3, 3]), { kernel: [2, 2], stride: [1, 1], padding: [0, 0] });
    expect(v(m.out).data).toEqual([5, 5, 4, 4]);
    expect(v(m.indices).data).toEqual([1, 1, 6, 7]);
    const avg = (countIncludePad: boolean) => Array.from(RC.avgPool2d(x, { kernel: [2, 2], stride: [2, 2], padding: [1, 1], countIncludePad }).data);
    expect(avg(true)).toEqual([1 / 4, (2 + 3) / 4, (4 + 7) / 4, (5 + 6 + 8 + 9) / 4]);
    expect(avg(false)).toEqual([1, 2.5, 5.5, 7]);
  });

  it('avgPool2dBackward is the adjoint of avgPool2d', () => {
    const p = { kernel: [3, 2], stride: [2, 1], padding: [1, 1], ceilMode: true, countIncludePad: false } as const;
    const xs = R.ref(Array.from({ length: 30 }, (_, i) => Math.sin(i)), [1, 1, 6, 5]);
    const y = RC.avgPool2d(xs, p);
    const dy = R.ref(Array.from({ length: y.data.length }, (_, i) => Math.cos(i)), y.shape);
    const dot = (a: R.Ref, b: R.Ref) => a.data.reduce((s, e, i) => s + e * b.data[i]!, 0);
    expect(dot(xs, RC.avgPool2dBackward(dy, p, xs.shape))).toBeCloseTo(dot(y, dy), 12);
  });
});
