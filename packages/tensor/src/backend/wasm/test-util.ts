import type { Backend, Conv2dSpec, View } from '../contract';
import type { TypedArray } from '../../dtype';
import { createCpuBackend } from '../cpu/index';
import { contiguousStrides } from '../../shape';
import { hostUniform } from '../../testing/host-random';

/** Test helpers for the WebAssembly kernels: backends per configuration, views, float64 references. */
export const tsBackend = createCpuBackend({ kernels: 'ts' });
export const wasmBackend = (threads: number, fusedMultiplyAdd = true): Backend<TypedArray> =>
  createCpuBackend({ kernels: 'wasm', threads, fusedMultiplyAdd });

export function randomF32(n: number, seed: number): Float32Array {
  return Float32Array.from(hostUniform(n, seed, -1, 1));
}

/** A dense float32 view of `data` with `shape`. */
export function denseView(data: Float32Array, shape: readonly number[]): View<TypedArray> {
  return { buffer: data, dtype: 'float32', shape, strides: contiguousStrides(shape), offset: 0 };
}

/** The transpose of the last two dims of a dense [..., r, c] array, as a strided view [..., c, r]. */
export function transposedView(data: Float32Array, shape: readonly number[]): View<TypedArray> {
  const s = contiguousStrides(shape);
  const n = shape.length;
  const sh = [...shape.slice(0, n - 2), shape[n - 1]!, shape[n - 2]!];
  const st = [...s.slice(0, n - 2), s[n - 1]!, s[n - 2]!];
  return { buffer: data, dtype: 'float32', shape: sh, strides: st, offset: 0 };
}

/** Element at a multi-index of a strided view, as a float64. */
export function at(v: View<TypedArray>, idx: readonly number[]): number {
  let o = v.offset;
  for (let d = 0; d < idx.length; d++) o += idx[d]! * v.strides[d]!;
  return v.buffer[o]!;
}

/** C = A·B in float64 for 2-D views. */
export function matmulRef(a: View<TypedArray>, b: View<TypedArray>): Float64Array {
  const [M, K] = a.shape as [number, number], N = b.shape[1]!;
  const c = new Float64Array(M * N);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += at(a, [i, k]) * at(b, [k, j]);
      c[i * N + j] = s;
    }
  }
  return c;
}

export interface ConvCase {
  x: [number, number, number, number];
  w: [number, number, number, number];
  spec: Conv2dSpec;
}

export function convOutShape({ x, w, spec }: ConvCase): [number, number, number, number] {
  const o = (i: 0 | 1) => Math.floor((x[2 + i]! + 2 * spec.padding[i] - spec.dilation[i] * (w[2 + i]! - 1) - 1) / spec.stride[i]) + 1;
  return [x[0], w[0], o(0), o(1)];
}

/** Visits every (n, o, oy, ox, c, i, j) term of the convolution sum with its input position (or none when padded). */
function eachTerm(cs: ConvCase, f: (yIdx: number, xIdx: number, wIdx: number) => void): void {
  const [N, C, H, W] = cs.x, [O, Cg, kh, kw] = cs.w, [, , Ho, Wo] = convOutShape(cs);
  const { stride: [sh, sw], padding: [ph, pw], dilation: [dh, dw], groups: G } = cs.spec;
  const Og = O / G;
  for (let n = 0; n < N; n++) for (let o = 0; o < O; o++) for (let oy = 0; oy < Ho; oy++) for (let ox = 0; ox < Wo; ox++) {
    const g = Math.floor(o / Og);
    for (let c = 0; c < Cg; c++) for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) {
      const y = oy * sh - ph + i * dh, xx = ox * sw - pw + j * dw;
      if (y < 0 || y >= H || xx < 0 || xx >= W) continue;
      f(((n * O + o) * Ho + oy) * Wo + ox, ((n * C + g * Cg + c) * H + y) * W + xx, ((o * Cg + c) * kh + i) * kw + j);
    }
  }
}

/** Forward, input gradient and weight gradient of a convolution as float64 sums over its terms. */
export function convRef(cs: ConvCase, x: Float32Array, w: Float32Array, dy: Float32Array) {
  const ySize = cs.x[0] * cs.w[0] * convOutShape(cs)[2] * convOutShape(cs)[3];
  const y = new Float64Array(ySize), dx = new Float64Array(x.length), dw = new Float64Array(w.length);
  eachTerm(cs, (yi, xi, wi) => {
    y[yi] += x[xi]! * w[wi]!;
    dx[xi] += dy[yi]! * w[wi]!;
    dw[wi] += dy[yi]! * x[xi]!;
  });
  return { y, dx, dw };
}

/** Largest |actual − expected| − tol·(1 + |expected|) over the elements: ≤ 0 when everything is within tolerance. */
export function excess(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number): number {
  if (actual.length !== expected.length) return Infinity;
  let worst = -Infinity;
  for (let i = 0; i < actual.length; i++) {
    const e = Math.abs(actual[i]! - expected[i]!) - tol * (1 + Math.abs(expected[i]!));
    if (!(e <= worst)) worst = e;
  }
  return actual.length ? worst : 0;
}

/** Bitwise equality of two float arrays (NaN equal to NaN). */
export function sameBits(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}
