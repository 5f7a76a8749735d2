import type { Backend, View } from '../contract';
import type { DType, TypedArray } from '../../dtype';
import { wasmConv2d, wasmConv2dBackwardInput, wasmConv2dBackwardWeight } from './conv';
import { MIN_ELEMENTS, wasmBinary, wasmBoolToF32, wasmUnary, wasmWhere } from './elementwise';
import { wasmMatmul } from './matmul';
import { forgetPackedB } from './packed-b';
import { poolSupported, wasmAvgPool2d, wasmAvgPool2dBackward, wasmMaxPool2d } from './pool';
import { wasmArgReduce, wasmScatterAddLast, wasmSum } from './reduce';
import { wasmSddmm, wasmSpmm } from './sparse';
import { wasmSegmentSoftmax, wasmSegmentSoftmaxBackward } from './segment-softmax';
import { wasmEdgeLogits, wasmEdgeLogitsBackward } from './edge-logits';
import { useFusedGemm, wasmRuntime, type Runtime } from './runtime';
import { configuredKernels, configuredThreads, type CpuBackendOptions } from './settings';
import { markZeros, outputF32, recycle, zerosF32 } from '../buffer-pool';
import { threadsAvailable } from './threads';
import { rnnCellMethods } from './rnn-cells';
import { wasmOptimizerStep } from './optimizer-step';
import { wasmReluBackward } from './relu-backward';
import { biasActivationMethod, wasmBiasReluBackward } from './bias-activation';
import { wasmBatchNorm, wasmBatchNormBackward } from './batch-norm';

export { setCpuKernels, setCpuThreads, setCpuThreadSpin, type CpuKernels, type CpuBackendOptions } from './settings';

type CpuView = View<TypedArray>;
type Fast = Pick<Required<Backend<TypedArray>>,
  | 'matmul' | 'conv2d' | 'conv2dBackwardInput' | 'conv2dBackwardWeight' | 'maxPool2d' | 'avgPool2d' | 'avgPool2dBackward'
  | 'unary' | 'binary' | 'where' | 'copy' | 'reduce' | 'argReduce' | 'scatterAdd' | 'optimizerStep' | 'reluBackward'
  | 'spmm' | 'sddmm' | 'segmentSoftmax' | 'segmentSoftmaxBackward' | 'edgeLogits' | 'edgeLogitsBackward'
  | 'batchNorm' | 'batchNormBackward' | 'biasReluBackward'>;

/** What the CPU device runs now: the kernels and, for WebAssembly, the threads a large op uses. */
export interface CpuKernelInfo {
  kernels: 'wasm' | 'ts';
  threads: number;
  /** Matrix products fuse their multiply-adds (WebAssembly relaxed SIMD; see CpuBackendOptions). */
  fusedMultiplyAdd: boolean;
}

/** The kernels a backend built with `options` runs now (wasm only where the engine has SIMD). */
export function cpuKernelInfo(options: CpuBackendOptions = {}): CpuKernelInfo {
  const rt = configuredKernels(options) === 'wasm' ? wasmRuntime() : null;
  if (!rt) return { kernels: 'ts', threads: 1, fusedMultiplyAdd: false };
  const fusedMultiplyAdd = rt.fused !== null && options.fusedMultiplyAdd !== false;
  return { kernels: 'wasm', threads: threadsAvailable(rt, configuredThreads(options)), fusedMultiplyAdd };
}

const f32 = (...views: CpuView[]): boolean => views.every((v) => v.dtype === 'float32');

/**
 * The CPU backend with its float32 hot paths (matmul, conv2d and its gradients, pooling, the common
 * element-wise ops, sums, scatter-add) on WebAssembly SIMD kernels, multi-threaded where the platform
 * allows. Element-wise work below a few thousand elements stays in TypeScript (copying in costs more).
 * Everything else, float64, and any engine without WebAssembly SIMD keep the TypeScript kernels of
 * `ts`, which stay the reference.
 */
