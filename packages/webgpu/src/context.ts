import { DeviceError, ValueError, type DnnError } from '@dnn/tensor';
import { CommandBatch } from './batch';
import { BufferPool, sizeClass, STORAGE_USAGE } from './buffers';
import { BufferUsage, MapMode } from './gpu-constants';
import { programSource, type Meta, type Program } from './program';

const COMPUTE_STAGE = 0x4; // GPUShaderStage.COMPUTE

/**
 * Device-side faults: kernels cannot throw, so a kernel that meets a bad index records the first one
 * here (flag, code, dim, index, size) and the next read reports it as a ValueError.
 */
export const FAULT_WORDS = 8;
/** Mappable buffers up to this size are kept for later reads (at most four). */
const MAX_STAGING_BYTES = 1 << 24;
export const FAULT_CODES: Record<number, string> = { 1: 'gather', 2: 'scatterAdd' };

interface PipelineEntry {
  readonly pipeline: GPUComputePipeline;
  readonly layout: GPUBindGroupLayout;
}

export interface ContextOptions {
  /** Bytes of freed buffers kept for reuse (default 512 MiB). */
  readonly maxPooledBytes?: number;
  /** An object that must live as long as the device (the GPU entry point it came from). */
  readonly keepAlive?: unknown;
  /** Rows of a matrix product's output each thread computes, at most (see WebGPUOptions; default 4). */
  readonly gemmRowsPerThread?: GemmRowsPerThread;
}

export type GemmRowsPerThread = 4 | 8 | 16;

/**
 * One GPUDevice with what every kernel needs: the buffer pool, the pipeline cache, a way to run a
 * program, asynchronous reads, and the translation of WebGPU's asynchronous failures (device loss,
 * out-of-memory, invalid kernels) into dnn's typed errors instead of silent garbage or hangs.
 */
export class GpuContext {
  readonly pool: BufferPool;
  /** The open command batch every kernel, copy and clear is recorded into. */
  readonly batch: CommandBatch;
  readonly fault: GPUBuffer;
  readonly keepAlive: unknown;
  /** Whether the device has `shader-f16`, so float16 tensors can live on it. */
  readonly hasHalf: boolean;
  /** Rows of a matrix product's output each thread computes, at most (see kernels/gemm.ts). */
  readonly gemmRowsPerThread: GemmRowsPerThread;
  private readonly pipelines = new Map<string, PipelineEntry>();
  /** Mappable buffers of earlier reads, reused: creating one per read costs more than the copy. */
  private readonly staging: GPUBuffer[] = [];
  private lostInfo: GPUDeviceLostInfo | null = null;
  private pending: DnnError | null = null;
  /** Rejects (with a DeviceError) once the device is lost; raced against every read. */
  private readonly lostError: Promise<never>;

  constructor(readonly device: GPUDevice, opts: ContextOptions = {}) {
    this.keepAlive = opts.keepAlive;
    this.hasHalf = device.features.has('shader-f16');
    this.gemmRowsPerThread = opts.gemmRowsPerThread ?? 4;
    this.lostError = device.lost.then((info) => {
      this.lostInfo = info;
      throw this.lostErrorFor('read');
    });
    this.lostError.catch(() => {}); // observed by reads; never an unhandled rejection
    device.addEventListener('uncapturederror', (e) => {
      this.fail(new DeviceError(`webgpu: uncaptured ${errorKind((e as GPUUncapturedErrorEvent).error)}: ${(e as GPUUncapturedErrorEvent).error.message}`));
    });
    this.batch = new CommandBatch(device, STORAGE_USAGE);
    this.pool = new BufferPool((bytes, op) => this.createBuffer(bytes, op), opts.maxPooledBytes ?? 512 * 2 ** 20, (b) => this.batch.destroy(b));
    this.fault = this.createBuffer(FAULT_WORDS * 4, 'init');
    device.queue.writeBuffer(this.fault, 0, new Int32Array(FAULT_WORDS));
  }

  get limits(): GPUSupportedLimits {
    return this.device.limits;
  }

  /** Throws the device's loss, or an error that surfaced asynchronously since the last check. */
  check(op: string): void {
    if (this.lostInfo) throw this.lostErrorFor(op);
    const e = this.pending;
    if (e) {
      this.pending = null;
      throw e;
    }
  }

  /** A storage buffer of at least `bytes`, from the pool; refuses sizes beyond the device's limits. */
  alloc(bytes: number, op: string): GPUBuffer {
    this.check(op);
    const limit = Math.min(this.limits.maxBufferSize, this.limits.maxStorageBufferBindingSize);
    if (bytes > limit) {
      throw new DeviceError(`${op}: needs a GPU buffer of ${bytes} bytes, above this device's limit of ${limit} bytes`);
    }
    return this.pool.acquire(bytes, op);
  }

  free(buffer: GPUBuffer): void {
    if (this.lostInfo) return; // everything is gone with the device
    this.pool.release(buffer);
  }

  /** Records one program over `buffers` (in its binding order) and its meta words into the open batch. */
  run(p: Program, buffers: readonly GPUBuffer[], meta: Meta): void {
    const [x, y, z] = p.dispatch;
    if (x === 0 || y === 0 || z === 0) return;
    const { pipeline, layout } = this.pipeline(p);
    this.batch.dispatch({ key: p.key, pipeline, layout, buffers, meta: meta.toArray(), groups: [x, y, z] });
  }

  /** Copies bytes between buffers, in order with the recorded kernels (offsets and sizes are multiples of 4). */
  copy(src: GPUBuffer, srcOffset: number, dst: GPUBuffer, dstOffset: number, bytes: number): void {
    if (bytes === 0) return;
    this.batch.copy(src, srcOffset, dst, dstOffset, bytes);
  }

