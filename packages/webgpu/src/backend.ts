import type { Backend, DType, TypedArray } from '@dnn/tensor';
import type { GpuContext } from './context';
import { bufferBytes, fromGpuWords, toGpuArray, wgslType } from './dtypes';
import { requireHalf } from './half';
import { guardFloat16 } from '@dnn/tensor/backend';
import { biasActivation, binary, copy, reluBackward, unary, where } from './elementwise';
import { fill } from './kernels/fill';
import { assemble } from './kernels/assemble';
import { argReduce, reduce } from './kernels/reduce';
import { matmul } from './kernels/matmul';
import { gather, scatterAdd } from './kernels/gather';
import { random } from './kernels/random';
import { conv2d, conv2dBackwardInput, conv2dBackwardWeight } from './kernels/conv';
import { avgPool2d, avgPool2dBackward, maxPool2d } from './kernels/pool';
import { softmax } from './kernels/softmax';
import { optimizerStep } from './kernels/optimizer';
import { SparseIndex, spmm } from './kernels/spmm';

/** The WebGPU backend: buffers are GPUBuffers of 32-bit words (see dtypes.ts for the layout). */
export interface WebGPUBackend extends Backend<GPUBuffer> {
  readonly context: GpuContext;
}

export function createWebGPUBackend(ctx: GpuContext): WebGPUBackend {
  const sparse = new SparseIndex(ctx);
  // float16 reaches only the methods written for it; every other one refuses it (guardFloat16)
  return guardFloat16<WebGPUBackend>({
    name: 'webgpu',
    // reads need the GPU to finish: only asynchronously, so dataSync() refuses with a DeviceError
    syncRead: false,
    // WGSL has no 64-bit floats: ops that draw or sum in float64 on the CPU use 32-bit formulations here
    dtypes: ctx.hasHalf ? ['float16', 'float32', 'int32', 'bool'] : ['float32', 'int32', 'bool'],
    context: ctx,

    fromArray(data: TypedArray, dtype: DType) {
      requireHalf(ctx.hasHalf, dtype, 'tensor');
      const words = toGpuArray(data, dtype, 'tensor');
      const buffer = ctx.alloc(words.byteLength, 'tensor');
      if (words.byteLength) ctx.write(buffer, words);
      // index arrays stay readable on the host: spmm groups its entries by row there
      if (dtype === 'int32') sparse.uploaded(buffer, words as Int32Array);
      return buffer;
    },
    fill(size, dtype, value) {
      requireHalf(ctx.hasHalf, dtype, 'fill');
      return fill(ctx, size, dtype, value);
    },
    async read(buffer, dtype, size) {
      wgslType(dtype, 'read');
      const words = await ctx.read(buffer, bufferBytes(dtype, size), 'read');
      return fromGpuWords(words, dtype, size);
    },
    free(buffer) {
      sparse.freed(buffer);
      ctx.free(buffer);
    },
    byteSize: (buffer) => buffer.size,

    unary: (op, x, outDtype) => unary(ctx, op, x, outDtype),
    binary: (op, a, b, shape, outDtype) => binary(ctx, op, a, b, shape, outDtype),
    where: (cond, a, b, shape, outDtype) => where(ctx, cond, a, b, shape, outDtype),
    copy(x, dtype) {
      requireHalf(ctx.hasHalf, dtype, 'cast');
      return copy(ctx, x, dtype);
    },
    assemble: (shape, dtype, fillValue, parts) => assemble(ctx, shape, dtype, fillValue, parts),
    reduce: (op, x, axes, outDtype) => reduce(ctx, op, x, axes, outDtype),
    argReduce: (op, x, axis) => argReduce(ctx, op, x, axis),
    matmul: (a, b, outDtype) => matmul(ctx, a, b, outDtype),
    gather: (x, dim, index) => gather(ctx, x, dim, index),
    scatterAdd: (shape, dim, index, src, base) => scatterAdd(ctx, shape, dim, index, src, base),
    random: (spec, size, dtype) => random(ctx, spec, size, dtype),

    // optional fast kernels
    conv2d: (x, w, spec, outShape) => conv2d(ctx, x, w, spec, outShape),
    conv2dBackwardInput: (dy, w, spec, xShape) => conv2dBackwardInput(ctx, dy, w, spec, xShape),
    conv2dBackwardWeight: (x, dy, spec, wShape) => conv2dBackwardWeight(ctx, x, dy, spec, wShape),
    maxPool2d: (x, spec) => maxPool2d(ctx, x, spec),
    avgPool2d: (x, spec) => avgPool2d(ctx, x, spec),
    avgPool2dBackward: (dy, spec, xShape) => avgPool2dBackward(ctx, dy, spec, xShape),
    softmax: (x, log) => softmax(ctx, x, log),
    reluBackward: (dy, x) => reluBackward(ctx, dy, x),
    biasActivation: (x, bias, activation) => biasActivation(ctx, x, bias, activation),
    optimizerStep: (spec, updates) => optimizerStep(ctx, spec, updates),
    spmm: (x, w, row, col, rows) => spmm(ctx, sparse, x, w, row, col, rows),
  });
}
