/**
 * `bench:train MODEL`: a recipe's training steps in two fresh child processes, dnn (Node) and PyTorch,
 * one after the other on the same number of threads; reports images/s, the epoch time extrapolated
 * from the timed steps, and each process's peak RSS, with dnn's ratios to PyTorch.
 *
 *   pnpm --filter @dnn/bench bench:train resnet20 [--steps 20] [--warmup 3] [--threads 1] [--batch 128]
 *   pnpm --filter @dnn/bench bench:train lenet5 --steps 200
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { EPOCH_IMAGES, TRAIN_RECIPES, formatReport, parseStepsResult, reportLine, type TrainRecipe } from './train-recipes';

const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url));
const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};

function main(): void {
  const model = process.argv[2] as TrainRecipe['model'];
  const base = TRAIN_RECIPES[model];
  if (!base) throw new Error(`bench:train: unknown model '${model}' (known: ${Object.keys(TRAIN_RECIPES).join(', ')})`);
  const recipe: TrainRecipe = { ...base, batch: Number(arg('batch', String(base.batch))) };
  const [steps, warmUp, threads] = [arg('steps', String(recipe.steps)), arg('warmup', '3'), arg('threads', '1')];
  const childArgs = [JSON.stringify(recipe), steps, warmUp, threads];
  const run = (file: string, args: string[], env: NodeJS.ProcessEnv) =>
    parseStepsResult(execFileSync(file, args, { cwd: BENCH_DIR, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }));

  const load = loadavg().map((l) => l.toFixed(2)).join(' ');
  const dnn = run(process.execPath, ['--conditions=development', '--import', 'tsx', 'src/train-steps.ts', ...childArgs], process.env);
  // Debian's torch links OpenBLAS; the OpenMP build honours torch.set_num_threads
  const torchEnv = { ...process.env, LD_LIBRARY_PATH: '/usr/lib/x86_64-linux-gnu/openblas-openmp', OMP_NUM_THREADS: threads };
  const torch = run('/usr/bin/python3', ['peers/torch_train_steps.py', ...childArgs], torchEnv);

  console.log(`${recipe.title}, ${recipe.optimizer === 'adamw' ? `AdamW (lr ${recipe.lr}, weight decay ${recipe.weightDecay})` : `Adam (lr ${recipe.lr})`}, ` +
    `batch ${recipe.batch}, random 1×28×28 batches; ${steps} timed steps after ${warmUp} warm-up steps, each in a fresh process; ` +
    `epoch = ${EPOCH_IMAGES} images extrapolated from the timed steps; load average at start ${load}\n`);
  console.log(formatReport([reportLine(dnn), reportLine(torch)]));
}

try {
  main();
} catch (e: unknown) {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
}
