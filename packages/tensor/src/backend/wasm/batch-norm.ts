import type { View } from '../contract';
import type { TypedArray } from '../../dtype';
import { numel } from '../../shape';
import { dense } from '../cpu/strided';
import { batchNormCoefficients, dims } from '../cpu/batch-norm';
import { denseAddress } from './operand';
import type { Runtime } from './runtime';
import { MIN_ELEMENTS } from './elementwise';

/** The exports of wat/batchnorm.wat (f64 [C] arrays by byte address). */
interface BatchNormExports {
  bn_sum(x: number, N: number, C: number, S: number, acc: number): void;
  bn_sq_dev(x: number, N: number, C: number, S: number, mean: number, acc: number): void;
  bn_grad_sums(g: number, x: number, N: number, C: number, S: number, mean: number, accG: number, accGX: number): void;
  bn_affine(a: number, b: number, out: number, N: number, C: number, S: number, ka: number, kb: number, k0: number): void;
}

const exportsOf = (rt: Runtime): BatchNormExports => rt.kernels as unknown as BatchNormExports;


/** `count` zeroed f64 arrays of C elements in scratch: their byte addresses, or null when the memory is full. */
function f64Arrays(rt: Runtime, C: number, count: number): number[] | null {
  const at: number[] = [];
  for (let i = 0; i < count; i++) {
    const a = rt.heap.alloc(8 * C);
    if (a === null) return null;
    at.push(a);
  }
  return at;
}
const f64At = (rt: Runtime, at: number, C: number): Float64Array => new Float64Array(rt.heap.memory.buffer, at, C);

/**
 * Training-mode batch normalization over a float32 x [N, C, …] in three WebAssembly passes (sum, squared
 * deviations, affine), the TypeScript kernel's formulas with its per-channel arithmetic on the host; x
 * is read in place when it is resident. Null for other dtypes, small inputs or a full memory (the
 * TypeScript kernel then runs). One thread: the sums' order does not depend on the thread count.
 */
export function wasmBatchNorm(rt: Runtime, xv: View<TypedArray>, wv: View<TypedArray>, bv: View<TypedArray>, eps: number): { y: TypedArray; mean: TypedArray; variance: TypedArray } | null {
  const n = numel(xv.shape);
  if (xv.dtype !== 'float32' || n < MIN_ELEMENTS) return null;
  const [N, C, S] = dims(xv.shape), M = N * S;
  const heap = rt.heap;
  heap.reset();
  const x = denseAddress(heap, xv), out = heap.output(4 * n), arrays = f64Arrays(rt, C, 4);
  if (x === null || out === null || arrays === null) return null;
  const [sumAt, sqAt, scaleAt, shiftAt] = arrays as [number, number, number, number];
  f64At(rt, sumAt, C).fill(0);
  f64At(rt, sqAt, C).fill(0);
  const k = exportsOf(rt);
  k.bn_sum(x, N, C, S, sumAt);
  const sum = f64At(rt, sumAt, C);
  for (let c = 0; c < C; c++) sum[c] = sum[c]! / M;
  k.bn_sq_dev(x, N, C, S, sumAt, sqAt);
  const w = dense(wv), b = dense(bv), sq = f64At(rt, sqAt, C), scale = f64At(rt, scaleAt, C), shift = f64At(rt, shiftAt, C);
  const mean = new Float32Array(C), variance = new Float32Array(C);
  batchNormCoefficients(sum, sq, w, b, M, eps, { mean, variance, scale, shift });
  k.bn_affine(x, 0, out, N, C, S, scaleAt, 0, shiftAt);
  return { y: heap.takeF32(out, n), mean, variance };
}

/** Its gradient in two passes (the sums Σ dy and Σ dy·(x − mean), then dx), the TypeScript kernel's formulas. */
export function wasmBatchNormBackward(rt: Runtime, dyv: View<TypedArray>, xv: View<TypedArray>, meanv: View<TypedArray>,
  varv: View<TypedArray>, wv: View<TypedArray>, eps: number): TypedArray[] | null {
  const n = numel(xv.shape);
  if (xv.dtype !== 'float32' || dyv.dtype !== 'float32' || n < MIN_ELEMENTS) return null;
  const [N, C, S] = dims(xv.shape), M = N * S;
  const heap = rt.heap;
  heap.reset();
  const dy = denseAddress(heap, dyv), x = denseAddress(heap, xv), out = heap.output(4 * n), arrays = f64Arrays(rt, C, 6);
  if (dy === null || x === null || out === null || arrays === null) return null;
  const [meanAt, gAt, gxAt, aAt, bAt, kAt] = arrays as [number, number, number, number, number, number];
  const mean = dense(meanv), variance = dense(varv), w = dense(wv);
  f64At(rt, meanAt, C).set(mean);
  f64At(rt, gAt, C).fill(0);
  f64At(rt, gxAt, C).fill(0);
  exportsOf(rt).bn_grad_sums(dy, x, N, C, S, meanAt, gAt, gxAt);
  const sumG = f64At(rt, gAt, C), sumGX = f64At(rt, gxAt, C), a = f64At(rt, aAt, C), bx = f64At(rt, bAt, C), k = f64At(rt, kAt, C);
  const dw = new Float32Array(C), db = new Float32Array(C);
  for (let c = 0; c < C; c++) {
    const is = 1 / Math.sqrt(variance[c]! + eps);
    db[c] = sumG[c]!;
    dw[c] = sumGX[c]! * is;
    a[c] = w[c]! * is;
    bx[c] = -a[c]! * is * is * sumGX[c]! / M;
    k[c] = -a[c]! * sumG[c]! / M - bx[c]! * mean[c]!;
  }
  exportsOf(rt).bn_affine(dy, x, out, N, C, S, aAt, bAt, kAt);
  return [heap.takeF32(out, n), dw, db];
}
