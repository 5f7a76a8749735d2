import { crossEntropy, fromTypedArray, noGrad, optim, tidy, type Module, type Tensor } from '@dnn/tensor';
import type { Graph } from '../graph';

type GraphModel = Module & { forward(x: Tensor, g: Graph): Tensor };

export interface FullBatchOptions {
  epochs: number;
  lr?: number;
  weightDecay?: number;
  /** Called after every epoch with the epoch number and training loss. */
  onEpoch?: (epoch: number, loss: number) => void;
}

/** Node ids as an int32 tensor on the graph's device. */
export function idTensor(graph: Graph, ids: ArrayLike<number>): Tensor {
  return fromTypedArray(Int32Array.from(ids), [ids.length], { dtype: 'int32', device: graph.x!.device });
}

/**
 * Full-batch training with Adam and cross-entropy on the rows `rows` of the output (labelled nodes,
 * or all graphs of a batch). Returns the loss of every epoch.
 */
export function fitFullBatch(model: GraphModel, graph: Graph, rows: Tensor | null, opts: FullBatchOptions): number[] {
  const opt = new optim.Adam(model.parameters(), { lr: opts.lr ?? 0.01, weightDecay: opts.weightDecay ?? 5e-4 });
  const target = rows ? graph.y!.indexSelect(0, rows) : graph.y!;
  const losses: number[] = [];
  model.train();
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    const loss = tidy(() => {
      opt.zeroGrad();
      const out = model.forward(graph.x!, graph);
      const l = crossEntropy(rows ? out.indexSelect(0, rows) : out, target);
      l.backward();
      opt.step();
      return l.item();
    });
    losses.push(loss);
    opts.onEpoch?.(epoch, loss);
  }
  model.eval();
  return losses;
}

/** Fraction of rows whose arg-max prediction equals the label (evaluation mode, no gradients). */
export function accuracy(model: GraphModel, graph: Graph, rows: Tensor | null): number {
  model.eval();
  return noGrad(() => tidy(() => {
    const out = model.forward(graph.x!, graph);
    const pred = (rows ? out.indexSelect(0, rows) : out).argmax(1);
    const y = rows ? graph.y!.indexSelect(0, rows) : graph.y!;
    return pred.eq(y.reshape(pred.shape)).cast('float64').mean().item();
  }));
}
