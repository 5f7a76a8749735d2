/**
 * `bench:epoch`: the CLI's Fashion-MNIST epoch (`dnn train lenet5`: the modern LeNet-5, AdamW, batch 64,
 * then the 10,000-image test pass) against PyTorch's script for the same model and loop
 * (peers/torch_lenet_epoch.py), in fresh processes taking turns (dnn, torch, dnn, torch …) so that the
 * machine's load swings hit both alike. Prints each pair and the median of dnn's time over PyTorch's,
 * training + test. With `--epochs 2` dnn's run also reports its second epoch, after the engine has
 * optimized the library's code (PyTorch's epochs need no warm-up, so its one epoch is the peer of both).
 *
 *   pnpm --filter @dnn/bench bench:epoch [--pairs 12] [--threads 2] [--epochs 1]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './timing';

const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url));
const CLI = fileURLToPath(new URL('../../cli/src/dev.ts', import.meta.url));

/** "training + test X s" from the PyTorch script's line. */
export function torchEpochSeconds(stdout: string): number {
  const m = /training \+ test ([0-9.]+) s/.exec(stdout);
  if (!m) throw new Error(`bench:epoch: no "training + test … s" in the PyTorch script's output: ${stdout.trim()}`);
  return Number(m[1]);
}

/** Each epoch's seconds (training + test) from the CLI's metrics.json. */
export function dnnEpochSeconds(metricsJson: string): number[] {
  const rows = JSON.parse(metricsJson) as { seconds?: unknown }[];
  return rows.map((r, i) => {
    if (typeof r.seconds !== 'number') throw new Error(`bench:epoch: metrics.json row ${i} has no seconds`);
    return r.seconds;
  });
}

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!(Number.isInteger(v) && v >= 1)) throw new Error(`bench:epoch: --${name} must be a positive integer`);
  return v;
};

function main(): void {
  const pairs = arg('pairs', 12), threads = arg('threads', 2), epochs = arg('epochs', 1);
  const out = mkdtempSync(join(tmpdir(), 'dnn-bench-epoch-'));
  const torchEnv = { ...process.env, LD_LIBRARY_PATH: '/usr/lib/x86_64-linux-gnu/openblas-openmp', OMP_NUM_THREADS: String(threads) };
  console.log(`LeNet-5 (modern) Fashion-MNIST epoch, training + test pass, ${threads} thread(s), ${pairs} alternating pairs; ` +
    `load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const dnnTimes: number[][] = Array.from({ length: epochs }, () => []);
  const ratios: number[][] = Array.from({ length: epochs }, () => []);
  const torchTimes: number[] = [];
  try {
    for (let p = 1; p <= pairs; p++) {
      execFileSync(process.execPath,
        ['--conditions=development', '--import', 'tsx', CLI, 'train', 'lenet5', '--epochs', String(epochs), '--threads', String(threads), '--out', out, '--force'],
        // its progress bar goes to stderr: kept out of the report (a failure's error carries it)
        { cwd: BENCH_DIR, stdio: ['ignore', 'ignore', 'pipe'] });
      const dnn = dnnEpochSeconds(readFileSync(join(out, 'metrics.json'), 'utf8'));
      const torch = torchEpochSeconds(execFileSync('/usr/bin/python3', ['peers/torch_lenet_epoch.py', String(threads)], { cwd: BENCH_DIR, env: torchEnv, encoding: 'utf8' }));
      torchTimes.push(torch);
      dnn.forEach((s, e) => {
        dnnTimes[e]!.push(s);
        ratios[e]!.push(s / torch);
      });
      console.log(`pair ${p}: ${dnn.map((s, e) => `dnn epoch ${e + 1} ${s.toFixed(2)} s (${(s / torch).toFixed(2)}×)`).join(', ')}, torch ${torch.toFixed(2)} s`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  console.log(`torch: median ${median(torchTimes).toFixed(2)} s`);
  ratios.forEach((r, e) => {
    console.log(`dnn epoch ${e + 1}: median ${median(dnnTimes[e]!).toFixed(2)} s; dnn/torch median ${median(r).toFixed(2)}× (${Math.min(...r).toFixed(2)}–${Math.max(...r).toFixed(2)})`);
  });
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  try {
    main();
  } catch (e: unknown) {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  }
}
