/**
 * LeNet-5 (modern) SGD training steps on two threads with the CPU threads' polling between tasks off
 * (they sleep at once, woken by Atomics.notify), forced on (setCpuThreadSpin µs each) and left to the
 * default (polling only while the load average leaves a free core per thread), alternating step by
 * step in one process so machine load hits both alike. Prints the fastest and the median step:
 *
 *   pnpm --filter @dnn/bench bench:spin [threads=2] [steps=100] [spinMicros=200] [batch=64]
 */
import { Device, createCpuBackend, optim, randint, randn, setCpuThreadSpin } from '@dnn/tensor';
import { lenet5 } from '@dnn/models';
import { trainStep } from '@dnn/train';

const median = (xs: number[]): number => [...xs].sort((p, q) => p - q)[xs.length >> 1]!;

async function main(): Promise<void> {
  const [threads, steps, spin, batch] = process.argv.slice(2).map(Number);
  const device = new Device(createCpuBackend({ threads: threads || 2 }), 'cpu');
  const policies: [string, number | null][] = [['sleep', 0], [`spin ${spin || 200}us`, spin || 200], ['default', null]];
  const nets = policies.map(() => lenet5({ variant: 'modern', device }));
  const optimizers = nets.map((n) => new optim.SGD(n.parameters(), { lr: 0.01, momentum: 0.9 }));
  const warmUp = 5, total = (steps || 100) + warmUp, n = batch || 64;
  const times: number[][] = policies.map(() => []);
  for (let s = 0; s < total; s++) {
    // the order rotates, so no policy always follows the same one
    for (let j = 0; j < policies.length; j++) {
      const k = (j + s) % policies.length;
      setCpuThreadSpin(policies[k]![1]);
      const x = randn([n, 1, 28, 28], { device }), y = randint(0, 10, [n], { device });
      const t = performance.now();
      await trainStep(nets[k]!, { x, y }, { optimizer: optimizers[k]! });
      const ms = performance.now() - t;
      x.dispose();
      y.dispose();
      if (s >= warmUp) times[k]!.push(ms);
    }
  }
  policies.forEach(([name], k) => console.log(`${name.padEnd(12)} fastest ${Math.min(...times[k]!).toFixed(2)} ms/step, median ${median(times[k]!).toFixed(2)} ms/step`));
  const [a, ...rest] = times as [number[], ...number[][]];
  rest.forEach((b, k) => console.log(`${policies[k + 1]![0]}/sleep: fastest ${(Math.min(...b) / Math.min(...a)).toFixed(3)}, median ${(median(b) / median(a)).toFixed(3)} (below 1: faster than sleeping)`));
}

main().catch((e: unknown) => { console.error(e); process.exitCode = 1; });
