import type { View } from './backend/contract';
import type { Device } from './device';
import { bytesPerElement, type DType, type TypedArray } from './dtype';
import { DeviceError, ValueError, fmtShape } from './errors';
import { Storage } from './storage';
import { contiguousStrides, isContiguous, numel } from './shape';
import { TENSOR_BRAND, track, untrack } from './memory';
import type { Node } from './autograd/node';

import { processWide } from './process-state';

// ids stay unique across the ESM and CommonJS builds loaded in one process
const ids = processWide('tensor-ids', () => ({ next: 1 }));

/**
 * The state every tensor handle has: a strided view onto shared storage, and its autograd links.
 * Ops and methods live in tensor.ts; this base stays free of them to keep import cycles out.
 */
export class TensorCore {
  readonly id = ids.next++;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
  readonly dtype: DType;
  /** Current storage; `assign` swaps it, so parameters keep their identity across updates. */
  storage: Storage;
  requiresGrad = false;
  /** Accumulated gradient of a leaf (or of a non-leaf after retainGrad()). */
  grad: TensorCore | null = null;
  private _node: Node | null = null;
  retainsGrad = false;
  /** For a handle: the tensor it was made from, so autograd treats both as one value. */
  source: TensorCore | null = null;
  disposed = false;
  /** Whether the finalization registry watches this tensor (memory.ts: not while a tidy scope holds it). */
  watched = false;
  /** Internal handles (saved for backward) are not owned by tidy scopes. */
  readonly [TENSOR_BRAND] = true;

  constructor(storage: Storage, shape: readonly number[], strides: readonly number[], offset: number, scoped = true) {
    this.storage = storage;
    this.dtype = storage.dtype;
    this.shape = shape;
    this.strides = strides;
    this.offset = offset;
    storage.retain();
    storage.device.liveTensors++;
    track(this as never, scoped);
  }

  /** The primitive application that produced this tensor, or null for leaves. A live tensor holds its node. */
  get node(): Node | null {
    return this._node;
  }
  set node(n: Node | null) {
    if (n === this._node) return;
    if (!this.disposed) {
      n?.hold();
      this._node?.drop();
    }
    this._node = n;
  }

  get device(): Device {
    return this.storage.device;
  }
  get rank(): number {
    return this.shape.length;
  }
  get ndim(): number {
    return this.shape.length;
  }
  get size(): number {
    return numel(this.shape);
  }
  get isLeaf(): boolean {
    return this.node === null;
  }
  isContiguous(): boolean {
    return isContiguous(this.shape, this.strides);
  }

  /** The backend view of this tensor, after checking it is still alive. */
  viewFor(op: string): View {
    this.assertAlive(op);
    return { buffer: this.storage.buffer, dtype: this.dtype, shape: this.shape, strides: this.strides, offset: this.offset };
  }

  assertAlive(op: string): void {
    if (this.disposed) throw new ValueError(`${op}: tensor ${fmtShape(this.shape)} (${this.dtype}) was disposed`);
  }

  /** Releases this handle; the buffer is freed when no other view or saved value holds it. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    untrack(this as never);
    this.storage.device.liveTensors--;
    this.storage.release();
    if (this.grad && this.grad.id !== this.id) this.grad.dispose();
    this.grad = null;
    // the node stays linked (graph walks pass through disposed inputs) but is no longer held
    this._node?.drop();
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  /**
   * A second handle on the same view, owned by the caller rather than any tidy scope. It stays on the
   * tape (same node, same requiresGrad) so values saved for backward remain differentiable.
   */
  handle(): this {
    this.assertAlive('handle');
    const Ctor = this.constructor as new (s: Storage, sh: readonly number[], st: readonly number[], o: number, scoped: boolean) => this;
    const h = new Ctor(this.storage, this.shape, this.strides, this.offset, false);
    h.requiresGrad = this.requiresGrad;
    h.node = this.node;
    h.source = this.source ?? this;
    return h;
  }

  /** Synchronous read of the elements in row-major order (CPU only). */
  dataSync(): TypedArray {
    const backend = this.device.backend;
    if (!backend.syncRead || !backend.readSync) {
      throw new DeviceError(`dataSync: the ${this.device.name} device reads asynchronously; use 'await t.data()' instead`);
    }
    const dense = this.denseStorageView('dataSync');
    return backend.readSync(dense.buffer, this.dtype, this.size);
  }

  /** Asynchronous read of the elements in row-major order (every device). */
  async data(): Promise<TypedArray> {
    const dense = this.denseStorageView('data');
    const out = await this.device.backend.read(dense.buffer, this.dtype, this.size);
    if (dense.temp) this.device.backend.free(dense.buffer);
    return out;
  }

  private denseStorageView(op: string): { buffer: unknown; temp: boolean } {
    const v = this.viewFor(op);
    if (this.offset === 0 && this.isContiguous()) return { buffer: v.buffer, temp: false };
    return { buffer: this.device.backend.copy(v, this.dtype), temp: true };
  }
}

/** Wraps a fresh backend buffer (contiguous, row-major) as a new tensor storage. */
export function newStorage(device: Device, buffer: unknown, dtype: DType, shape: readonly number[]): Storage {
  const size = numel(shape);
  return new Storage(device, buffer, dtype, size, size * bytesPerElement(dtype));
}

export { contiguousStrides };
