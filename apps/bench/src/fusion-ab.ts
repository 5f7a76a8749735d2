/**
 * LeNet-5 (modern) SGD training steps with its Conv2d/Linear + ReLU pairs fused (Sequential's
 * epilogue, the `biasActivation` primitive) and unfused (the same layers called one by one), in
 * alternation in one process, so machine load hits both alike. Prints the fastest and the mean step:
 *
 *   pnpm --filter @dnn/bench bench:fusion [threads] [steps] [batch]
 */
import { Device, Module, createCpuBackend, optim, randint, randn, type Sequential, type Tensor } from '@dnn/tensor';
import { lenet5 } from '@dnn/models';
import { trainStep } from '@dnn/train';

/** The layers of a Sequential, each called by its own forward: no fusion. */
class OneByOne extends Module {
  constructor(readonly net: Sequential) { super(); }
  forward(x: Tensor): Tensor {
    return this.net.layers.reduce((y, layer) => (layer as unknown as { forward(t: Tensor): Tensor }).forward(y), x);
  }
}

async function main(): Promise<void> {
  const [threads, steps, batch] = process.argv.slice(2).map(Number);
  const device = new Device(createCpuBackend({ threads: threads || 1 }), 'cpu');
  const nets: [string, Module & { forward(x: Tensor): Tensor }][] = [['fused', lenet5({ variant: 'modern', device })], ['unfused', new OneByOne(lenet5({ variant: 'modern', device }))]];
  const optimizers = nets.map(([, n]) => new optim.SGD(n.parameters(), { lr: 0.01, momentum: 0.9 }));
  const warmUp = 5, total = (steps || 100) + warmUp, n = batch || 64;
  const best = [Infinity, Infinity], sum = [0, 0];
  for (let s = 0; s < total; s++) {
    for (let k = 0; k < nets.length; k++) {
      const x = randn([n, 1, 28, 28], { device }), y = randint(0, 10, [n], { device });
      const t = performance.now();
      await trainStep(nets[k]![1], { x, y }, { optimizer: optimizers[k]! });
      const ms = performance.now() - t;
      x.dispose();
      y.dispose();
      if (s >= warmUp) { best[k] = Math.min(best[k]!, ms); sum[k]! += ms; }
    }
  }
  nets.forEach(([name], k) => console.log(`${name.padEnd(8)} fastest ${best[k]!.toFixed(2)} ms/step, mean ${(sum[k]! / (total - warmUp)).toFixed(2)} ms/step`));
  console.log(`fused/unfused: fastest ${(best[0]! / best[1]!).toFixed(3)}, mean ${(sum[0]! / sum[1]!).toFixed(3)}`);
}

main().catch((e: unknown) => { console.error(e); process.exitCode = 1; });
