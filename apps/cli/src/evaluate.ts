import { crossEntropy, noGrad, tidy, type Tensor } from '@dnn/tensor';
import type { Batch, DataSource, Forward, LossFn } from '@dnn/train';

export interface Evaluation {
  /** Mean loss per image. */
  loss: number;
  accuracy: number;
  correct: number;
  total: number;
  /** Per true class: how many test images it has and how many were classified right. */
  perClass: { correct: number; total: number }[];
}

/** Loss, accuracy and accuracy per class of a classifier over one pass of `loader` (eval's table), without recording gradients. */
export async function evaluateClasses(model: Forward, loader: DataSource<Batch>, opts: { loss?: LossFn } = {}): Promise<Evaluation> {
  const lossFn = opts.loss ?? ((logits, y) => crossEntropy(logits, y));
  const wasTraining = model.training;
  model.eval();
  let lossSum = 0;
  let correct = 0;
  let total = 0;
  const perClass: { correct: number; total: number }[] = [];
  try {
    for await (const { x, y } of loader as AsyncIterable<Batch>) {
      const [loss, pred] = noGrad(() => tidy((): [Tensor, Tensor] => {
        const logits = model.forward(x);
        return [lossFn(logits, y), logits.argmax(1)];
      }));
      const [l, p, t] = await Promise.all([loss.data(), pred.data(), y.data()]);
      const n = t.length;
      lossSum += Number(l[0]) * n;
      for (let i = 0; i < n; i++) {
        const label = Number(t[i]);
        const c = (perClass[label] ??= { correct: 0, total: 0 });
        c.total++;
        if (Number(p[i]) === label) {
          c.correct++;
          correct++;
        }
      }
      total += n;
      for (const u of [x, y, loss, pred]) u.dispose();
    }
  } finally {
    model.train(wasTraining);
  }
  for (let c = 0; c < perClass.length; c++) perClass[c] ??= { correct: 0, total: 0 };
  return { loss: lossSum / total, accuracy: correct / total, correct, total, perClass };
}
