import type { Conv2dSpec } from '../contract';
import { lines } from './operand';
import type { Runtime } from './runtime';
import { runTask } from './threads';

const TASK_DIRECT_WEIGHT_GRAD = 13;

export interface DirectShape {
  N: number; C: number; H: number; W: number; O: number; kh: number; kw: number; Ho: number; Wo: number;
}

/**
 * Where the direct weight gradient of wat/direct.wat beats the im2col GEMM: stride 1, undilated, one
 * group, at most four input channels and rows of at most five taps. Measured at LeNet's C1 (batch 64,
 * one thread, forward and weight gradient, interleaved runs): 2.55 against 3.17 ms.
 */
export function directApplies(spec: Conv2dSpec, C: number, kw: number): boolean {
  return spec.groups === 1 && spec.stride[0] === 1 && spec.stride[1] === 1 && spec.dilation[0] === 1 && spec.dilation[1] === 1
    && C <= 4 && kw <= 5;
}

/** Bytes of one image's zero-padded planes, rows of 4⌈Wo/4⌉ + kw + 3 floats (wat/direct.wat). */
function paddedBytes(s: DirectShape, pad: readonly [number, number]): number {
  return lines(4 * s.C * (s.H + 2 * pad[0]) * (4 * Math.ceil(s.Wo / 4) + s.kw + 3));
}

/**
 * dW [O, C, kh, kw] from x and dy at heap byte addresses: parts of a fixed number of images (set by the
 * shape, not the thread count) each sum into a partial, added in part order. Null when out of memory.
 */
export function directWeightGrad(rt: Runtime, s: DirectShape, pad: readonly [number, number], x: number, dy: number, threads: number): Float32Array | null {
  const imagesPerPart = Math.max(1, Math.ceil(s.N / 16));
  const parts = Math.ceil(s.N / imagesPerPart);
  const size = s.O * s.C * s.kh * s.kw;
  const dyBytes = lines(4 * s.O * s.Ho * 4 * Math.ceil(s.Wo / 4));
  const wsStride = lines(paddedBytes(s, pad) + 64 + dyBytes + 64 + 80 * s.O * s.C * s.kh);
  const t = Math.max(1, Math.min(threads, parts));
  const heap = rt.heap;
  const partials = heap.alloc(4 * size * parts), dw = heap.alloc(4 * size), ws = heap.alloc(wsStride * t);
  const desc = heap.words([TASK_DIRECT_WEIGHT_GRAD, s.N, s.C, s.H, s.W, s.O, s.kh, s.kw, s.Ho, s.Wo, pad[0], pad[1], x, dy, partials ?? 0, ws ?? 0, wsStride, imagesPerPart]);
  if (partials === null || dw === null || ws === null || desc === null) return null;
  runTask(rt, desc, parts, t);
  rt.kernels.sum_parts(partials, parts, size, dw);
  return heap.f32.slice(dw >> 2, (dw >> 2) + size);
}
