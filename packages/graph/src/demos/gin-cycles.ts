import { Generator, type DType, type Device } from '@dnn/tensor';
import { batchGraphs } from '../batch';
import { cyclesOrPaths } from '../datasets/cycles';
import { accuracy, fitFullBatch } from './fit';
import { GINClassifier, MeanPoolMLP } from './models';

export interface GinDemoResult {
  /** Test accuracy of GIN and of the MLP on mean-pooled features. */
  gin: number;
  meanPoolMlp: number;
}

/**
 * Graph classification that needs structure: cycle or path of the same random length, with
 * uninformative node features. GIN (sum aggregation, sum pooling) against an MLP that sees only the
 * mean of the node features, both trained full-batch on one batch of training graphs.
 */
export function ginCyclesDemo(opts: { trainGraphs?: number; testGraphs?: number; epochs?: number; seed?: number; dtype?: DType; device?: Device } = {}): GinDemoResult {
  const generator = new Generator(opts.seed ?? 0);
  const o = { generator, dtype: opts.dtype, device: opts.device };
  const train = batchGraphs(cyclesOrPaths({ numGraphs: opts.trainGraphs ?? 100, ...o }), { name: 'train' });
  const test = batchGraphs(cyclesOrPaths({ numGraphs: opts.testGraphs ?? 100, ...o }), { name: 'test' });
  const epochs = opts.epochs ?? 100;
  const gin = new GINClassifier(4, 2, { hidden: 16, ...o });
  fitFullBatch(gin, train, null, { epochs, lr: 0.01, weightDecay: 0 });
  const mlp = new MeanPoolMLP(4, 2, { hidden: 16, ...o });
  fitFullBatch(mlp, train, null, { epochs, lr: 0.01, weightDecay: 0 });
  return { gin: accuracy(gin, test, null), meanPoolMlp: accuracy(mlp, test, null) };
}
