/**
 * Where an LSTM or GRU forward + backward spends its CPU time, by primitive (the bench's recurrent
 * row: batch 32, 64 steps, 128 → 256, one thread). Process CPU time between consecutive primitives is
 * charged to the later one, so work the engine does between primitives (a fused cell's backward,
 * gradient accumulation) shows up under the next primitive recorded. While ops are traced, LSTM and GRU
 * run step by step (the form an exporter sees), not as the one `rnnSequence` primitive of a normal run:
 * this charges the step-by-step path, whose kernels the primitive runs too. For the record, not CI.
 *
 *   pnpm --filter @dnn/bench exec tsx --conditions=development src/recurrent-profile.ts [LSTM|GRU]
 */
import { tidy, randn, Device, createCpuBackend, traceOps, type Tensor } from '@dnn/tensor';
import { LSTM, GRU } from '@dnn/recurrent';

const cell = process.argv[2] === 'GRU' ? 'GRU' : 'LSTM';
const RUNS = 3;
const device = new Device(createCpuBackend({ threads: 1 }), 'cpu');
const layer = cell === 'LSTM' ? new LSTM(128, 256, { device }) : new GRU(128, 256, { device });
const x = randn([64, 32, 128], { device, requiresGrad: true });
const run = () => tidy(() => {
  layer.zeroGrad();
  x.zeroGrad();
  layer.forward(x).output.sum().backward();
  return layer.parameters().map((p) => p.grad!) as Tensor[];
});
const cpuMs = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

run(); // warm up: kernels compiled, buffers pooled
const charged = new Map<string, { count: number; ms: number }>();
const start = cpuMs();
let last = start;
for (let i = 0; i < RUNS; i++) {
  traceOps((prim, inputs, _params, outputs) => {
    const now = cpuMs();
    const key = `${prim} ${inputs.map((t) => `[${t.shape}]`).slice(0, 3).join(' ')} → [${outputs[0]?.shape}]`;
    const e = charged.get(key) ?? { count: 0, ms: 0 };
    e.count++;
    e.ms += now - last;
    charged.set(key, e);
    last = now;
  }, run);
}
console.log(`${cell}: ${((cpuMs() - start) / RUNS).toFixed(1)} ms CPU per forward + backward`);
for (const [key, e] of [...charged].sort((a, b) => b[1].ms - a[1].ms).slice(0, 20)) {
  console.log(`${(e.ms / RUNS).toFixed(1).padStart(7)} ms ${String(e.count / RUNS).padStart(5)}×  ${key}`);
}
