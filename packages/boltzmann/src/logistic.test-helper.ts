import { Generator, Linear, crossEntropy, enableGrad, noGrad, optim, tidy, type Tensor } from '@dnn/tensor';

/**
 * Test accuracy of a multinomial logistic regression trained on features (full-batch Adam, 1000 steps),
 * with scikit-learn's penalty: minimizes mean cross-entropy + ‖W‖²/(2·C·N). On the same features it
 * scores 1.5–3.5 points below scikit-learn's newton-cg solver (measured on three dnn RBMs: 0.903,
 * 0.906, 0.919 here against 0.922, 0.939, 0.936 there); on the raw pixels 0.972 against 0.961.
 */
export function logisticAccuracy(fTrain: Tensor, yTrain: Tensor, fTest: Tensor, yTest: Tensor, opts: { C?: number; steps?: number; lr?: number } = {}): number {
  const [n, d] = fTrain.shape as [number, number];
  fTrain = fTrain.detach();
  fTest = fTest.detach();
  const clf = new Linear(d, 10, { generator: new Generator(0), dtype: fTrain.dtype });
  const opt = new optim.Adam(clf.parameters(), { lr: opts.lr ?? 0.05 });
  const penalty = 1 / (2 * (opts.C ?? 6000) * n);
  for (let s = 0; s < (opts.steps ?? 1000); s++) {
    enableGrad(() => tidy(() => {
      opt.zeroGrad();
      crossEntropy(clf.forward(fTrain), yTrain).add(clf.weight.square().sum().mul(penalty)).backward();
      opt.step();
    }));
  }
  return noGrad(() => tidy(() => clf.forward(fTest).argmax(1).eq(yTest).cast('float32').mean().item()));
}
