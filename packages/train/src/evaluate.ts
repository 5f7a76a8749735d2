import { noGrad, tidy, type Module, type Tensor } from '@dnn/tensor';
import { batchSize, disposeBatch } from './read';
import { defaultLoss } from './step';
import type { Batch, DataSource, Forward, LossFn } from './types';

/**
 * A validation metric: from a batch's output and target, a scalar tensor holding the batch's SUM
 * (e.g. the number of correct predictions); evaluate divides the total by the number of samples.
 */
export type Metric = (output: Tensor, target: Tensor) => Tensor;

/** Correct top-1 predictions of [N, classes] logits against [N] class labels. */
export const accuracy: Metric = (output, target) => output.argmax(1).eq(target).sum();

export interface EvaluateOptions {
  /** Default: cross entropy. */
  loss?: LossFn;
  /** Named metrics, averaged per sample: `{ accuracy }`. */
  metrics?: Record<string, Metric>;
  /** Dispose each batch's tensors after use. Default: true unless `data` is an array (reused across passes). */
  disposeBatches?: boolean;
}

/** `loss` (mean per sample), each metric (mean per sample) and `samples`. */
export interface Evaluation {
  loss: number;
  samples: number;
  [metric: string]: number;
}

/** Loss and metrics of `model` over one pass of `data`, in eval mode and without recording gradients. */
export async function evaluate(model: Forward, data: DataSource<Batch>, o: EvaluateOptions = {}): Promise<Evaluation> {
  const lossFn = o.loss ?? defaultLoss;
  const metrics = Object.entries(o.metrics ?? {});
  const dispose = o.disposeBatches ?? !Array.isArray(data);
  const wasTraining = (model as Module).training;
  model.eval();
  const sums = new Float64Array(metrics.length + 1);
  let samples = 0;
  try {
    for await (const batch of data as AsyncIterable<Batch>) {
      const n = batchSize(batch);
      const figures = noGrad(() => tidy(() => {
        const out = model.forward(batch.x);
        return [lossFn(out, batch.y), ...metrics.map(([, m]) => m(out, batch.y))];
      }));
      try {
        // the loss is a batch mean; the metrics are batch sums
        for (let i = 0; i < figures.length; i++) sums[i] = sums[i]! + (await figures[i]!.itemAsync()) * (i === 0 ? n : 1);
      } finally {
        for (const f of figures) f.dispose();
        if (dispose) disposeBatch(batch);
      }
      samples += n;
    }
  } finally {
    model.train(wasTraining);
  }
  const result: Evaluation = { loss: sums[0]! / samples, samples };
  metrics.forEach(([name], i) => (result[name] = sums[i + 1]! / samples));
  return result;
}
