import type { AssemblePart, Backend, BinaryOp, ReduceOp, ArgReduceOp, RandomSpec, UnaryOp, View } from '../contract';
import { arrayFor, type DType, type TypedArray } from '../../dtype';
import { ValueError } from '../../errors';
import { contiguousStrides, numel } from '../../shape';
import { uniform24, uniform53, normalFromBits } from '../../random/threefry';
import { threefryFill } from '../../random/threefry-fill';
import { dense, stridedIndices, viewIsDense } from './strided';
import { placeRuns, placeStridedRows } from './assemble-runs';
import { binaryLoop, unaryLoop } from './elementwise';
import { reduceBlocks, argReduceBlocks } from './reduce';
import { gemm } from './matmul';
import { gatherRows, scatterAddRows } from './rows';
import { sddmm, spmm } from './spmm';
import { forgetSorted } from './csr';
import { segmentSoftmax, segmentSoftmaxBackward } from './segment-softmax';
import { edgeLogits, edgeLogitsBackward } from './edge-logits';
import { gruCell, gruCellBackward, lstmCell, lstmCellBackward } from './rnn-cells';
import { gruCellAct, gruCellActBackward, lstmCellAct, lstmCellActBackward } from './rnn-seq-cells';
import { cpuConvKernels } from './conv';
import { cpuPoolKernels } from './pool';
import { optimizerStep } from './optimizer-step';
import { softmaxCrossEntropy } from './cross-entropy';
import { reluBackward } from './relu-backward';
import { biasActivation } from './bias-activation';
import { batchNormKernels } from './batch-norm';
import { withWasmKernels, type CpuBackendOptions } from '../wasm/index';
import { cpuResultArray } from '../wasm/resident';
import { withFloat16Storage } from '../half-storage';

type CpuView = View<TypedArray>;

/**
 * The reference CPU backend: buffers are typed arrays. Storage is one flat typed array per tensor, so
 * the same kernels can later run over WebAssembly memory or SharedArrayBuffers without touching the contract.
 */
