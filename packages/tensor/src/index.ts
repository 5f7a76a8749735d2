/**
 * @dnn/tensor — tensors, autograd and the CPU backend of dnn.
 * @packageDocumentation
 */
export { Tensor } from './tensor';
export type { NestedNumbers } from './tensor';
export { Device, cpu, getDefaultDevice, setDefaultDevice } from './device';
export type { MemoryInfo } from './device';
export type { DType, TypedArray } from './dtype';
export { isFloat, promote, bytesPerElement } from './dtype';
export { toHalfBits, fromHalfBits, roundToHalf } from './half';
export { DnnError, ShapeError, DTypeError, DeviceError, ValueError, AllocationError } from './errors';
export { tidy, keep, dispose, onLeak, isTensor, traceTensorCreation, liveTensorTraces } from './memory';
export { Generator, manualSeed, getDefaultGenerator } from './random/generator';
export { threefry2x32 } from './random/threefry';
export { noGrad, enableGrad, isGradEnabled } from './autograd/mode';
export { grad, valueAndGrad, gradients, backward } from './autograd/api';
export type { BackwardOptions } from './autograd/engine';
export { traceOps } from './autograd/observer';
export type { OpObserver } from './autograd/observer';
export type { Primitive, PrimitiveParams } from './primitives/params';
export type * from './backend/contract';
export { createCpuBackend } from './backend/cpu/index';
export { setCpuKernels, setCpuThreads, setCpuThreadSpin, cpuKernelInfo } from './backend/wasm/index';
export type { CpuKernels, CpuBackendOptions, CpuKernelInfo } from './backend/wasm/index';

export * from './ops/creation';
export * from './ops/elementwise';
export * from './ops/reduce';
export * from './ops/matmul';
export * from './ops/movement';
export * from './ops/sparse';
export * from './ops/rnn-cells';
export * from './ops/rnn-sequence';
export * from './ops/batch-norm';
export * from './ops/conv';
export * from './ops/bias-activation';
export * from './ops/random';
export { triu, tril } from './ops/triangular';
export { cumsum } from './ops/scan';
export { movedim } from './ops/movedim';

export * as nn from './nn/index';
// every layer is importable from the top level (and, as in PyTorch, under `nn`)
export {
  Module, Parameter, Sequential, ModuleList, ModuleDict, Linear, Dropout, Embedding, LayerNorm, asFunction,
  ReLU, LeakyReLU, ELU, GELU, Sigmoid, Tanh, ScaledTanh, Softplus, SiLU, Softmax, LogSoftmax, Identity, Flatten,
} from './nn/index';
export type {
  ModuleOptions, LoadResult, LinearOptions, DropoutOptions, EmbeddingOptions, LayerNormOptions,
  LeakyReLUOptions, ELUOptions, GELUOptions, SoftplusOptions, SoftmaxOptions, FlattenOptions,
} from './nn/index';
export { fmtShape } from './errors';
export {
  mseLoss, l1Loss, smoothL1Loss, crossEntropy, nllLoss, binaryCrossEntropy, binaryCrossEntropyWithLogits, klDiv, cosineEmbeddingLoss,
} from './nn/losses';
export type { Reduction, LossOptions, ClassLossOptions, CrossEntropyOptions, BCEWithLogitsOptions, KLDivOptions } from './nn/losses';
export * as optim from './optim/index';
export * as safetensors from './io/safetensors-api';
export type { EncodeOptions, DecodeToOptions, SafetensorsContents } from './io/safetensors-api';
export { saveStateDict, loadStateDict, loadSafetensors } from './io/state-dict';
export type { SaveStateDictOptions, LoadStateDictOptions } from './io/state-dict';
