import { Generator, type DType, type Device } from '@dnn/tensor';
import { contextualSbm, type CsbmOptions } from '../datasets/csbm';
import { accuracy, fitFullBatch, idTensor } from './fit';
import { NodeClassifier, type NodeModelKind } from './models';

export interface CsbmLevel {
  name: string;
  homophily: number;
  signal: number;
}

/** From easy to hard: both the edges (homophily) and the features (signal) carry less of the label. */
export const CSBM_LEVELS: readonly CsbmLevel[] = [
  { name: 'easy', homophily: 0.9, signal: 1.0 },
  { name: 'medium', homophily: 0.8, signal: 0.6 },
  { name: 'hard', homophily: 0.7, signal: 0.4 },
];

export interface CsbmRow {
  level: string;
  /** Test accuracy of each model. */
  accuracy: Record<NodeModelKind, number>;
}

export interface CsbmSweepOptions {
  numNodes?: number;
  avgDegree?: number;
  featureDim?: number;
  /** Fraction of nodes with a known label (the rest is the test set). Default 0.2. */
  trainFraction?: number;
  epochs?: number;
  models?: readonly NodeModelKind[];
  levels?: readonly CsbmLevel[];
  seed?: number;
  dtype?: DType;
  device?: Device;
}

/**
 * Node classification on contextual stochastic block models from easy to hard: each model is trained
 * on the labelled fraction and scored on the other nodes; the MLP sees the features only, so the
 * gap to it is what the edges add.
 */
export function csbmSweep(opts: CsbmSweepOptions = {}): CsbmRow[] {
  const models = opts.models ?? ['mlp', 'gcn', 'gat', 'sage'];
  return (opts.levels ?? CSBM_LEVELS).map((level, li) => {
    const generator = new Generator((opts.seed ?? 0) * 1000 + li);
    const spec: CsbmOptions = {
      numNodes: opts.numNodes ?? 1000, avgDegree: opts.avgDegree ?? 8, featureDim: opts.featureDim ?? 16,
      homophily: level.homophily, signal: level.signal, generator, dtype: opts.dtype, device: opts.device,
    };
    const graph = contextualSbm(spec);
    // node ids carry no information (labels alternate), so a stride split is a fair random split
    const every = Math.round(1 / (opts.trainFraction ?? 0.2));
    const train: number[] = [], test: number[] = [];
    for (let i = 0; i < graph.numNodes; i++) (Math.floor(i / 2) % every === 0 ? train : test).push(i);
    const trainIds = idTensor(graph, train), testIds = idTensor(graph, test);
    const acc = {} as Record<NodeModelKind, number>;
    for (const kind of models) {
      const model = new NodeClassifier(kind, spec.featureDim!, 2, { hidden: 16, generator, dtype: opts.dtype, device: opts.device });
      fitFullBatch(model, graph, trainIds, { epochs: opts.epochs ?? 100, lr: 0.01 });
      acc[kind] = accuracy(model, graph, testIds);
    }
    graph.dispose();
    return { level: level.name, accuracy: acc };
  });
}
