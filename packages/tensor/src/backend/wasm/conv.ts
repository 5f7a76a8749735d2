import type { Conv2dSpec, View } from '../contract';
import type { TypedArray } from '../../dtype';
import { dense } from '../cpu/strided';
import { PARALLEL_FLOPS } from './matmul';
import { denseAddress, lines } from './operand';
import type { Runtime } from './runtime';
import { runTask, threadsAvailable } from './threads';
import { runWinograd, winogradApplies, winogradWeightGrad, winogradWeights } from './winograd';
import { convAsMatmul, convInputGradAsMatmul, convWeightGradAsMatmul, coversInput } from './conv-as-matmul';
import { rowWinogradApplies, rowWinogradWeightGrad, rowWinogradWeights, runRowWinograd } from './row-winograd';

const TASK_FWD = 1, TASK_BWD_INPUT = 2, TASK_BWD_WEIGHT = 3;
/** Small images are unrolled side by side until a GEMM is about this wide (LeNet's 5×5 and 1×1 maps). */
const TARGET_COLS = 512;
/** At most this many floats of unrolled columns per thread (8 MiB). */
const MAX_COL_FLOATS = 1 << 21;

type Dims = [number, number, number, number];

interface Geometry {
  N: number; C: number; H: number; W: number; O: number; kh: number; kw: number; Ho: number; Wo: number;
  R: number; Og: number; HWo: number; spec: Conv2dSpec;
}

function geometry(x: readonly number[], w: readonly number[], y: readonly number[], spec: Conv2dSpec): Geometry {
  const [N, C, H, W] = x as Dims, [O, Cg, kh, kw] = w as Dims, [, , Ho, Wo] = y as Dims;
  return { N, C, H, W, O, kh, kw, Ho, Wo, R: Cg * kh * kw, Og: O / spec.groups, HWo: Ho * Wo, spec };
}

/** Items per part for the forward and input-gradient tasks (any split gives the same bits). */
function itemsPerPart(g: Geometry, threads: number): number {
  let nb = Math.min(g.N, Math.ceil(TARGET_COLS / Math.max(g.HWo, 1)));
  nb = Math.min(nb, Math.max(1, Math.floor(MAX_COL_FLOATS / Math.max(g.R * g.HWo, 1))));
  // several parts per thread, so a thread that wakes late holds the others up by one small part at most
  if (threads > 1) nb = Math.min(nb, Math.ceil(g.N / (4 * threads)));
  return Math.max(nb, 1);
}

/** The 24-word conv descriptor of wat/conv.wat. */
function descriptor(rt: Runtime, kind: number, g: Geometry, ptrs: [number, number, number, number, number], nb: number, sub: number): number | null {
  const s = g.spec;
  return rt.heap.words([
    kind, g.N, g.C, g.H, g.W, g.O, g.kh, g.kw, g.Ho, g.Wo, s.stride[0], s.stride[1], s.padding[0], s.padding[1],
    s.dilation[0], s.dilation[1], s.groups, ...ptrs, nb, sub,
  ]);
}

/**
 * Per-thread workspace (the layout of wat/conv.wat): the GEMM's packing buffers, the unrolled columns
 * (none on the fused stride-1 forward path), the interleaved rows, the zero-bordered planes of
 * `padItems` items, and the fused path's table of R offsets.
 */
function workspaceBytes(rt: Runtime, g: Geometry, cols: number, padItems: number, fused: boolean): number {
  const [ph, pw] = g.spec.padding;
  const padded = padItems * (g.C / g.spec.groups) * (g.H + 2 * ph) * (g.W + 2 * pw);
  return lines(rt.kernels.gemm_workspace() + 4 * ((fused ? 0 : g.R * cols) + g.Og * cols + padded + g.R));
}

const stride1 = (s: Conv2dSpec): boolean => s.stride[0] === 1 && s.stride[1] === 1;

function threadsFor(rt: Runtime, g: Geometry, threads: number): number {
  return 2 * g.N * g.O * g.HWo * g.R >= PARALLEL_FLOPS ? threadsAvailable(rt, threads) : 1;
}