export function withWasmKernels(ts: Backend<TypedArray>, options: CpuBackendOptions = {}): Backend<TypedArray> {
  const base = ts as Backend<TypedArray> & Fast;
  /** The runtime when this call should take the WebAssembly path, else null; set to this backend's GEMM variant. */
  const rt = (): Runtime | null => {
    const r = configuredKernels(options) === 'wasm' ? wasmRuntime() : null;
    if (r) useFusedGemm(r, options.fusedMultiplyAdd !== false);
    return r;
  };
  const threads = (): number => configuredThreads(options);
  const fast: Fast = {
    unary(op, x, outDtype) {
      const r = rt();
      return (r && wasmUnary(r, op, x, outDtype, threads())) || base.unary(op, x, outDtype);
    },
    binary(op, a, b, shape, outDtype) {
      const r = rt();
      return (r && wasmBinary(r, op, a, b, shape, outDtype, threads())) || base.binary(op, a, b, shape, outDtype);
    },
    where(cond, a, b, shape, outDtype) {
      const r = rt();
      return (r && wasmWhere(r, cond, a, b, shape, outDtype, threads())) || base.where(cond, a, b, shape, outDtype);
    },
    copy(x, dtype) {
      const r = x.dtype === 'bool' && dtype === 'float32' ? rt() : null;
      return (r && wasmBoolToF32(r, x, threads())) || base.copy(x, dtype);
    },
    reduce(op, x, axes, outDtype) {
      const r = rt();
      return (r && wasmSum(r, op, x, axes, outDtype, threads())) || base.reduce(op, x, axes, outDtype);
    },
    argReduce(op, x, axis) {
      const r = rt();
      return (r && wasmArgReduce(r, op, x, axis, threads())) || base.argReduce(op, x, axis);
    },
    scatterAdd(shape, dim, index, src, baseView) {
      const r = rt();
      return (r && wasmScatterAddLast(r, shape, dim, index, src, baseView, threads())) || base.scatterAdd(shape, dim, index, src, baseView);
    },
    batchNorm(x, w, b, eps) {
      const r = rt();
      return (r && wasmBatchNorm(r, x, w, b, eps)) || base.batchNorm(x, w, b, eps);
    },
    batchNormBackward(dy, x, mean, variance, w, eps) {
      const r = rt();
      return (r && wasmBatchNormBackward(r, dy, x, mean, variance, w, eps)) || base.batchNormBackward(dy, x, mean, variance, w, eps);
    },
    reluBackward(dy, x) {
      const r = rt();
      return (r && wasmReluBackward(r, dy, x, threads())) || base.reluBackward(dy, x);
    },
    biasReluBackward(dy, y, axis) {
      const r = rt();
      return r && wasmBiasReluBackward(r, dy, y, axis, threads());
    },
    optimizerStep(spec, updates) {
      const r = rt();
      return (r && wasmOptimizerStep(r, spec, updates, threads())) || base.optimizerStep(spec, updates);
    },
    spmm(x, w, row, col, rows) {
      const r = rt();
      return (r && wasmSpmm(r, x, w, row, col, rows, threads())) || base.spmm(x, w, row, col, rows);
    },
    sddmm(a, b, row, col) {
      const r = rt();
      return (r && wasmSddmm(r, a, b, row, col, threads())) || base.sddmm(a, b, row, col);
    },
    segmentSoftmax(src, ids, count) {
      const r = rt();
      return (r && wasmSegmentSoftmax(r, src, ids, count, threads())) || base.segmentSoftmax(src, ids, count);
    },
    segmentSoftmaxBackward(y, g, ids, count) {
      const r = rt();
      return (r && wasmSegmentSoftmaxBackward(r, y, g, ids, count, threads())) || base.segmentSoftmaxBackward(y, g, ids, count);
    },
    edgeLogits(src, dst, row, col, slope) {
      const r = rt();
      return (r && wasmEdgeLogits(r, src, dst, row, col, slope, threads())) || base.edgeLogits(src, dst, row, col, slope);
    },
    edgeLogitsBackward(src, dst, row, col, g, slope) {
      const r = rt();
      return (r && wasmEdgeLogitsBackward(r, src, dst, row, col, g, slope)) || base.edgeLogitsBackward(src, dst, row, col, g, slope);
    },
    matmul(a, b, outDtype) {
      const r = outDtype === 'float32' && f32(a, b) ? rt() : null;
      return (r && wasmMatmul(r, a, b, threads())) || base.matmul(a, b, outDtype);
    },
    conv2d(x, w, spec, outShape) {
      const r = f32(x, w) ? rt() : null;
      return (r && wasmConv2d(r, x, w, spec, outShape, threads())) || base.conv2d(x, w, spec, outShape);
    },
    conv2dBackwardInput(dy, w, spec, xShape) {
      const r = f32(dy, w) ? rt() : null;
      return (r && wasmConv2dBackwardInput(r, dy, w, spec, xShape, threads())) || base.conv2dBackwardInput(dy, w, spec, xShape);
    },
    conv2dBackwardWeight(x, dy, spec, wShape) {
      const r = f32(x, dy) ? rt() : null;
      return (r && wasmConv2dBackwardWeight(r, x, dy, spec, wShape, threads())) || base.conv2dBackwardWeight(x, dy, spec, wShape);
    },
    maxPool2d(x, spec) {
      const r = f32(x) ? rt() : null;
      return (r && wasmMaxPool2d(r, x, spec, threads())) || base.maxPool2d(x, spec);
    },
    avgPool2d(x, spec) {
      const r = f32(x) && poolSupported(spec) ? rt() : null;
      return (r && wasmAvgPool2d(r, x, spec, threads())) || base.avgPool2d(x, spec);
    },
    avgPool2dBackward(dy, spec, xShape) {
      const r = f32(dy) && poolSupported(spec) ? rt() : null;
      return (r && wasmAvgPool2dBackward(r, dy, spec, xShape, threads())) || base.avgPool2dBackward(dy, spec, xShape);
    },
  };
  /** A copy that owns its bytes, never a view of the heap (slice() of a shared-memory array is slow). */
  const readSync = (buffer: TypedArray, dtype: DType, size: number): TypedArray => {
    if (!wasmRuntime()?.heap.owns(buffer)) return ts.readSync!(buffer, dtype, size);
    const out = new (buffer.constructor as new (n: number) => TypedArray)(size);
    out.set(buffer.subarray(0, size));
    return out;
  };
  return {
    ...ts,
    ...fast,
    ...rnnCellMethods(ts, rt, threads),
    ...biasActivationMethod(rt, threads, fast),
    // large float32 fills reuse freed outputs too (zeros for gradients are filled every step)
    // (in the heap when it is shared, so the kernels read them in place)
    fill(size, dtype, value) {
      if (dtype !== 'float32' || size < MIN_ELEMENTS) return ts.fill(size, dtype, value);
      const r = rt(), resident = r?.heap.residentF32(size);
      // zeros by memory.fill: a typed-array fill of shared memory stores element by element (6× slower)
      if (resident && value === 0) r!.kernels.zero(resident.byteOffset, 4 * size);
      if (resident) return value === 0 ? markZeros(resident) : resident.fill(value);
      if (configuredKernels(options) !== 'wasm') return ts.fill(size, dtype, value);
      return value === 0 ? zerosF32(size) : outputF32(size).fill(value);
    },
    // an array whose values the caller writes in place (fromWriter): float32 in the heap when it is
    // shared, so the first kernel reads it without a copy; zeroed, and never marked as known zeros
    writable(size, dtype) {
      if (dtype !== 'float32') return null;
      const r = size >= MIN_ELEMENTS ? rt() : null, resident = r?.heap.residentF32(size);
      if (!resident) return new Float32Array(size);
      r!.kernels.zero(resident.byteOffset, 4 * size);
      return resident;
    },
    readSync,
    read: async (buffer, dtype, size) => readSync(buffer, dtype, size),
    free(buffer) {
      // a resident result goes back to the heap's free lists; a copied-out one must not be read from the ring again
      wasmRuntime()?.heap.forget(buffer);
      forgetPackedB(buffer);
      recycle(buffer);
      ts.free(buffer);
    },
  };
}
