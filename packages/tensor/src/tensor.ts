import { TensorCore } from './tensor-core';
import type { DType } from './dtype';
import type { Device } from './device';
import { DeviceError, ValueError, fmtShape } from './errors';
import { TENSOR_BRAND, track, untrack } from './memory';
import { shareInstanceofAcrossCopies } from './process-state';
import * as ew from './ops/elementwise';
import type { TensorLike } from './ops/elementwise';
import { BINARY_OPS, UNARY_OPS, type BinaryOp, type UnaryOp } from './primitives/elementwise';
import * as rd from './ops/reduce';
import type { Dims } from './ops/reduce';
import * as mv from './ops/movement';
import * as mm from './ops/matmul';
import * as cv from './ops/conv';
import { triu, tril } from './ops/triangular';
import { movedim } from './ops/movedim';
import { cumsum } from './ops/scan';
import { backward } from './autograd/api';
import type { BackwardOptions } from './autograd/engine';
import { apply } from './autograd/engine';
import { noGrad } from './autograd/mode';
import { newStorage } from './tensor-core';
import { contiguousStrides } from './shape';
import { full } from './ops/creation';

export type NestedNumbers = number | NestedNumbers[];

/** One method per element-wise op of the table (primitives/elementwise.ts): `x.exp()`, `a.add(b)`. */
type ElementwiseMethods = { [K in UnaryOp]: () => Tensor } & { [K in BinaryOp]: (other: TensorLike) => Tensor };
// the class gains the table's methods: declared here, installed on the prototype below
export interface Tensor extends ElementwiseMethods {}

/**
 * An n-dimensional array on a device, with PyTorch semantics: every op exists as a function and as a
 * method, broadcasting follows NumPy, and `requiresGrad` tensors record the tape for `backward()`.
 */
export class Tensor extends TensorCore {
  declare grad: Tensor | null;

  // ---- reading ----
  async array(): Promise<NestedNumbers> {
    return nest(Array.from(await this.data(), Number), this.shape);
  }
  arraySync(): NestedNumbers {
    return nest(Array.from(this.dataSync(), Number), this.shape);
  }
  /** The single value of a one-element tensor (CPU, synchronous). */
  item(): number {
    if (this.size !== 1) throw new ValueError(`item: only one-element tensors have an item, got ${fmtShape(this.shape)}`);
    return Number(this.dataSync()[0]);
  }
  /** The single value of a one-element tensor, read from any device (WebGPU included): `await loss.itemAsync()`. */
  async itemAsync(): Promise<number> {
    if (this.size !== 1) throw new ValueError(`itemAsync: only one-element tensors have an item, got ${fmtShape(this.shape)}`);
    return Number((await this.data())[0]);
  }
  override toString(): string {
    const body = this.device.backend.syncRead && this.size <= 100 && !this.disposed ? JSON.stringify(this.arraySync()) : '…';
    return `Tensor(${fmtShape(this.shape)}, ${this.dtype}, ${this.device.name}${this.requiresGrad ? ', requiresGrad' : ''}) ${body}`;
  }

  // ---- autograd ----
  backward(gradOutput?: Tensor, opts?: BackwardOptions): void {
    backward(this, gradOutput, opts);
  }
  /** A leaf sharing this data, cut from the tape. */
  detach(): Tensor {
    this.assertAlive('detach');
    return new Tensor(this.storage, this.shape, this.strides, this.offset);
  }
  /** Keep `.grad` on this non-leaf after backward. */
  retainGrad(): this {
    this.retainsGrad = true;
    return this;
  }
  setRequiresGrad(flag = true): this {
    if (!this.isLeaf && !flag) throw new ValueError('setRequiresGrad: only leaves can stop requiring grad; use detach()');
    this.requiresGrad = flag;
    return this;
  }
  zeroGrad(): void {
    this.grad?.dispose();
    this.grad = null;
  }
  /** A copy with its own storage (on the tape: gradients flow back to this). */
  clone(): Tensor {
    return apply('cast', [this], { dtype: this.dtype });
  }

  /**
   * Replaces this tensor's value in place, keeping the object (how optimizers update parameters).
   * Views taken earlier keep the old value; the recorded tape is untouched.
   */
  assign(value: Tensor): this {
    this.assertAlive('assign');
    value.assertAlive('assign');
    if (value.device !== this.device) throw new DeviceError(`assign: value is on ${value.device.name}, tensor on ${this.device.name}`);
    if (value.shape.length !== this.shape.length || value.shape.some((d, i) => d !== this.shape[i])) {
      throw new ValueError(`assign: shape ${fmtShape(value.shape)} differs from ${fmtShape(this.shape)}`);
    }
    const src = value.dtype === this.dtype && value.isContiguous() && value.offset === 0
      ? value
      : noGrad(() => apply('cast', [value], { dtype: this.dtype }));
    this.adopt(src);
    if (src !== value) src.dispose();
    return this;
  }

