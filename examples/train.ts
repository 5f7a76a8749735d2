/**
 * @dnn/train: `fit` with validation, a metric and a scheduler, on two noisy Gaussian blobs.
 * Run: pnpm example train   (or: pnpm exec tsx --conditions=development examples/train.ts)
 */
import { Generator, Linear, ReLU, Sequential, concat, optim, randn, tensor } from '@dnn/tensor';
import { accuracy, evaluate, fit, history } from '@dnn/train';

const g = new Generator(0);
// class 0 around (−1, −1), class 1 around (1, 1)
const blob = (n: number, c: number) => randn([n, 2], { generator: g }).mul(0.7).add(c === 0 ? -1 : 1);
const batch = (n: number) => ({
  x: concat([blob(n, 0), blob(n, 1)], 0),
  y: tensor([...Array(n).fill(0), ...Array(n).fill(1)], { dtype: 'int32' }),
});
const train = [batch(32), batch(32), batch(32), batch(32)];
const validation = [batch(100)];

const model = new Sequential(new Linear(2, 16, { generator: g }), new ReLU(), new Linear(16, 2, { generator: g }));
const optimizer = new optim.Adam(model.parameters(), { lr: 0.01 });
const scheduler = new optim.CosineAnnealingLR(optimizer, { tMax: 10 });
await fit(model, { train, validation, optimizer, scheduler, epochs: 10, metrics: { accuracy }, callbacks: [history()] });

const result = await evaluate(model, validation, { metrics: { accuracy } });
console.log(`validation accuracy: ${(100 * result.accuracy!).toFixed(1)} %`);
