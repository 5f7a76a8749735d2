/**
 * The dnn child of `bench:train`: a fresh process that runs a recipe's training steps on random
 * Fashion-MNIST-shaped batches (a new batch every step) and prints one JSON line: ms per timed step
 * and the process's peak RSS. Run by `train-compare.ts`; by hand:
 *
 *   tsx --conditions=development src/train-steps.ts '{"model":"lenet5",...}' STEPS WARMUP THREADS
 */
import { Device, createCpuBackend, optim, randint, randn } from '@dnn/tensor';
import { lenet5, resnet20 } from '@dnn/models';
import { trainStep } from '@dnn/train';
import type { StepsResult, TrainRecipe } from './train-recipes';

async function main(): Promise<void> {
  const [json, stepsArg, warmUpArg, threadsArg] = process.argv.slice(2);
  const recipe = JSON.parse(json!) as TrainRecipe;
  const [steps, warmUp, threads] = [Number(stepsArg), Number(warmUpArg), Number(threadsArg)];
  const device = new Device(createCpuBackend({ threads }), 'cpu');
  const net = recipe.model === 'lenet5' ? lenet5({ variant: 'modern', device }) : resnet20({ inChannels: 1, numClasses: 10, device });
  const params = net.parameters();
  const optimizer = recipe.optimizer === 'adamw'
    ? new optim.AdamW(params, { lr: recipe.lr, weightDecay: recipe.weightDecay })
    : new optim.Adam(params, { lr: recipe.lr });
  const step = async (): Promise<void> => {
    const x = randn([recipe.batch, 1, 28, 28], { device }), y = randint(0, 10, [recipe.batch], { device });
    await trainStep(net, { x, y }, { optimizer });
    x.dispose();
    y.dispose();
  };
  for (let i = 0; i < warmUp; i++) await step();
  const t = performance.now();
  for (let i = 0; i < steps; i++) await step();
  const msPerStep = (performance.now() - t) / steps;
  // ru_maxrss: the peak over the whole process, in KiB on Linux
  const result: StepsResult = { impl: `dnn (${threads} thread${threads === 1 ? '' : 's'})`, steps, batch: recipe.batch, msPerStep, maxRssKiB: process.resourceUsage().maxRSS };
  console.log(JSON.stringify(result));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
