import { describe, expect, it } from 'vitest';
import { Device, cpu } from '../device';
import { createCpuBackend } from '../backend/cpu/index';
import { fromTypedArray } from '../ops/creation';
import { avgPool2d, conv2d, convTranspose2d, maxPool2d, type Pool2dOptions } from '../ops/conv';
import { grad } from '../autograd/api';
import type { Tensor } from '../tensor';

/** The CPU backend without its optional kernels: every conv/pool op runs the composite fallbacks. */
const primitivesOnly = new Device({
  ...createCpuBackend(),
  conv2d: undefined, conv2dBackwardInput: undefined, conv2dBackwardWeight: undefined,
  maxPool2d: undefined, avgPool2d: undefined, avgPool2dBackward: undefined,
}, 'cpu-primitives');
const reference = cpu();

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296 - 0.5;
  };
}

function randomData(shape: readonly number[], seed: number): Float64Array {
  const next = lcg(seed);
  return Float64Array.from({ length: shape.reduce((a, b) => a * b, 1) }, next);
}

/** The same values on both devices. */
function pair(shape: readonly number[], seed: number, dtype: 'float32' | 'float64' = 'float64'): [Tensor, Tensor] {
  const data = randomData(shape, seed);
  const on = (device: Device) => fromTypedArray(dtype === 'float64' ? data.slice() : Float32Array.from(data), shape, { device, dtype });
  return [on(reference), on(primitivesOnly)];
}

function expectClose(actual: Tensor, expected: Tensor, tol: number): void {
  expect(actual.device).toBe(primitivesOnly);
  expect(actual.shape).toEqual(expected.shape);
  expect(actual.dtype).toBe(expected.dtype);
  const a = actual.dataSync(), e = expected.dataSync();
  let worst = 0;
  for (let i = 0; i < e.length; i++) worst = Math.max(worst, Math.abs(Number(a[i]) - Number(e[i])));
  expect(worst).toBeLessThanOrEqual(tol);
}

interface ConvCase {
  x: [number, number, number, number];
  w: [number, number, number, number];
  stride?: [number, number];
  padding?: [number, number];
  dilation?: [number, number];
  groups?: number;
}

const convCases: ConvCase[] = [
  { x: [2, 3, 7, 6], w: [4, 3, 3, 3] },
  { x: [2, 3, 7, 6], w: [4, 3, 3, 3], padding: [1, 1] },
  { x: [1, 2, 9, 8], w: [3, 2, 3, 2], stride: [2, 3], padding: [1, 0] },
  { x: [2, 4, 10, 9], w: [6, 2, 3, 3], groups: 2, padding: [2, 1] },
  { x: [1, 2, 11, 10], w: [2, 2, 3, 3], dilation: [2, 3], padding: [2, 2] },
  { x: [3, 6, 8, 7], w: [6, 1, 3, 3], groups: 6, stride: [2, 2], padding: [1, 1] },
  { x: [2, 1, 13, 13], w: [5, 1, 5, 5], padding: [2, 2] },
  { x: [1, 4, 5, 5], w: [3, 4, 1, 1], stride: [2, 2] },
  { x: [2, 3, 6, 7], w: [4, 3, 2, 4], stride: [3, 2], padding: [1, 2], dilation: [2, 1] },
];

const label = (c: object) => JSON.stringify(c);

