/**
 * Charges the wall time of a model's training steps to primitives (by op and input shapes), using the
 * `traceOps` hook: the time since the previous reported primitive is charged to the next one, so the
 * host work between ops (tape, allocation) lands on the op that follows it. By hand:
 *
 *   pnpm --filter @dnn/bench bench:step-profile resnet20 [batch] [steps] [threads]
 */
import { Device, createCpuBackend, optim, randint, randn, traceOps } from '@dnn/tensor';
import { lenet5, resnet20 } from '@dnn/models';
import { trainStep } from '@dnn/train';
import { TRAIN_RECIPES, type TrainRecipe } from './train-recipes';

async function main(): Promise<void> {
  const [model = 'resnet20', batchArg = '32', stepsArg = '3', threadsArg = '1'] = process.argv.slice(2);
  const recipe = TRAIN_RECIPES[model as TrainRecipe['model']];
  if (!recipe) throw new Error(`step-profile: unknown model ${model} (${Object.keys(TRAIN_RECIPES).join(', ')})`);
  const [batch, steps] = [Number(batchArg), Number(stepsArg)];
  const device = new Device(createCpuBackend({ threads: Number(threadsArg) }), 'cpu');
  const net = model === 'lenet5' ? lenet5({ variant: 'modern', device }) : resnet20({ inChannels: 1, numClasses: 10, device });
  // the recipe's optimizer, as train-steps.ts builds it
  const optimizer = recipe.optimizer === 'adamw'
    ? new optim.AdamW(net.parameters(), { lr: recipe.lr, weightDecay: recipe.weightDecay })
    : new optim.Adam(net.parameters(), { lr: recipe.lr });
  const byOp = new Map<string, { ms: number; n: number }>();
  const byKey = new Map<string, { ms: number; n: number }>();
  let last = 0;
  const charge = (map: Map<string, { ms: number; n: number }>, key: string, ms: number): void => {
    const e = map.get(key) ?? { ms: 0, n: 0 };
    e.ms += ms; e.n++;
    map.set(key, e);
  };
  const step = async (profile: boolean): Promise<number> => {
    const x = randn([batch, 1, 28, 28], { device }), y = randint(0, 10, [batch], { device });
    const t0 = performance.now();
    last = t0;
    if (profile) {
      await traceOps((prim, ins) => {
        const now = performance.now();
        const key = `${prim} ${ins.map((t) => `[${t.shape.join(',')}]`).join(' ')}`;
        charge(byOp, prim, now - last);
        charge(byKey, key, now - last);
        last = now;
      }, () => trainStep(net, { x, y }, { optimizer }));
    } else await trainStep(net, { x, y }, { optimizer });
    const dt = performance.now() - t0;
    x.dispose(); y.dispose();
    return dt;
  };
  await step(false);
  let plain = 0;
  for (let i = 0; i < steps; i++) plain += await step(false);
  let total = 0;
  for (let i = 0; i < steps; i++) total += await step(true);
  const show = (map: Map<string, { ms: number; n: number }>, top: number): void => {
    const rows = [...map.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, top);
    for (const [k, v] of rows) console.log(`${(v.ms / steps).toFixed(2).padStart(9)} ms ${(100 * v.ms / total).toFixed(1).padStart(5)}% ${String(v.n / steps).padStart(5)}×  ${k}`);
  };
  console.log(`${model} batch ${batch}: ${(plain / steps).toFixed(1)} ms/step untraced, ${(total / steps).toFixed(1)} ms/step traced`);
  show(byOp, 30);
  console.log('--- by op and shapes');
  show(byKey, 40);
}

main().catch((e: unknown) => { console.error(e); process.exitCode = 1; });