/** y = conv2d(x, w) on the WebAssembly kernels; null when out of memory. */
export function wasmConv2d(rt: Runtime, xv: View<TypedArray>, wv: View<TypedArray>, spec: Conv2dSpec, outShape: readonly number[], threads: number): Float32Array | null {
  const g = geometry(xv.shape, wv.shape, outShape, spec);
  const size = g.N * g.O * g.HWo;
  // the kernels' loops run at least once: degenerate shapes are answered here
  if (size === 0 || g.R === 0) return new Float32Array(size);
  if (coversInput(spec, xv.shape, wv.shape)) {
    const y = convAsMatmul(rt, xv, wv, threads);
    if (y) return y;
  }
  const heap = rt.heap;
  heap.reset();
  const x = denseAddress(heap, xv), w = denseAddress(heap, wv), out = heap.output(4 * size);
  if (x === null || w === null || out === null) return null;
  const t = threadsFor(rt, g, threads);
  if (rowWinogradApplies(spec, g.kh, g.kw, g.Wo)) {
    const u = heap.put(rowWinogradWeights(dense(wv) as Float32Array, g.O, g.C));
    const shape = { N: g.N, C: g.C, H: g.H, W: g.W, K: g.O, Ho: g.Ho, Wo: g.Wo };
    if (u === null || !runRowWinograd(rt, shape, spec.padding, x, u, out, t)) return null;
    return heap.takeF32(out, size);
  }
  if (winogradApplies(spec, g.kh, g.kw, g.C, g.O, g.Wo)) {
    const u = heap.put(winogradWeights(dense(wv) as Float32Array, g.O, g.C));
    const shape = { N: g.N, C: g.C, H: g.H, W: g.W, K: g.O, Ho: g.Ho, Wo: g.Wo };
    if (u === null || !runWinograd(rt, shape, spec.padding, x, u, out, t)) return null;
    return heap.takeF32(out, size);
  }
  const nb = itemsPerPart(g, t), parts = Math.ceil(g.N / nb);
  const wsStride = workspaceBytes(rt, g, nb * g.HWo, nb, stride1(spec));
  const ws = heap.alloc(wsStride * Math.min(t, parts));
  if (ws === null) return null;
  const desc = descriptor(rt, TASK_FWD, g, [x, w, out, ws, wsStride], nb, 0);
  if (desc === null) return null;
  runTask(rt, desc, parts, t);
  return heap.takeF32(out, size);
}

/**
 * For stride 1, the input gradient is itself a convolution: dy, padded by dilation·(k − 1) − padding,
 * correlated with the weights flipped in space and with in/out channels swapped (per group). That runs
 * the forward path, whose packing reads the planes directly, instead of a GEMM into columns and a
 * col2im pass. The flipped weights, [C, O/groups, kh, kw]; null when the padding is too large for it.
 */
function flippedWeights(w: Float32Array, g: Geometry): { w: Float32Array; spec: Conv2dSpec } | null {
  const { spec, kh, kw, Og } = g;
  const ph = spec.dilation[0] * (kh - 1) - spec.padding[0], pw = spec.dilation[1] * (kw - 1) - spec.padding[1];
  const G = spec.groups, Cg = g.C / G, k = kh * kw;
  // it pays where the flipped conv is a wide GEMM over long rows (ResNet's 3×3 layers); with few input
  // channels (LeNet's C1) its GEMM has a row or two and the columns path is faster (measured); on
  // narrower maps it pays where the flipped conv runs by Winograd (ResNet-20's 14×14: 15.6 vs 11.3 ms)
  const winograd = winogradApplies({ ...spec, padding: [ph, pw] }, kh, kw, g.O, g.C, g.W);
  if (!stride1(spec) || ph < 0 || pw < 0 || Cg < 16 || (g.W < 16 && !winograd)) return null;
  const out = new Float32Array(w.length);
  for (let gr = 0; gr < G; gr++) {
    for (let o = 0; o < Og; o++) {
      for (let c = 0; c < Cg; c++) {
        const src = ((gr * Og + o) * Cg + c) * k, dst = ((gr * Cg + c) * Og + o) * k;
        for (let t = 0; t < k; t++) out[dst + t] = w[src + k - 1 - t]!;
      }
    }
  }
  return { w: out, spec: { ...spec, padding: [ph, pw] } };
}