describe('composite conv2d matches the CPU kernels', () => {
  it('runs without the optional kernels', () => {
    expect(primitivesOnly.backend.conv2d).toBeUndefined();
    expect(primitivesOnly.backend.maxPool2d).toBeUndefined();
  });

  for (const [k, c] of convCases.entries()) {
    it(`forward and both gradients ${label(c)}`, () => {
      const opts = { stride: c.stride, padding: c.padding, dilation: c.dilation, groups: c.groups };
      const [x0, x1] = pair(c.x, 10 + k);
      const [w0, w1] = pair(c.w, 100 + k);
      const y0 = conv2d(x0, w0, null, opts);
      const [r0, r1] = pair(y0.shape, 1000 + k);
      const loss = (x: Tensor, w: Tensor, r: Tensor) => conv2d(x, w, null, opts).mul(r).sum();
      expectClose(conv2d(x1, w1, null, opts), y0, 1e-12);
      const [gx0, gw0] = grad(loss, { argnums: [0, 1] })(x0, w0, r0);
      const [gx1, gw1] = grad(loss, { argnums: [0, 1] })(x1, w1, r1);
      expectClose(gx1!, gx0!, 1e-12);
      expectClose(gw1!, gw0!, 1e-12);
    });
  }

  it('second-order gradients go through all three composites', () => {
    const opts = { stride: [2, 1] as [number, number], padding: [1, 2] as [number, number] };
    const [x0, x1] = pair([2, 2, 6, 7], 7);
    const [w0, w1] = pair([3, 2, 3, 3], 8);
    // d/dw of ‖∂L/∂x‖² needs the gradient of conv2dBackwardInput, i.e. conv2d and conv2dBackwardWeight again
    const inner = (x: Tensor, w: Tensor) => conv2d(x, w, null, opts).square().sum();
    const outer = (x: Tensor, w: Tensor) => grad(inner, { argnums: [0] })(x, w)[0]!.square().sum();
    const [gx0, gw0] = grad(outer)(x0, w0);
    const [gx1, gw1] = grad(outer)(x1, w1);
    expectClose(gx1!, gx0!, 1e-10);
    expectClose(gw1!, gw0!, 1e-10);
  });

  it('convTranspose2d (conv2dBackwardInput as a forward) with output padding', () => {
    const opts = { stride: [2, 3] as [number, number], padding: [1, 1] as [number, number], outputPadding: [1, 2] as [number, number], groups: 2 };
    const [x0, x1] = pair([2, 4, 5, 4], 21);
    const [w0, w1] = pair([4, 3, 3, 4], 22);
    const y0 = convTranspose2d(x0, w0, null, opts);
    expectClose(convTranspose2d(x1, w1, null, opts), y0, 1e-12);
    const [r0, r1] = pair(y0.shape, 23);
    const loss = (x: Tensor, w: Tensor, r: Tensor) => convTranspose2d(x, w, null, opts).mul(r).sum();
    const g0 = grad(loss, { argnums: [0, 1] })(x0, w0, r0);
    const g1 = grad(loss, { argnums: [0, 1] })(x1, w1, r1);
    expectClose(g1[0]!, g0[0]!, 1e-12);
    expectClose(g1[1]!, g0[1]!, 1e-12);
  });

  it('float32 inputs give float32 outputs within float32 rounding', () => {
    const [x0, x1] = pair([2, 3, 12, 12], 31, 'float32');
    const [w0, w1] = pair([8, 3, 3, 3], 32, 'float32');
    const y0 = conv2d(x0, w0, null, { padding: 1 });
    expectClose(conv2d(x1, w1, null, { padding: 1 }), y0, 1e-5);
    const loss = (x: Tensor, w: Tensor) => conv2d(x, w, null, { padding: 1 }).square().sum();
    const g0 = grad(loss)(x0, w0), g1 = grad(loss)(x1, w1);
    expectClose(g1[0]!, g0[0]!, 1e-4);
    expectClose(g1[1]!, g0[1]!, 1e-4);
  });

  it('frees every intermediate: no more live tensors than the kernel path leaves', () => {
    const live = (x: Tensor, w: Tensor) => {
      const before = x.device.memory();
      // no enclosing tidy: only the composites' own scopes can free their intermediates
      for (const g of grad((a: Tensor, b: Tensor) => conv2d(a, b, null, { padding: 1 }).sum())(x, w)) g.dispose();
      for (const t of maxPool2d(x, { kernelSize: 3, padding: 1, stride: 2, returnIndices: true })) t.dispose();
      avgPool2d(x, { kernelSize: 3, padding: 1, stride: 2 }).dispose();
      const after = x.device.memory();
      return { tensors: after.tensors - before.tensors, buffers: after.buffers - before.buffers, bytes: after.bytes - before.bytes };
    };
    const [x0, x1] = pair([2, 3, 8, 8], 41);
    const [w0, w1] = pair([4, 3, 3, 3], 42);
    expect(live(x1, w1)).toEqual(live(x0, w0));
  });
});

type AvgOptions = Pool2dOptions & { countIncludePad?: boolean; divisorOverride?: number };

const maxCases: [number[], Pool2dOptions][] = [
  [[2, 3, 8, 8], { kernelSize: 2 }],
  [[2, 2, 7, 9], { kernelSize: 3, stride: 2, padding: 1 }],
  [[1, 2, 9, 7], { kernelSize: [3, 2], stride: [2, 1], padding: [1, 1], ceilMode: true }],
  [[1, 3, 10, 11], { kernelSize: 3, stride: 2, dilation: 2, padding: 1 }],
  [[2, 1, 6, 5], { kernelSize: 4, stride: 3, padding: 2, ceilMode: true }],
  [[1, 1, 5, 5], { kernelSize: 1, stride: 2 }],
  [[1, 2, 11, 10], { kernelSize: [2, 3], stride: [3, 2], dilation: [3, 2], padding: [1, 1], ceilMode: true }],
];

