import './relaxed-simd';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { cpuKernelInfo } from '@dnn/tensor';
import { USAGE, parseArgs, selected } from './args';
import { byWorkload, formatTable, toJson } from './format';
import { dnnImplementation } from './impls/dnn';
import { dnnWasmImplementations } from './impls/dnn-wasm';
import { tfjsImplementation } from './impls/tfjs';
import { torchAvailable, torchImplementation } from './impls/torch';
import { measureInRounds } from './rounds';
import type { Implementation } from './types';
import { WORKLOADS } from './workloads';

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    console.log(USAGE);
    return;
  }
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const workloads = WORKLOADS.filter((w) => selected(args.only, w.name));
  if (workloads.length === 0) throw new Error(`bench: --only ${args.only.join(',')} matches no workload (${WORKLOADS.map((w) => w.name).join(', ')})`);
  if (args.profile) return (await import('./kernel-profile')).profileWorkloads(workloads, log);

  const wanted = (impl: string) => args.impls.length === 0 || args.impls.includes(impl);
  const impls: Implementation[] = [];
  if (wanted('dnn')) for (const d of args.devices) impls.push(dnnImplementation(d));
  if (wanted('dnn-wasm')) impls.push(...dnnWasmImplementations());
  if (wanted('tfjs-cpu')) impls.push(tfjsImplementation('cpu', args.cellTimeoutS));
  if (wanted('tfjs-wasm')) impls.push(tfjsImplementation('wasm', args.cellTimeoutS));
  // the GPU peer runs where dnn runs on the GPU: its rows get a ×webgpu ratio
  if (wanted('tfjs-webgpu') && args.devices.includes('webgpu')) impls.push((await import('./impls/tfjs-webgpu')).tfjsWebgpuImplementation());
  if (wanted('torch')) {
    // one thread against the single-threaded peers, two against dnn-wasm's two
    if (torchAvailable()) impls.push(torchImplementation(1), torchImplementation(2));
    else log('torch: /usr/bin/python3 cannot import torch; skipping the PyTorch peer');
  }

  log(`bench: ${workloads.length} workloads × ${impls.length} implementations, ${args.budgetS} s per cell; ` +
    `${cpus().length} cpus, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ` +
    `CPU matmul ${cpuKernelInfo({ kernels: 'wasm' }).fusedMultiplyAdd ? 'with' : 'without'} fused multiply-add`);
  const rows = await measureInRounds(impls, workloads, args.rounds, { budgetS: args.budgetS, log });
  const table = byWorkload(rows);
  if (args.rounds > 1) console.log(`ms: median over ${args.rounds} rounds, the implementations alternating (A B, B A, …)\n`);
  console.log(formatTable(table, args.devices));
  console.log(`\n×DEVICE: dnn on that device over this row, in throughput (> 1: dnn is faster); ` +
    `> marks a lower bound against a peer that timed out.`);
  if (args.json) {
    writeFileSync(args.json, toJson(table));
    log(`bench: wrote ${table.length} rows to ${args.json}`);
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