  /** Points this handle at src's storage and layout (the shapes are already known to match). */
  private adopt(src: Tensor): void {
    const mutable = this as unknown as { storage: TensorCore['storage']; strides: readonly number[]; offset: number };
    untrack(this);
    src.storage.retain();
    this.storage.device.liveTensors--;
    this.storage.release();
    src.storage.device.liveTensors++;
    mutable.storage = src.storage;
    mutable.strides = src.strides;
    mutable.offset = src.offset;
    track(this, false);
  }

  /** Moves this tensor's data to another device in place (Module.to uses it). */
  moveInPlace(device: Device): this {
    if (device === this.device) return this;
    const moved = this.to(device);
    this.adopt(moved);
    moved.dispose();
    return this;
  }

  /** Asynchronous moveInPlace, for leaving a device that reads asynchronously. */
  async moveInPlaceAsync(device: Device): Promise<this> {
    if (device === this.device) return this;
    const moved = await this.toAsync(device);
    this.adopt(moved);
    moved.dispose();
    return this;
  }

  /** Moves (copies) to another device; returns this when already there. */
  to(device: Device): Tensor {
    this.assertAlive('to');
    if (device === this.device) return this;
    if (!this.device.backend.syncRead || !this.device.backend.readSync) {
      throw new DeviceError(`to: moving from ${this.device.name} needs an asynchronous read; use 'await t.toAsync(device)'`);
    }
    const t = this.toFromData(this.dataSync(), device);
    return t;
  }
  async toAsync(device: Device): Promise<Tensor> {
    if (device === this.device) return this;
    return this.toFromData(await this.data(), device);
  }
  private toFromData(data: ReturnType<TensorCore['dataSync']>, device: Device): Tensor {
    const buffer = device.backend.fromArray(data, this.dtype);
    const t = new Tensor(newStorage(device, buffer, this.dtype, this.shape), this.shape, contiguousStrides(this.shape), 0);
    t.requiresGrad = this.requiresGrad && this.isLeaf;
    return t;
  }

  // ---- element-wise ----
  /** o - this */
  rsub(o: TensorLike): Tensor { return ew.sub(o, this); }
  square(): Tensor { return ew.square(this); }
  leakyRelu(slope?: number): Tensor { return ew.leakyRelu(this, slope); }
  elu(alpha?: number): Tensor { return ew.elu(this, alpha); }
  gelu(approximate?: 'none' | 'tanh'): Tensor { return ew.gelu(this, approximate); }
  softplus(beta?: number, threshold?: number): Tensor { return ew.softplus(this, beta, threshold); }
  silu(): Tensor { return ew.silu(this); }
  clamp(min?: number | Tensor | null, max?: number | Tensor | null): Tensor { return ew.clamp(this, min, max); }
  /** this where cond is true, else other. */
  where(a: TensorLike, b: TensorLike): Tensor { return ew.where(this, a, b); }
  cast(dtype: DType): Tensor { return ew.cast(this, dtype); }
  float(): Tensor { return ew.cast(this, 'float32'); }
  double(): Tensor { return ew.cast(this, 'float64'); }
  int(): Tensor { return ew.cast(this, 'int32'); }
  bool(): Tensor { return ew.cast(this, 'bool'); }
  zerosLike(): Tensor { return full(this.shape, 0, { dtype: this.dtype, device: this.device }); }
  onesLike(): Tensor { return full(this.shape, 1, { dtype: this.dtype, device: this.device }); }

  // ---- reductions ----
  sum(dims?: Dims, keepDim = false): Tensor { return rd.sum(this, dims, keepDim); }
  mean(dims?: Dims, keepDim = false): Tensor { return rd.mean(this, dims, keepDim); }
  prod(dims?: Dims, keepDim = false): Tensor { return rd.prod(this, dims, keepDim); }
  max(dims?: Dims, keepDim = false): Tensor { return rd.max(this, dims, keepDim); }
  min(dims?: Dims, keepDim = false): Tensor { return rd.min(this, dims, keepDim); }
  any(dims?: Dims, keepDim = false): Tensor { return rd.any(this, dims, keepDim); }
  all(dims?: Dims, keepDim = false): Tensor { return rd.all(this, dims, keepDim); }
  argmax(dim?: number, keepDim = false): Tensor { return rd.argmax(this, dim, keepDim); }
  argmin(dim?: number, keepDim = false): Tensor { return rd.argmin(this, dim, keepDim); }
  var(dims?: Dims, opts?: { correction?: number; keepDim?: boolean }): Tensor { return rd.variance(this, dims, opts); }
  std(dims?: Dims, opts?: { correction?: number; keepDim?: boolean }): Tensor { return rd.std(this, dims, opts); }
  logsumexp(dims?: Dims, keepDim = false): Tensor { return rd.logsumexp(this, dims, keepDim); }
  softmax(dim = -1): Tensor { return rd.softmax(this, dim); }
  logSoftmax(dim = -1): Tensor { return rd.logSoftmax(this, dim); }
  cumsum(dim: number): Tensor { return cumsum(this, dim); }

