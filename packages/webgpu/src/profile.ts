import type { CommandBatch, DispatchObserver } from './batch';
import type { GpuContext } from './context';
import { BufferUsage, MapMode } from './gpu-constants';

const QUERY_RESOLVE = 0x0200; // GPUBufferUsage.QUERY_RESOLVE

/** Time spent in one kernel (pipeline key) over a profiled run. */
export interface KernelTime {
  readonly kernel: string;
  readonly calls: number;
  readonly ms: number;
}

export interface KernelProfile {
  /**
   * 'timestamp-query': GPU timestamps around each dispatch's own compute pass. 'wall-clock': the
   * adapter has no timestamp queries, so each dispatch is submitted alone and timed from its
   * submission (or the previous dispatch's end) until the queue reports it done: a drained queue per
   * kernel, which includes submission overhead.
   */
  readonly method: 'timestamp-query' | 'wall-clock';
  /** Kernels by total time, longest first. */
  readonly kernels: readonly KernelTime[];
}

/** Records every dispatch's time; installed as the batch's observer while profiling. */
class Profiler implements DispatchObserver {
  private readonly totals = new Map<string, { calls: number; ms: number }>();
  private readonly pending: Promise<void>[] = [];
  private lastDone = 0;
  private querySet: GPUQuerySet | null = null;

  constructor(private readonly device: GPUDevice, readonly method: KernelProfile['method']) {}

  passDescriptor(): GPUComputePassDescriptor | undefined {
    if (this.method !== 'timestamp-query') return {};
    this.querySet ??= this.device.createQuerySet({ type: 'timestamp', count: 2 });
    return { timestampWrites: { querySet: this.querySet, beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1 } };
  }

  afterDispatch(key: string, batch: CommandBatch): void {
    if (this.method === 'timestamp-query') {
      const resolved = this.device.createBuffer({ size: 16, usage: QUERY_RESOLVE | BufferUsage.COPY_SRC });
      const readback = this.device.createBuffer({ size: 16, usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST });
      const encoder = batch.outsidePass();
      encoder.resolveQuerySet(this.querySet!, 0, 2, resolved, 0);
      encoder.copyBufferToBuffer(resolved, 0, readback, 0, 16);
      batch.flush();
      this.pending.push(readback.mapAsync(MapMode.READ).then(() => {
        const [begin, end] = new BigUint64Array(readback.getMappedRange());
        this.add(key, Number(end! - begin!) / 1e6);
        readback.destroy();
        resolved.destroy();
      }));
      return;
    }
    const submitted = performance.now();
    batch.flush();
    this.pending.push(this.device.queue.onSubmittedWorkDone().then(() => {
      const done = performance.now();
      this.add(key, done - Math.max(submitted, this.lastDone));
      this.lastDone = done;
    }));
  }

  async report(): Promise<KernelProfile> {
    await Promise.all(this.pending);
    this.querySet?.destroy();
    const kernels = [...this.totals].map(([kernel, t]) => ({ kernel, ...t })).sort((a, b) => b.ms - a.ms);
    return { method: this.method, kernels };
  }

  private add(key: string, ms: number): void {
    const t = this.totals.get(key) ?? { calls: 0, ms: 0 };
    t.calls++;
    t.ms += ms;
    this.totals.set(key, t);
  }
}

/**
 * Runs `fn` with every kernel timed (see KernelProfile for the two methods). Profiling submits each
 * kernel alone, so the run itself is slower than an unprofiled one; the per-kernel times are what count.
 */
export async function profileContext(
  ctx: GpuContext, fn: () => Promise<void>,
  method: KernelProfile['method'] = ctx.device.features.has('timestamp-query') ? 'timestamp-query' : 'wall-clock',
): Promise<KernelProfile> {
  ctx.batch.flush();
  const profiler = new Profiler(ctx.device, method);
  ctx.batch.observer = profiler;
  try {
    await fn();
  } finally {
    ctx.batch.observer = null;
  }
  return profiler.report();
}
