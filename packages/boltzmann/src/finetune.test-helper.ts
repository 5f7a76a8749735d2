import { Generator, Linear, Sequential, nn, crossEntropy, enableGrad, noGrad, optim, randperm, tidy, type Tensor } from '@dnn/tensor';

export interface FineTuneResult {
  /** Test accuracy after each epoch. */
  accuracy: number[];
  /** First epoch (1-based) whose test accuracy reaches the threshold, or Infinity. */
  epochsTo: number;
}

/** Backpropagation through a classifier: SGD with momentum, shuffled mini-batches, cross-entropy. */
export function fineTune(net: Sequential, x: Tensor, y: Tensor, xTest: Tensor, yTest: Tensor, opts: {
  epochs: number; batchSize: number; lr: number; threshold: number; generator: Generator;
}): FineTuneResult {
  const opt = new optim.SGD(net.parameters(), { lr: opts.lr, momentum: 0.9 });
  const n = x.shape[0]!;
  const accuracy: number[] = [];
  for (let e = 0; e < opts.epochs; e++) {
    const order = randperm(n, { generator: opts.generator });
    for (let s = 0; s < n; s += opts.batchSize) {
      enableGrad(() => tidy(() => {
        const idx = order.narrow(0, s, Math.min(opts.batchSize, n - s));
        opt.zeroGrad();
        crossEntropy(net.forward(x.indexSelect(0, idx)), y.indexSelect(0, idx)).backward();
        opt.step();
      }));
    }
    order.dispose();
    accuracy.push(noGrad(() => tidy(() => net.forward(xTest).argmax(1).eq(yTest).cast('float32').mean().item())));
  }
  const at = accuracy.findIndex((a) => a >= opts.threshold);
  return { accuracy, epochsTo: at < 0 ? Infinity : at + 1 };
}

/** The same architecture as DBN.toSequential from PyTorch's default initialization: the random-start baseline. */
export function sigmoidMLP(sizes: readonly number[], classes: number, generator: Generator): Sequential {
  const mods = sizes.slice(1).flatMap((n, l) => [new Linear(sizes[l]!, n, { generator }), new nn.Sigmoid()]);
  return new Sequential(...mods, new Linear(sizes[sizes.length - 1]!, classes, { generator }));
}
