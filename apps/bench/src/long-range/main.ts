/**
 * The adding problem at longer lengths, for the record (not run in CI): trains a plain RNN, an LSTM
 * and a GRU at each T and prints the training-MSE curve (mean of every 50 updates) and the update at
 * which each model solved it (50-update mean below 0.01). With `--svg DIR` it also writes the curves
 * of each T as `DIR/adding-T<T>.svg` (rewritten after each model, so a cut-short run keeps its curves).
 *
 *   pnpm --filter @dnn/bench exec tsx --conditions=development src/long-range/main.ts [T…] [--steps N] [--batch N] [--models RNN,LSTM,GRU] [--svg DIR]
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { curvesSvg, type FigureLog } from '@dnn/train';
import { trainAdding, type RecurrentKind } from './adding';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const steps = Number(option('--steps') ?? 3000);
const batch = Number(option('--batch') ?? 32);
const svgDir = option('--svg');
const models = (option('--models') ?? 'RNN,LSTM,GRU').split(',') as RecurrentKind[];
const lengths = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')).map(Number);
const SOLVED = 0.01;
const EVERY = 50;

for (const T of lengths.length ? lengths : [50, 200]) {
  const records: FigureLog[] = [];
  const solved: string[] = [];
  for (const kind of models) {
    const curve: string[] = [];
    let solvedAt: number | null = null;
    const t0 = Date.now();
    trainAdding(kind, T, {
      steps, hidden: 16, batch, lr: 0.01, seed: 0, forgetBias: kind === 'LSTM' ? 1 : undefined, every: EVERY,
      onProgress: (update, mse) => {
        curve.push(mse.toFixed(4));
        console.log(`  T=${T} ${kind} update ${update}: MSE ${mse.toFixed(4)}`);
        if (solvedAt === null && mse < SOLVED) solvedAt = update;
        const record = records[update / EVERY - 1] ?? (records[update / EVERY - 1] = { epoch: update });
        record[`${kind}Loss`] = mse;
      },
    });
    console.log(`T=${T} ${kind}: solved at update ${solvedAt ?? `— (not within ${steps})`}, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    console.log(`  MSE every ${EVERY} updates: ${curve.join(' ')}`);
    solved.push(`${kind} ${solvedAt ?? '—'}`);
    if (svgDir) {
      mkdirSync(svgDir, { recursive: true });
      const title = `Adding problem, T = ${T} (batch ${batch}): MSE < ${SOLVED} at update ${solved.join(', ')}`;
      const lossTitle = `training MSE, mean of ${EVERY} updates`;
      writeFileSync(join(svgDir, `adding-T${T}.svg`), curvesSvg(records, title, { lossTitle, xTitle: 'update' }));
    }
  }
}
