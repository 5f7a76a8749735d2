import type { Builder, Kind, Workload } from './types';

/**
 * `--profile`: each workload once on @dnn/webgpu after a warm-up run, with the time of every kernel.
 * The times come from GPU timestamp queries where the adapter has `timestamp-query`, else from each
 * kernel's wall time with the queue drained after it (the table's header says which). Profiling submits
 * kernels one at a time, so these runs are slower than the timed rows; the split between kernels is
 * what they show.
 */
export async function profileWorkloads(workloads: readonly Workload[], log: (line: string) => void): Promise<void> {
  const [{ builders }, { dnnWebgpuDevice }, { profileKernels }] =
    await Promise.all([import('./impls/dnn'), import('./impls/node-gpu'), import('@dnn/webgpu')]);
  const device = await dnnWebgpuDevice();
  const table = builders(device);
  for (const w of workloads) {
    const build = table[w.spec.kind] as Builder<Kind> | undefined;
    const runner = build?.(w.spec as never);
    if (!runner || 'unsupported' in runner) {
      log(`profile ${w.name}: unsupported`);
      continue;
    }
    await runner.run(); // compiles the kernels
    const p = await profileKernels(device, async () => { await runner.run(); });
    runner.dispose();
    const total = p.kernels.reduce((s, k) => s + k.ms, 0);
    const label = p.method === 'timestamp-query' ? 'GPU time from timestamp queries' : 'wall time per kernel, queue drained after each (no timestamp-query)';
    console.log(`\n${w.name}: ${total.toFixed(2)} ms in kernels (${label})`);
    console.log('     ms  share  calls  kernel');
    for (const k of p.kernels) {
      console.log(`${k.ms.toFixed(2).padStart(7)}  ${((100 * k.ms) / (total || 1)).toFixed(1).padStart(4)}%  ${String(k.calls).padStart(5)}  ${k.kernel}`);
    }
  }
}
