/**
 * The adding problem at longer lengths, for the record (not run in CI): trains a plain RNN, an LSTM
 * and a GRU at each T and prints the training-MSE curve (mean of every 50 updates) and the update at
 * which each model solved it (50-update mean below 0.01).
 *
 *   pnpm --filter @dnn/bench exec tsx --conditions=development src/long-range/main.ts [T…] [--steps N]
 */
import { trainAdding, type RecurrentKind } from './adding';

const args = process.argv.slice(2);
const at = args.indexOf('--steps');
const steps = at >= 0 ? Number(args[at + 1]) : 3000;
const lengths = args.filter((a, i) => !a.startsWith('--') && i !== at + 1).map(Number);
const SOLVED = 0.01;

for (const T of lengths.length ? lengths : [50, 200]) {
  for (const kind of ['RNN', 'LSTM', 'GRU'] as RecurrentKind[]) {
    const curve: string[] = [];
    let solvedAt: number | null = null;
    const t0 = Date.now();
    trainAdding(kind, T, {
      steps, hidden: 16, batch: 32, lr: 0.01, seed: 0, forgetBias: kind === 'LSTM' ? 1 : undefined, every: 50,
      onProgress: (update, mse) => {
        curve.push(mse.toFixed(4));
        if (solvedAt === null && mse < SOLVED) solvedAt = update;
      },
    });
    console.log(`T=${T} ${kind}: solved at update ${solvedAt ?? `— (not within ${steps})`}, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    console.log(`  MSE every 50 updates: ${curve.join(' ')}`);
  }
}