  // ---- linear algebra ----
  matmul(o: Tensor): Tensor { return mm.matmul(this, o); }
  dot(o: Tensor): Tensor { return mm.dot(this, o); }
  outer(o: Tensor): Tensor { return mm.outer(this, o); }
  /** Transpose of the last two dims. */
  mT(): Tensor { return mv.transpose(this, -2, -1); }
  /** Transpose of a 2-D tensor (or reversal of all dims). */
  get T(): Tensor { return mv.permute(this, [...this.shape.keys()].reverse()); }
  triu(k = 0): Tensor { return triu(this, k); }
  tril(k = 0): Tensor { return tril(this, k); }

  // ---- movement ----
  reshape(shape: readonly number[]): Tensor { return mv.reshape(this, shape); }
  /** reshape that refuses non-contiguous input, as torch.Tensor.view does. */
  view(shape: readonly number[]): Tensor {
    if (!this.isContiguous()) throw new ValueError(`view: tensor ${fmtShape(this.shape)} is not contiguous; use reshape()`);
    return mv.reshape(this, shape);
  }
  flatten(startDim = 0, endDim = -1): Tensor { return mv.flatten(this, startDim, endDim); }
  squeeze(dims?: number | readonly number[]): Tensor { return mv.squeeze(this, dims); }
  unsqueeze(dim: number): Tensor { return mv.unsqueeze(this, dim); }
  permute(perm: readonly number[]): Tensor { return mv.permute(this, perm); }
  transpose(d0: number, d1: number): Tensor { return mv.transpose(this, d0, d1); }
  movedim(from: number, to: number): Tensor { return movedim(this, from, to); }
  expand(shape: readonly number[]): Tensor { return mv.expand(this, shape); }
  expandAs(o: Tensor): Tensor { return mv.expand(this, o.shape); }
  contiguous(): Tensor { return mv.contiguous(this); }
  slice(specs: readonly (mv.SliceSpec | null | undefined)[]): Tensor { return mv.slice(this, specs); }
  narrow(dim: number, start: number, length: number): Tensor { return mv.narrow(this, dim, start, length); }
  select(dim: number, index: number): Tensor { return mv.select(this, dim, index); }
  flip(dims: number | readonly number[]): Tensor { return mv.flip(this, dims); }
  gather(dim: number, index: Tensor): Tensor { return mv.gather(this, dim, index); }
  scatterAdd(dim: number, index: Tensor, src: Tensor): Tensor { return mv.scatterAdd(this, dim, index, src); }
  indexSelect(dim: number, index: Tensor): Tensor { return mv.indexSelect(this, dim, index); }
  split(sizes: number | readonly number[], dim = 0): Tensor[] { return mv.split(this, sizes, dim); }
  chunk(chunks: number, dim = 0): Tensor[] { return mv.chunk(this, chunks, dim); }
  pad(pads: readonly number[], mode?: mv.PadMode, value?: number): Tensor { return mv.pad(this, pads, mode, value); }
  repeat(reps: readonly number[]): Tensor { return mv.repeat(this, reps); }

  // ---- convolution and pooling ----
  conv2d(w: Tensor, bias?: Tensor | null, opts?: cv.Conv2dOptions): Tensor { return cv.conv2d(this, w, bias, opts); }
  maxPool2d(opts: cv.Pool2dOptions): Tensor { return cv.maxPool2d(this, opts); }
  avgPool2d(opts: cv.Pool2dOptions & { countIncludePad?: boolean }): Tensor { return cv.avgPool2d(this, opts); }
}

for (const op of Object.keys(UNARY_OPS) as UnaryOp[]) {
  Object.defineProperty(Tensor.prototype, op, {
    value: function (this: Tensor): Tensor { return ew.unaryOp(op, this); }, writable: true, configurable: true,
  });
}
for (const op of Object.keys(BINARY_OPS) as BinaryOp[]) {
  Object.defineProperty(Tensor.prototype, op, {
    value: function (this: Tensor, other: TensorLike): Tensor { return ew.binaryOp(op, this, other); }, writable: true, configurable: true,
  });
}

// a tensor from the other build (ESM or CommonJS) loaded in the same process is a Tensor here too
shareInstanceofAcrossCopies(Tensor, TENSOR_BRAND);

function nest(flat: number[], shape: readonly number[]): NestedNumbers {
  if (shape.length === 0) return flat[0]!;
  const [d, ...rest] = shape;
  const size = rest.reduce((a, b) => a * b, 1);
  return Array.from({ length: d! }, (_, i) => nest(flat.slice(i * size, (i + 1) * size), rest));
}
