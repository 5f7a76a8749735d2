import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { byWorkload, formatTable, ratio } from './format';
import { runParity } from './gpu-parity';
import { dnnImplementation } from './impls/dnn';
import { adapterInfo, dnnWebgpuDevice } from './impls/node-gpu';
import { tfjsWebgpuImplementation } from './impls/tfjs-webgpu';
import type { WebGPUBackend } from '@dnn/webgpu';
import type { Row } from './types';
import { WORKLOADS } from './workloads';

/**
 * The GPU check in one script: which adapter this is, every parity check of gpu-parity.ts against the
 * CPU device, then the benchmark rows of dnn on WebGPU and tfjs-backend-webgpu on the same adapter
 * (skipped if a check failed). Results go to stdout and, when $OUT is set, to $OUT/gpu-bench.json.
 * It needs only Node and the `webgpu` package, so it can be bundled (esbuild, `webgpu` external)
 * and run where a GPU is:  tsx --conditions=development src/gpu.ts [--only A,B] [--budget S]
 */
const USAGE = 'usage: gpu.ts [--only WORKLOAD,…] [--budget SECONDS] [--no-bench]';

function parse(argv: readonly string[]): { only: string[]; budgetS: number; bench: boolean } {
  const a = { only: [] as string[], budgetS: 2, bench: true };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (flag === '--only') a.only = (argv[++i] ?? '').split(',').filter(Boolean);
    else if (flag === '--budget') a.budgetS = Number(argv[++i]);
    else if (flag === '--no-bench') a.bench = false;
    else throw new Error(`gpu.ts: unknown option '${flag}'\n${USAGE}`);
  }
  if (!(a.budgetS > 0)) throw new Error(`gpu.ts: --budget must be a positive number of seconds\n${USAGE}`);
  return a;
}

const SOFTWARE = /llvmpipe|lavapipe|swiftshader|software/i;

async function main(): Promise<number> {
  const args = parse(process.argv.slice(2));
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const adapter = await adapterInfo();
  const software = SOFTWARE.test(Object.values(adapter).join(' '));
  console.log(`adapter: ${Object.entries(adapter).map(([k, v]) => `${k} '${v}'`).join(', ')}`);
  if (software) console.log('a software adapter: its timings say nothing about GPUs (ratios only); the parity checks still hold');

  log('parity of dnn on WebGPU against the CPU device:');
  const device = await dnnWebgpuDevice();
  console.log(`dnn GEMM rows per thread: ${(device.backend as WebGPUBackend).context.gemmRowsPerThread}` +
    `${process.env.BENCH_GEMM_ROWS ? ' (BENCH_GEMM_ROWS)' : ' (the adapter\'s default)'}`);
  const parity = await runParity(device, log);
  const failed = parity.filter((p) => !p.ok);
  console.log(`parity: ${parity.length - failed.length} of ${parity.length} checks agree`);

  let rows: Row[] = [];
  if (failed.length) log('benchmark skipped: a parity check failed');
  else if (args.bench) {
    const workloads = WORKLOADS.filter((w) => w.spec.kind !== 'add' && (args.only.length === 0 || args.only.some((o) => w.name.includes(o))));
    for (const impl of [dnnImplementation('webgpu'), tfjsWebgpuImplementation()]) {
      log(`${impl.impl} (${impl.device}):`);
      rows.push(...(await impl.measure(workloads, { budgetS: args.budgetS, log })));
    }
    rows = byWorkload(rows);
    console.log(formatTable(rows, ['webgpu']));
    console.log('\n×webgpu: dnn on WebGPU over the row, in throughput (> 1: dnn is faster).');
  }

  const ratios = rows.filter((r) => r.impl !== 'dnn').map((r) => ({ workload: r.workload, peer: r.impl, dnnOverPeer: ratio(rows, r, 'webgpu')?.value ?? null }));
  const out = process.env.OUT;
  if (out) {
    mkdirSync(out, { recursive: true });
    const file = join(out, 'gpu-bench.json');
    writeFileSync(file, `${JSON.stringify({ adapter, software, node: process.version, parity, rows, ratios }, null, 2)}\n`);
    log(`wrote ${file}`);
  }
  return failed.length ? 1 : 0;
}

main().then(
  // a WebGPU device can keep the event loop alive: leave once the work is done
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