  /** Zeroes the first `bytes` of a buffer. */
  clear(buffer: GPUBuffer, bytes: number): void {
    if (bytes === 0) return;
    this.batch.clear(buffer, bytes);
  }

  /** Writes host data into a buffer, ordered after every recorded use of the buffer. */
  write(buffer: GPUBuffer, data: ArrayBufferView): void {
    this.batch.write(buffer, 0, data.buffer as ArrayBuffer, data.byteOffset, data.byteLength);
  }

  /**
   * The first `bytes` of a buffer (at the start of the returned ArrayBuffer, which may be longer), once
   * the GPU has finished every queued kernel. Fails with a
   * DeviceError when the device is lost while waiting, and with a ValueError when a kernel recorded
   * a fault (an out-of-range index) since the previous read.
   */
  async read(buffer: GPUBuffer, bytes: number, op: string): Promise<ArrayBuffer> {
    // only loss stops a read early: other errors are reported after it, once the device has
    // reported them all (a failed kernel's own error arrives after the follow-on ones)
    if (this.lostInfo) throw this.lostErrorFor(op);
    const dataBytes = Math.ceil(bytes / 4) * 4;
    const size = dataBytes + FAULT_WORDS * 4;
    const k = this.staging.findIndex((b) => b.size >= size);
    const target = k >= 0 ? this.staging.splice(k, 1)[0]!
      : this.device.createBuffer({ size: sizeClass(size), usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST });
    let all: ArrayBuffer;
    let reusable = target.size <= MAX_STAGING_BYTES;
    try {
      const encoder = this.batch.outsidePass();
      if (dataBytes) encoder.copyBufferToBuffer(buffer, 0, target, 0, dataBytes);
      encoder.copyBufferToBuffer(this.fault, 0, target, dataBytes, FAULT_WORDS * 4);
      this.batch.flush();
      await Promise.race([target.mapAsync(MapMode.READ, 0, size), this.lostError]).catch((e: unknown) => {
        reusable = false;
        if (this.lostInfo) throw this.lostErrorFor(op);
        throw new DeviceError(`${op}: mapping the GPU buffer for reading failed: ${(e as Error).message}`);
      });
      all = target.getMappedRange(0, size).slice(0);
      target.unmap();
    } finally {
      if (reusable && this.staging.length < 4) this.staging.push(target);
      else target.destroy();
    }
    const fault = new Int32Array(all, dataBytes, FAULT_WORDS);
    if (fault[0]) {
      this.batch.write(this.fault, 0, new Int32Array(FAULT_WORDS));
      const [, code, dim, index, size] = fault;
      throw new ValueError(
        `${FAULT_CODES[code!] ?? 'kernel'}: index ${index} is out of range for dim ${dim} of size ${size} ` +
        `(found on the GPU; reported by the next read, the affected elements were skipped)`);
    }
    this.check(op);
    // the data words start the copy; the fault words after them are never looked at by callers
    return all;
  }

  /** Records an asynchronous failure; the next check (any op or read) throws it. */
  fail(error: DnnError): void {
    this.pending ??= error;
  }

  private createBuffer(bytes: number, op: string): GPUBuffer {
    // scopes catch failures that WebGPU reports only asynchronously; they surface at the next check
    this.device.pushErrorScope('out-of-memory');
    this.device.pushErrorScope('validation');
    const buffer = this.device.createBuffer({ size: bytes, usage: STORAGE_USAGE });
    void this.device.popErrorScope().then((e) => {
      if (e) this.fail(new DeviceError(`${op}: creating a GPU buffer of ${bytes} bytes failed: ${e.message}`));
    });
    void this.device.popErrorScope().then((e) => {
      if (e) this.fail(new DeviceError(`${op}: out of GPU memory allocating ${bytes} bytes`));
    });
    return buffer;
  }

  private pipeline(p: Program): PipelineEntry {
    const cached = this.pipelines.get(p.key);
    if (cached) return cached;
    const layout = this.device.createBindGroupLayout({
      label: p.key,
      entries: [...p.bindings.map((b) => b.access), 'read' as const].map((access, binding) => ({
        binding,
        visibility: COMPUTE_STAGE,
        // the last binding is the meta words, a slot of the batch's arena (batch.ts)
        buffer: { type: access === 'read' ? ('read-only-storage' as const) : ('storage' as const), hasDynamicOffset: binding === p.bindings.length },
      })),
    });
    this.device.pushErrorScope('validation');
    const module = this.device.createShaderModule({ label: p.key, code: programSource(p) });
    const pipeline = this.device.createComputePipeline({
      label: p.key,
      layout: this.device.createPipelineLayout({ bindGroupLayouts: [layout] }),
      compute: { module, entryPoint: 'main' },
    });
    void this.device.popErrorScope().then(async (e) => {
      if (!e) return;
      // the root cause: replaces the follow-on 'invalid pipeline' error that submit reported
      const error = new DeviceError(`webgpu: kernel '${p.key}' is invalid: ${e.message}`);
      this.pending = error;
      // the compiler's messages name the WGSL line; the scope's error often only says 'invalid'
      const info = await module.getCompilationInfo();
      const lines = info.messages.map((m) => `${m.type} at ${m.lineNum}:${m.linePos}: ${m.message}`).join('; ');
      if (lines) error.message += ` (${lines})`;
    });
    const entry = { pipeline, layout };
    this.pipelines.set(p.key, entry);
    return entry;
  }

  private lostErrorFor(op: string): DeviceError {
    const info = this.lostInfo;
    return new DeviceError(`${op}: the WebGPU device was lost (${info?.reason ?? 'unknown'}${info?.message ? `: ${info.message}` : ''})`);
  }
}

function errorKind(e: GPUError): string {
  return e.constructor?.name ?? 'error';
}
