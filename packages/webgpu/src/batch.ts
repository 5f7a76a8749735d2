/**
 * Command batching: dispatches, copies and clears are recorded into one open command encoder and
 * submitted together (when a read needs the results, when the batch is full, or at the end of the
 * current synchronous run of ops), instead of one queue submission per kernel.
 *
 * Kernel parameters (`meta` words) of the whole batch go into one arena buffer, bound with a dynamic
 * offset, so a bind group depends only on the pipeline and the data buffers and is reused across calls.
 * The arena is written just before its batch is submitted; writing it again for the next batch is safe
 * because queue writes and submissions execute in queue order.
 *
 * Memory safety: queue.writeBuffer runs at once on the queue, ahead of the commands still recorded in the
 * open batch, so a write to a buffer the open batch uses submits the batch first; a buffer the open
 * batch uses is destroyed only after the batch is submitted.
 */

const ARENA_BYTES = 1 << 20;
/** Dispatches per command buffer: enough to amortize a submission, few enough to start the GPU early. */
const MAX_DISPATCHES = 512;
/** Bind groups kept for reuse; the cache is cleared when it grows past this or a buffer is destroyed. */
const MAX_BIND_GROUPS = 4096;

export interface Dispatch {
  readonly key: string;
  readonly pipeline: GPUComputePipeline;
  readonly layout: GPUBindGroupLayout;
  readonly buffers: readonly GPUBuffer[];
  readonly meta: Int32Array;
  readonly groups: readonly [number, number, number];
}

/** Observes each dispatch when profiling (see profile.ts); `wrap` may add timestamp writes to its pass. */
export interface DispatchObserver {
  passDescriptor(key: string): GPUComputePassDescriptor | undefined;
  /** Called after the dispatch's pass is recorded: may resolve queries or submit at once. */
  afterDispatch(key: string, batch: CommandBatch): void;
}

export class CommandBatch {
  private encoder: GPUCommandEncoder | null = null;
  private pass: GPUComputePassEncoder | null = null;
  private dispatches = 0;
  private readonly arena: GPUBuffer;
  private readonly staged = new Int32Array(ARENA_BYTES / 4);
  private arenaUsed = 0;
  private readonly align: number;
  /** Buffers the open batch records commands on. */
  private readonly used = new Set<GPUBuffer>();
  private readonly destroyAfterSubmit: GPUBuffer[] = [];
  private readonly bindGroups = new Map<string, GPUBindGroup>();
  private readonly ids = new WeakMap<GPUBuffer, number>();
  private nextId = 1;
  private flushScheduled = false;
  observer: DispatchObserver | null = null;
  /** Submissions so far (for tests and the profile). */
  submissions = 0;

  constructor(private readonly device: GPUDevice, arenaUsage: number) {
    this.align = Math.max(16, device.limits.minStorageBufferOffsetAlignment);
    this.arena = device.createBuffer({ label: 'dnn meta arena', size: ARENA_BYTES, usage: arenaUsage });
  }

  /** Records one dispatch. */
  dispatch(d: Dispatch): void {
    const slot = slotBytes(d.meta.length * 4);
    if (this.arenaUsed + slot > ARENA_BYTES || this.dispatches >= MAX_DISPATCHES) this.flush();
    const offset = this.arenaUsed;
    this.staged.set(d.meta, offset / 4);
    this.arenaUsed = roundUp(offset + slot, this.align);
    const bindGroup = this.bindGroup(d, slot);
    const profiled = this.observer?.passDescriptor(d.key);
    const pass = profiled ? this.open().beginComputePass(profiled) : this.computePass();
    pass.setPipeline(d.pipeline);
    pass.setBindGroup(0, bindGroup, [offset]);
    pass.dispatchWorkgroups(...d.groups);
    if (profiled) pass.end();
    for (const b of d.buffers) this.used.add(b);
    this.dispatches++;
    this.observer?.afterDispatch(d.key, this);
  }

  copy(src: GPUBuffer, srcOffset: number, dst: GPUBuffer, dstOffset: number, bytes: number): void {
    this.outsidePass().copyBufferToBuffer(src, srcOffset, dst, dstOffset, bytes);
    this.used.add(src).add(dst);
  }

  clear(buffer: GPUBuffer, bytes: number): void {
    this.outsidePass().clearBuffer(buffer, 0, bytes);
    this.used.add(buffer);
  }

  /** The open encoder for commands outside compute passes (query resolution, copies). */
  outsidePass(): GPUCommandEncoder {
    this.endPass();
    return this.open();
  }

  /** queue.writeBuffer, after submitting the open batch if it uses `buffer` (the write would overtake it). */
  write(buffer: GPUBuffer, offset: number, data: BufferSource, dataOffset = 0, size?: number): void {
    if (this.used.has(buffer)) this.flush();
    this.device.queue.writeBuffer(buffer, offset, data as GPUAllowSharedBufferSource, dataOffset, size);
  }

  /** Destroys `buffer` now, or after the open batch is submitted if it uses the buffer. */
  destroy(buffer: GPUBuffer): void {
    this.forget();
    if (this.used.has(buffer)) this.destroyAfterSubmit.push(buffer);
    else buffer.destroy();
  }

  /** Submits everything recorded so far. */
  flush(): void {
    if (!this.encoder) return;
    this.endPass();
    if (this.arenaUsed) this.device.queue.writeBuffer(this.arena, 0, this.staged, 0, this.arenaUsed / 4);
    this.device.queue.submit([this.encoder.finish()]);
    this.submissions++;
    this.encoder = null;
    this.dispatches = 0;
    this.arenaUsed = 0;
    this.used.clear();
    for (const b of this.destroyAfterSubmit.splice(0)) b.destroy();
  }

  private open(): GPUCommandEncoder {
    if (!this.encoder) {
      this.encoder = this.device.createCommandEncoder();
      // whatever the synchronous code records goes to the GPU once it yields
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        queueMicrotask(() => {
          this.flushScheduled = false;
          this.flush();
        });
      }
    }
    return this.encoder;
  }

  private computePass(): GPUComputePassEncoder {
    if (!this.pass) this.pass = this.open().beginComputePass();
    return this.pass;
  }

  private endPass(): void {
    this.pass?.end();
    this.pass = null;
  }

  private bindGroup(d: Dispatch, slot: number): GPUBindGroup {
    const key = `${d.key}|${slot}|${d.buffers.map((b) => this.idOf(b)).join(',')}`;
    let group = this.bindGroups.get(key);
    if (!group) {
      if (this.bindGroups.size >= MAX_BIND_GROUPS) this.bindGroups.clear();
      const entries: GPUBindGroupEntry[] = d.buffers.map((buffer, binding) => ({ binding, resource: { buffer } }));
      entries.push({ binding: d.buffers.length, resource: { buffer: this.arena, offset: 0, size: slot } });
      group = this.device.createBindGroup({ layout: d.layout, entries });
      this.bindGroups.set(key, group);
    }
    return group;
  }

  private idOf(b: GPUBuffer): number {
    let id = this.ids.get(b);
    if (id === undefined) this.ids.set(b, (id = this.nextId++));
    return id;
  }

  /** A destroyed buffer must never be bound again through a cached group. */
  private forget(): void {
    this.bindGroups.clear();
  }
}

const roundUp = (n: number, m: number): number => Math.ceil(n / m) * m;

/** The bound size of a meta slot: a power of two from 64 bytes, so few sizes (and bind groups) exist. */
function slotBytes(bytes: number): number {
  return Math.max(64, 2 ** Math.ceil(Math.log2(Math.max(bytes, 4))));
}
