import type { Conv2dSpec } from '../contract';
import { transformKernelRows, untransformKernelRows } from '../cpu/conv-winograd-rows';
import { lines } from './operand';
import type { Runtime } from './runtime';
import { runTask } from './threads';
import type { WinogradShape } from './winograd';

// Winograd F(4, 5) along rows on the WebAssembly kernels (wat/rowwino.wat), the host side: the method of
// backend/cpu/conv-winograd-rows.ts, with the kernel-row transforms U = G·w and dW = Gᵀ·dU made here in float64.

const TASK_ROW_WINOGRAD = 13, TASK_ROW_WINOGRAD_WEIGHT_GRAD = 14;

/**
 * Where Winograd F(4, 5) along rows beats the im2col GEMM: 5×5, stride 1, undilated, one group, two
 * pieces or more. Measured at LeNet's C1 and C3 (batch 64, one thread, interleaved runs): forward 0.60
 * vs 0.87 and 0.91 vs 0.99 ms; forward + weight gradient 1.81 vs 2.07 and 1.92 vs 2.38 ms. C3's input
 * gradient as a flipped convolution through it measured slower than the columns path, so it stays there.
 */
export function rowWinogradApplies(spec: Conv2dSpec, kh: number, kw: number, Wo: number): boolean {
  return kh === 5 && kw === 5 && spec.groups === 1 && spec.stride[0] === 1 && spec.stride[1] === 1
    && spec.dilation[0] === 1 && spec.dilation[1] === 1 && Wo >= 8;
}

/** U [O, C, 5, 8] = G·(each kernel row) from w [O, C, 5, 5], in float64. */
export function rowWinogradWeights(w: Float32Array, O: number, C: number): Float32Array {
  const u = new Float32Array(O * C * 40);
  transformKernelRows(w, 0, O * C * 5, u, 0);
  return u;
}

/** out = conv2d(x, w) by F(4, 5) along rows, operands at heap byte addresses; false when out of memory. */
export function runRowWinograd(rt: Runtime, s: WinogradShape, pad: readonly [number, number], x: number, u: number, out: number, threads: number): boolean {
  const pieces = Math.ceil(s.Wo / 4), Hp = s.H + 2 * pad[0];
  const imagesPerPart = Math.max(1, Math.ceil(s.N / 16));
  const parts = Math.ceil(s.N / imagesPerPart);
  const wsStride = lines(4 * s.C * Hp * (4 * pieces + 4) + 64 + 32 * s.C * Hp * pieces + 32 * s.Ho * pieces);
  const t = Math.max(1, Math.min(threads, parts));
  const ws = rt.heap.alloc(wsStride * t);
  const desc = rt.heap.words([TASK_ROW_WINOGRAD, s.N, s.C, s.H, s.W, s.K, s.Ho, s.Wo, pad[0], pad[1], x, u, out, ws ?? 0, wsStride, imagesPerPart]);
  if (ws === null || desc === null) return false;
  runTask(rt, desc, parts, t);
  return true;
}

/**
 * dW [O, C, 5, 5] of a row-Winograd convolution from x and dy at heap byte addresses: parts of a fixed
 * number of images (by shape, not thread count) sum dU [O, C, 5, 8] into their partials, added in part
 * order; then each kernel row is Gᵀ dU in float64. Null when out of memory.
 */
export function rowWinogradWeightGrad(rt: Runtime, s: WinogradShape, pad: readonly [number, number], x: number, dy: number, threads: number): Float32Array | null {
  const pieces = Math.ceil(s.Wo / 4), Hp = s.H + 2 * pad[0];
  const imagesPerPart = Math.max(1, Math.ceil(s.N / 16));
  const parts = Math.ceil(s.N / imagesPerPart);
  const size = s.K * s.C * 40;
  const wsStride = lines(4 * s.C * Hp * (4 * pieces + 4) + 64 + 32 * s.C * Hp * pieces + 32 * s.K * s.Ho * pieces);
  const t = Math.max(1, Math.min(threads, parts));
  const heap = rt.heap;
  const partials = heap.alloc(4 * size * parts), dU = heap.alloc(4 * size), ws = heap.alloc(wsStride * t);
  const desc = heap.words([TASK_ROW_WINOGRAD_WEIGHT_GRAD, s.N, s.C, s.H, s.W, s.K, s.Ho, s.Wo, pad[0], pad[1], x, dy, partials ?? 0, ws ?? 0, wsStride, imagesPerPart]);
  if (partials === null || dU === null || ws === null || desc === null) return null;
  runTask(rt, desc, parts, t);
  rt.kernels.sum_parts(partials, parts, size, dU);
  const dw = new Float32Array(s.K * s.C * 25);
  untransformKernelRows(heap.f32.subarray(dU >> 2, (dU >> 2) + size), s.K * s.C * 5, dw);
  return dw;
}