/** dx = conv2dᵀ(dy, w); null when out of memory. */
export function wasmConv2dBackwardInput(rt: Runtime, dyv: View<TypedArray>, wv: View<TypedArray>, spec: Conv2dSpec, xShape: readonly number[], threads: number): Float32Array | null {
  const g = geometry(xShape, wv.shape, dyv.shape, spec);
  const size = g.N * g.C * g.H * g.W;
  if (size === 0 || g.R === 0 || g.Og === 0 || g.HWo === 0) return new Float32Array(size);
  if (coversInput(spec, xShape, wv.shape)) {
    const dx = convInputGradAsMatmul(rt, dyv, wv, threads);
    if (dx) return dx;
  }
  const flipped = flippedWeights(dense(wv) as Float32Array, g);
  if (flipped) {
    const wf: View<TypedArray> = { buffer: flipped.w, dtype: 'float32', shape: [g.C, g.Og, g.kh, g.kw], strides: [g.Og * g.kh * g.kw, g.kh * g.kw, g.kw, 1], offset: 0 };
    return wasmConv2d(rt, dyv, wf, flipped.spec, xShape, threads);
  }
  const heap = rt.heap;
  heap.reset();
  const dy = denseAddress(heap, dyv), w = denseAddress(heap, wv), dx = heap.output(4 * size);
  if (dy === null || w === null || dx === null) return null;
  const t = threadsFor(rt, g, threads);
  const nb = itemsPerPart(g, t), parts = Math.ceil(g.N / nb);
  const wsStride = workspaceBytes(rt, g, nb * g.HWo, 1, false);
  const ws = heap.alloc(wsStride * Math.min(t, parts));
  if (ws === null) return null;
  const desc = descriptor(rt, TASK_BWD_INPUT, g, [dy, w, dx, ws, wsStride], nb, 0);
  if (desc === null) return null;
  runTask(rt, desc, parts, t);
  return heap.takeF32(dx, size);
}

/**
 * dW = Σ_n dy_n · im2col(x_n)ᵀ. The batch is cut into parts by shape alone (never by thread count),
 * each part sums its items in a fixed order into its own partial, and the partials are added in part
 * order: the result is the same on one thread or many.
 */
export function wasmConv2dBackwardWeight(rt: Runtime, xv: View<TypedArray>, dyv: View<TypedArray>, spec: Conv2dSpec, wShape: readonly number[], threads: number): Float32Array | null {
  const g = geometry(xv.shape, wShape, dyv.shape, spec);
  const size = g.O * g.R;
  if (size === 0 || g.N === 0 || g.HWo === 0) return new Float32Array(size);
  if (coversInput(spec, xv.shape, wShape)) {
    const dw = convWeightGradAsMatmul(rt, xv, dyv, threads);
    if (dw) return dw;
  }
  const heap = rt.heap;
  heap.reset();
  const x = denseAddress(heap, xv), dy = denseAddress(heap, dyv);
  if (x === null || dy === null) return null;
  if (rowWinogradApplies(spec, g.kh, g.kw, g.Wo)) {
    const shape = { N: g.N, C: g.C, H: g.H, W: g.W, K: g.O, Ho: g.Ho, Wo: g.Wo };
    return rowWinogradWeightGrad(rt, shape, spec.padding, x, dy, threadsFor(rt, g, threads));
  }
  if (winogradApplies(spec, g.kh, g.kw, g.C, g.O, g.Wo)) {
    const shape = { N: g.N, C: g.C, H: g.H, W: g.W, K: g.O, Ho: g.Ho, Wo: g.Wo };
    return winogradWeightGrad(rt, shape, spec.padding, x, dy, threadsFor(rt, g, threads));
  }
  const nb = Math.max(1, Math.min(g.N, Math.max(Math.ceil(g.N / 16), Math.ceil(TARGET_COLS / Math.max(g.HWo, 1)))));
  const sub = Math.max(1, Math.min(nb, Math.floor(MAX_COL_FLOATS / Math.max(g.R * g.HWo, 1))));
  const parts = Math.max(1, Math.ceil(g.N / nb));
  const t = threadsFor(rt, g, threads);
  const partials = heap.alloc(4 * size * parts), dw = heap.output(4 * size);
  const wsStride = workspaceBytes(rt, g, sub * g.HWo, 1, false);
  const ws = heap.alloc(wsStride * Math.min(t, parts));
  if (partials === null || dw === null || ws === null) return null;
  const desc = descriptor(rt, TASK_BWD_WEIGHT, g, [x, dy, partials, ws, wsStride], nb, sub);
  if (desc === null) return null;
  runTask(rt, desc, parts, t);
  rt.kernels.sum_parts(partials, parts, size, dw);
  return heap.takeF32(dw, size);
}