export function createCpuBackend(options: CpuBackendOptions = {}): Backend<TypedArray> {
  // results of the element-wise, reduction, gather and random kernels; scratch stays in ordinary arrays
  const result = cpuResultArray(options);
  // float32 matmul, conv and pooling dispatch to WebAssembly SIMD where available (backend/wasm);
  // float16 tensors hold halves in Float32Arrays, computed in float32 and rounded (half-storage.ts)
  return withFloat16Storage(withWasmKernels({
    name: 'cpu',
    syncRead: true,
    fromArray: (data, dtype) => (dtypeMatches(data, dtype) ? data : convert(data, dtype)),
    fill(size, dtype, value) {
      const out = arrayFor(dtype, size);
      if (value !== 0) out.fill(value);
      return out;
    },
    read: async (buffer, dtype, size) => readSync(buffer, dtype, size),
    readSync,
    free(buffer) {
      forgetSorted(buffer);
    },
    byteSize: (buffer) => buffer.byteLength,

    unary(op: UnaryOp, x: CpuView, outDtype: DType) {
      const src = dense(x);
      const out = result(outDtype, src.length);
      unaryLoop(op, src, out);
      return out;
    },
    binary(op: BinaryOp, a: CpuView, b: CpuView, shape, outDtype) {
      const out = result(outDtype, numel(shape));
      binaryLoop(op, dense(a), dense(b), out);
      return out;
    },
    where(cond, a, b, shape, outDtype) {
      const c = dense(cond);
      const x = dense(a, outDtype);
      const y = dense(b, outDtype);
      const out = result(outDtype, numel(shape));
      for (let i = 0; i < out.length; i++) out[i] = c[i] ? x[i]! : y[i]!;
      return out;
    },
    copy(x: CpuView, dtype: DType) {
      const d = dense(x, dtype);
      return d === x.buffer ? d.slice() : d;
    },
    assemble(shape, dtype, fillValue, parts: readonly AssemblePart<TypedArray>[]) {
      // the parts are disjoint (concat, slices' gradients): when they hold every element, nothing needs filling
      const covered = parts.reduce((n, p) => n + numel(p.src.shape), 0) === numel(shape);
      const out = result(dtype, numel(shape), !covered);
      if (fillValue !== 0 && !covered) out.fill(fillValue);
      const strides = contiguousStrides(shape);
      for (const part of parts) {
        // read in place when dense (a copy would only be copied again)
        const v = part.src;
        const inPlace = v.dtype === dtype && viewIsDense(v);
        if (!inPlace && v.dtype === dtype && placeStridedRows(out, shape, strides, v, part.begin, part.step)) continue;
        const src = inPlace ? v.buffer.subarray(v.offset, v.offset + numel(v.shape)) : dense(v, dtype);
        if (placeRuns(out, shape, strides, part.src.shape, part.begin, part.step, src)) continue;
        let offset = 0;
        const partStrides = strides.map((s, d) => {
          offset += part.begin[d]! * s;
          return s * part.step[d]!;
        });
        const dst = stridedIndices(part.src.shape, partStrides, offset);
        for (let i = 0; i < dst.length; i++) out[dst[i]!] = src[i]!;
      }
      return out;
    },

    reduce(op: ReduceOp, x: CpuView, axes, outDtype) {
      const inner = axes.reduce((p, a) => p * x.shape[a]!, 1);
      // counted from the kept dims: with an empty reduced dim, total / inner would be 0 / 0
      const outer = numel(x.shape.filter((_, d) => !axes.includes(d)));
      const out = result(outDtype, outer);
      if (inner === 0) {
        out.fill(op === 'sum' || op === 'any' ? 0 : op === 'prod' || op === 'all' ? 1 : NaN);
        return out;
      }
      reduceBlocks(op, dense(x), inner, out);
      return out;
    },
    argReduce(op: ArgReduceOp, x: CpuView, axis: number) {
      const inner = x.shape[axis]!;
      const out = new Int32Array(numel(x.shape) / inner);
      argReduceBlocks(op, dense(x), inner, out);
      return out;
    },

    matmul(a: CpuView, b: CpuView, outDtype: DType) {
      const r = a.shape.length;
      const M = a.shape[r - 2]!, K = a.shape[r - 1]!, N = b.shape[r - 1]!;
      const batchShape = a.shape.slice(0, r - 2);
      const batch = numel(batchShape);
      const out = arrayFor(outDtype, batch * M * N);
      const aBase = stridedIndices(batchShape, a.strides.slice(0, r - 2), a.offset);
      const bBase = stridedIndices(batchShape, b.strides.slice(0, r - 2), b.offset);
      for (let i = 0; i < batch; i++) {
        gemm(M, N, K, a.buffer, aBase[i]!, a.strides[r - 2]!, a.strides[r - 1]!,
          b.buffer, bBase[i]!, b.strides[r - 2]!, b.strides[r - 1]!, out, i * M * N);
      }
      return out;
    },

    gather(x: CpuView, dim: number, index: CpuView) {
      const rows = gatherRows(x, dim, index);
      if (rows) return rows;
      const idx = dense(index);
      const baseStrides = x.strides.map((s, d) => (d === dim ? 0 : s));
      const base = stridedIndices(index.shape, baseStrides, x.offset);
      const out = result(x.dtype, idx.length);
      const size = x.shape[dim]!;
      const step = x.strides[dim]!;
      const src = x.buffer;
      for (let i = 0; i < idx.length; i++) {
        let j = idx[i]!;
        if (j < 0) j += size;
        if (j < 0 || j >= size) throw new ValueError(`gather: index ${idx[i]} is out of range for dim ${dim} of size ${size}`);
        out[i] = src[base[i]! + j * step]!;
      }
      return out;
    },
    scatterAdd(shape, dim, index: CpuView, src: CpuView, baseView?: CpuView) {
      const rows = scatterAddRows(shape, dim, index, src, baseView);
      if (rows) return rows;
      const dtype = src.dtype;
      const out = baseView ? dense(baseView, dtype).slice() : result(dtype, numel(shape), true);
      const idx = dense(index);
      const vals = dense(src);
      const strides = contiguousStrides(shape);
      const pos = stridedIndices(index.shape, strides.map((s, d) => (d === dim ? 0 : s)), 0);
      const size = shape[dim]!;
      const step = strides[dim]!;
      for (let i = 0; i < idx.length; i++) {
        let j = idx[i]!;
        if (j < 0) j += size;
        if (j < 0 || j >= size) throw new ValueError(`scatterAdd: index ${idx[i]} is out of range for dim ${dim} of size ${size}`);
        out[pos[i]! + j * step] += vals[i]!;
      }
      return out;
    },

    spmm,
    sddmm,
    segmentSoftmax,
    segmentSoftmaxBackward,
    edgeLogits,
    edgeLogitsBackward,
    lstmCell,
    optimizerStep,
    softmaxCrossEntropy,
    reluBackward,
    biasActivation,
    lstmCellBackward,
    lstmCellAct,
    lstmCellActBackward,
    gruCellAct,
    gruCellActBackward,
    gruCell,
    gruCellBackward,

    random(spec: RandomSpec, size: number, dtype: DType) {
      return cpuRandom(spec, size, dtype, result(dtype, size));
    },

    ...cpuConvKernels,
    ...cpuPoolKernels,
    ...batchNormKernels(result),
  }, options));
}

