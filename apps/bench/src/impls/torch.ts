import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { metricOf } from '../timing';
import type { Implementation, MeasureOptions, Row, Workload } from '../types';

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('../../peers/torch_bench.py', import.meta.url));
// Debian's torch links OpenBLAS; the OpenMP build honours torch.set_num_threads
const envFor = (threads: number) => ({ ...process.env, LD_LIBRARY_PATH: '/usr/lib/x86_64-linux-gnu/openblas-openmp', OMP_NUM_THREADS: String(threads) });

/** True when the system Python imports torch: PyTorch is an optional peer. */
export function torchAvailable(): boolean {
  return spawnSync(PYTHON, ['-c', 'import torch'], { env: envFor(1), stdio: 'ignore' }).status === 0;
}

interface TorchRow {
  workload: string;
  ms?: number;
  runs?: number;
  unsupported?: string;
}

/** PyTorch in a child process (peers/torch_bench.py) on `threads` threads, same timing policy. */
export function torchImplementation(threads = 1): Implementation {
  return {
    impl: 'torch', device: 'cpu', threads,
    async measure(workloads: readonly Workload[], opts: MeasureOptions): Promise<Row[]> {
      const job = JSON.stringify({ workloads: workloads.map((w) => ({ name: w.name, spec: w.spec })), budget_s: opts.budgetS, threads });
      const out = await new Promise<string>((resolve, reject) => {
        const child = spawn(PYTHON, [SCRIPT], { env: envFor(threads), stdio: ['pipe', 'pipe', 'pipe'] });
        let stdout = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => d.toString().split('\n').filter(Boolean).forEach((l) => opts.log(l)));
        child.on('error', reject);
        child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`bench: torch peer exited with ${code}`))));
        child.stdin.end(job);
      });
      const { rows } = JSON.parse(out) as { rows: TorchRow[] };
      return workloads.map((w) => {
        const r = rows.find((x) => x.workload === w.name);
        const base = { workload: w.name, impl: 'torch', device: 'cpu', threads, unit: w.unit };
        if (!r || r.ms === undefined) return { ...base, ms: null, metric: null, note: `unsupported: ${r?.unsupported ?? 'no result'}` };
        return { ...base, ms: r.ms, metric: metricOf(w, r.ms), ...(r.runs === 1 ? { note: 'single run' } : {}) };
      });
    },
  };
}
