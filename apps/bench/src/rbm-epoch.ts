/**
 * One CD-1 epoch of a 784→500 Bernoulli RBM at batch 100 (Fashion-MNIST-sized: 600 batches), timed over
 * `--batches` batches of random binary data and scaled to the epoch; dnn on the CPU (and WebGPU with
 * `--device webgpu`), PyTorch with the same algorithm and scikit-learn's BernoulliRBM.partial_fit (PCD-1)
 * from `peers/torch_rbm_epoch.py`.
 *
 *   pnpm --filter @dnn/bench bench:rbm [--batches 30] [--threads 1] [--device cpu,webgpu]
 */
import { execFileSync } from 'node:child_process';
import { Generator, bernoulli, cpu, full, setCpuThreads, tidy, type Device, type Tensor } from '@dnn/tensor';
import { RBM, RBMTrainer } from '@dnn/boltzmann';

const EPOCH_BATCHES = 600;
const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};
const batches = Number(arg('batches', '30'));
const threads = Number(arg('threads', '1'));
const devices = arg('device', 'cpu').split(',');

async function device(name: string): Promise<Device> {
  if (name === 'cpu') return cpu();
  const { nodeGpu } = await import('./impls/node-gpu');
  const { webgpu } = await import('@dnn/webgpu');
  return webgpu({ gpu: nodeGpu() });
}

async function dnnMsPerBatch(d: Device): Promise<number> {
  const rbm = new RBM(784, 500, { device: d, generator: new Generator(0) });
  const trainer = new RBMTrainer(rbm, { lr: 0.01, generator: new Generator(1) });
  const data: Tensor = bernoulli(full([batches * 100, 784], 0.5, { device: d }), { generator: new Generator(2) });
  const batch = (i: number): Tensor => data.narrow(0, i * 100, 100);
  const sync = async (): Promise<void> => { await rbm.weight.data(); };
  tidy(() => trainer.step(batch(0))); // warm-up (GPU: shader compilation)
  await sync();
  const t = performance.now();
  for (let i = 1; i < batches; i++) tidy(() => trainer.step(batch(i)));
  await sync();
  return (performance.now() - t) / (batches - 1);
}

async function main(): Promise<void> {
  setCpuThreads(threads);
  const rows: [string, number][] = [];
  for (const name of devices) rows.push([`dnn (${name}${name === 'cpu' ? `, ${threads} thread${threads > 1 ? 's' : ''}` : ''})`, await dnnMsPerBatch(await device(name))]);
  try {
    const out = execFileSync('/usr/bin/python3', [new URL('../peers/torch_rbm_epoch.py', import.meta.url).pathname, String(batches), String(threads)], { encoding: 'utf8' });
    const peer = JSON.parse(out.trim().split('\n').pop()!) as { torchMsPerBatch: number; sklearnMsPerBatch: number; torch: string };
    rows.push([`PyTorch ${peer.torch} CD-1 (${threads} thread${threads > 1 ? 's' : ''})`, peer.torchMsPerBatch], [`scikit-learn partial_fit PCD-1 (${threads} thread${threads > 1 ? 's' : ''})`, peer.sklearnMsPerBatch]);
  } catch (e) {
    console.error(`rbm bench: the Python peer did not run (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
  }
  console.log(`RBM 784→500, CD-1, batch 100, random binary data; ${batches - 1} timed batches scaled to a ${EPOCH_BATCHES}-batch epoch`);
  console.log('| implementation | ms / batch | s / epoch |\n| --- | ---: | ---: |');
  for (const [name, ms] of rows) console.log(`| ${name} | ${ms.toFixed(1)} | ${(ms * EPOCH_BATCHES / 1000).toFixed(1)} |`);
}

main().catch((e: unknown) => { console.error(e); process.exitCode = 1; });