describe('composite maxPool2d matches the CPU kernel', () => {
  for (const [k, [shape, opts]] of maxCases.entries()) {
    it(`values, indices and gradient ${label({ shape, ...opts })}`, () => {
      const [x0, x1] = pair(shape, 200 + k);
      const [y0, i0] = maxPool2d(x0, { ...opts, returnIndices: true });
      const [y1, i1] = maxPool2d(x1, { ...opts, returnIndices: true });
      expectClose(y1, y0, 0);
      expectClose(i1, i0, 0);
      const [r0, r1] = pair(y0.shape, 300 + k);
      const loss = (x: Tensor, r: Tensor) => maxPool2d(x, opts).mul(r).sum();
      expectClose(grad(loss, { argnums: [0] })(x1, r1)[0]!, grad(loss, { argnums: [0] })(x0, r0)[0]!, 1e-12);
    });
  }

  it('ties pick the first maximum, and -inf inputs never lose to padding', () => {
    // every window of a constant plane ties; -inf planes tie with what a padded slot would hold
    const data = new Float64Array(2 * 5 * 5);
    data.fill(1, 0, 25);
    data.fill(-Infinity, 25);
    const opts = { kernelSize: 3, stride: 2, padding: 1 };
    const [y, idx] = maxPool2d(fromTypedArray(data, [1, 2, 5, 5], { device: primitivesOnly }), { ...opts, returnIndices: true });
    const [yRef, idxRef] = maxPool2d(fromTypedArray(data.slice(), [1, 2, 5, 5], { device: reference }), { ...opts, returnIndices: true });
    expect(Array.from(y.dataSync())).toEqual(Array.from(yRef.dataSync()));
    expect(Array.from(idx.dataSync())).toEqual([0, 1, 3, 5, 6, 8, 15, 16, 18, 0, 1, 3, 5, 6, 8, 15, 16, 18]);
    expect(Array.from(idx.dataSync())).toEqual(Array.from(idxRef.dataSync()));
  });

  it('a window wholly in the padding gives -inf and index -1', () => {
    // dilation 2 with padding 1 on a 1×1 input: the only window's taps are at -1 and 1
    const opts = { kernelSize: 2, dilation: 2, padding: 1 };
    const [y, idx] = maxPool2d(fromTypedArray(new Float64Array([5]), [1, 1, 1, 1], { device: primitivesOnly }), { ...opts, returnIndices: true });
    const [yRef, idxRef] = maxPool2d(fromTypedArray(new Float64Array([5]), [1, 1, 1, 1], { device: reference }), { ...opts, returnIndices: true });
    expect(Array.from(y.dataSync())).toEqual([-Infinity]);
    expect(Array.from(idx.dataSync())).toEqual([-1]);
    expect(Array.from(yRef.dataSync())).toEqual([-Infinity]);
    expect(Array.from(idxRef.dataSync())).toEqual([-1]);
  });
});

const avgCases: [number[], AvgOptions][] = [
  [[2, 3, 8, 8], { kernelSize: 2 }],
  [[2, 2, 7, 9], { kernelSize: 3, stride: 2, padding: 1 }],
  [[2, 2, 7, 9], { kernelSize: 3, stride: 2, padding: 1, countIncludePad: false }],
  [[1, 2, 9, 7], { kernelSize: [3, 2], stride: [2, 1], padding: [1, 1], ceilMode: true }],
  [[1, 2, 9, 7], { kernelSize: [3, 2], stride: [2, 1], padding: [1, 1], ceilMode: true, countIncludePad: false }],
  [[2, 1, 6, 5], { kernelSize: 4, stride: 3, padding: 2, ceilMode: true }],
  [[1, 3, 10, 11], { kernelSize: 3, stride: 2, padding: 1, divisorOverride: 5 }],
  [[1, 1, 5, 6], { kernelSize: [1, 3], stride: [2, 2], ceilMode: true, countIncludePad: false }],
];

describe('composite avgPool2d matches the CPU kernel', () => {
  for (const [k, [shape, opts]] of avgCases.entries()) {
    it(`values and gradient ${label({ shape, ...opts })}`, () => {
      const [x0, x1] = pair(shape, 400 + k);
      const y0 = avgPool2d(x0, opts);
      expectClose(avgPool2d(x1, opts), y0, 1e-14);
      const [r0, r1] = pair(y0.shape, 500 + k);
      const loss = (x: Tensor, r: Tensor) => avgPool2d(x, opts).mul(r).sum();
      expectClose(grad(loss, { argnums: [0] })(x1, r1)[0]!, grad(loss, { argnums: [0] })(x0, r0)[0]!, 1e-14);
    });
  }

  it('second-order: the gradient of avgPool2dBackward is avgPool2d again', () => {
    const opts = { kernelSize: 3, stride: 2, padding: 1, ceilMode: true, countIncludePad: false };
    const [x0, x1] = pair([1, 2, 7, 8], 601);
    const inner = (x: Tensor) => avgPool2d(x, opts).square().sum();
    const outer = (x: Tensor) => grad(inner)(x)[0]!.square().sum();
    expectClose(grad(outer)(x1)[0]!, grad(outer)(x0)[0]!, 1e-14);
  });
});
