import { BufferUsage } from './gpu-constants';

/** Every pooled buffer can be bound as storage and copied both ways, so any freed buffer fits any use. */
export const STORAGE_USAGE = BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST;

const MIN_BYTES = 16;

/**
 * The size class a request of `bytes` is served from: powers of two up to 4 KiB, then eight steps per
 * power of two, so a pooled buffer wastes at most 12.5% while similar sizes still share buffers.
 */
export function sizeClass(bytes: number): number {
  if (bytes <= MIN_BYTES) return MIN_BYTES;
  const pow = 2 ** Math.ceil(Math.log2(bytes));
  if (pow <= 4096) return pow;
  const step = pow / 16;
  return Math.ceil(bytes / step) * step;
}

export interface PoolStats {
  /** Buffers ever created (stops growing once a loop's sizes are all pooled). */
  created: number;
  /** Bytes in buffers handed out and not yet freed. */
  inUseBytes: number;
  /** Bytes in freed buffers waiting for reuse. */
  pooledBytes: number;
}

/**
 * Reuses freed GPU buffers by size class: GPU memory is not garbage-collected, and creating a buffer
 * costs far more than reusing one. Reuse is safe without waiting for the GPU because every write to a
 * reused buffer is a later operation than the reads of its previous owner: kernels and copies are
 * recorded in order into the same batch, and a queue write to a buffer the open batch still uses
 * submits the batch first (batch.ts).
 */
export class BufferPool {
  private readonly free = new Map<number, GPUBuffer[]>();
  private readonly idle = new Set<GPUBuffer>();
  private stats: PoolStats = { created: 0, inUseBytes: 0, pooledBytes: 0 };

  constructor(
    private readonly create: (bytes: number, op: string) => GPUBuffer,
    /** Freed bytes kept for reuse; beyond this, freed buffers are destroyed. */
    private readonly maxPooledBytes: number,
    /** How a buffer is destroyed (the context defers it while recorded commands still use the buffer). */
    private readonly destroy: (buffer: GPUBuffer) => void = (b) => b.destroy(),
  ) {}

  acquire(bytes: number, op: string): GPUBuffer {
    const cls = sizeClass(bytes);
    const list = this.free.get(cls);
    const reused = list?.pop();
    if (reused) {
      this.idle.delete(reused);
      this.stats.pooledBytes -= cls;
      this.stats.inUseBytes += cls;
      return reused;
    }
    const buffer = this.create(cls, op);
    this.stats.created++;
    this.stats.inUseBytes += cls;
    return buffer;
  }

  release(buffer: GPUBuffer): void {
    if (this.idle.has(buffer)) return; // freed twice: keep the pool consistent
    const cls = buffer.size;
    this.stats.inUseBytes -= cls;
    if (this.stats.pooledBytes + cls > this.maxPooledBytes) {
      this.destroy(buffer);
      return;
    }
    let list = this.free.get(cls);
    if (!list) this.free.set(cls, (list = []));
    list.push(buffer);
    this.idle.add(buffer);
    this.stats.pooledBytes += cls;
  }

  /** Destroys every pooled (free) buffer. */
  trim(): void {
    for (const list of this.free.values()) for (const b of list) this.destroy(b);
    this.free.clear();
    this.idle.clear();
    this.stats.pooledBytes = 0;
  }

  snapshot(): PoolStats {
    return { ...this.stats };
  }
}
