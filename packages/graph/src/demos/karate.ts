import { Generator, noGrad, tidy, type DType, type Device } from '@dnn/tensor';
import { karateClub } from '../datasets/karate';
import { accuracy, fitFullBatch, idTensor } from './fit';
import { NodeClassifier, type NodeModelKind } from './models';

export interface KarateResult {
  /** Accuracy on the 32 members whose club was not given. */
  accuracy: number;
  losses: number[];
  /** The 2-D output of every member (for a plot), and its club. */
  embedding: number[][];
  labels: number[];
}

/**
 * Semi-supervised node classification on Zachary's karate club: only the instructor (node 0) and
 * the administrator (node 33) are labelled; a two-layer model on one-hot features predicts which
 * club each other member joined.
 */
export function karateDemo(opts: { model?: NodeModelKind; epochs?: number; seed?: number; dtype?: DType; device?: Device } = {}): KarateResult {
  const generator = new Generator(opts.seed ?? 0);
  const graph = karateClub({ dtype: opts.dtype, device: opts.device });
  const model = new NodeClassifier(opts.model ?? 'gcn', 34, 2, { hidden: 16, dropout: 0.5, generator, dtype: opts.dtype, device: opts.device });
  const labelled = idTensor(graph, [0, 33]);
  const others = idTensor(graph, Array.from({ length: 32 }, (_, i) => i + 1));
  const losses = fitFullBatch(model, graph, labelled, { epochs: opts.epochs ?? 100, lr: 0.01 });
  const embedding = noGrad(() => tidy(() => model.forward(graph.x!, graph).arraySync())) as number[][];
  return { accuracy: accuracy(model, graph, others), losses, embedding, labels: graph.y!.arraySync() as number[] };
}