function dtypeMatches(data: TypedArray, dtype: DType): boolean {
  return (dtype === 'float32' && data instanceof Float32Array) || (dtype === 'float64' && data instanceof Float64Array) ||
    (dtype === 'int32' && data instanceof Int32Array) || (dtype === 'bool' && data instanceof Uint8Array);
}

function convert(data: TypedArray, dtype: DType): TypedArray {
  const out = arrayFor(dtype, data.length);
  if (dtype === 'bool') for (let i = 0; i < data.length; i++) out[i] = data[i] ? 1 : 0;
  else for (let i = 0; i < data.length; i++) out[i] = data[i]!;
  return out;
}

function readSync(buffer: TypedArray, _dtype: DType, size: number): TypedArray {
  return buffer.length === size ? buffer.slice() : buffer.slice(0, size);
}

/** Draws `size` values of `dtype` into `out` (every element is written). */
export function cpuRandom(spec: RandomSpec, size: number, dtype: DType, out: TypedArray = arrayFor(dtype, size)): TypedArray {
  const [k0, k1] = spec.key;
  const probs = spec.dist === 'bernoulli' && spec.probs ? dense(spec.probs as CpuView, 'float64') : null;
  const wide = dtype === 'float64';
  // element i uses counter offset + i; draw the words in chunks to bound the scratch memory
  const CHUNK = 65536;
  const w0 = new Uint32Array(Math.min(size, CHUNK));
  const w1 = new Uint32Array(Math.min(size, CHUNK));
  for (let start = 0; start < size; start += CHUNK) {
    const n = Math.min(CHUNK, size - start);
    threefryFill(k0, k1, spec.offset + start, n, w0, w1);
    switch (spec.dist) {
      case 'uniform':
        if (wide) for (let i = 0; i < n; i++) out[start + i] = uniform53(w0[i]!, w1[i]!);
        else for (let i = 0; i < n; i++) out[start + i] = uniform24(w0[i]!);
        break;
      case 'normal': for (let i = 0; i < n; i++) out[start + i] = normalFromBits(w0[i]!, w1[i]!); break;
      case 'bernoulli':
        for (let i = 0; i < n; i++) out[start + i] = uniform24(w0[i]!) < Math.fround(probs ? probs[start + i]! : 0.5) ? 1 : 0;
        break;
      case 'bits': for (let i = 0; i < n; i++) out[start + i] = w0[i]! | 0; break;
    }
  }
  return out;
}
