import * as tf from '@tensorflow/tfjs-core';

/**
 * The modern LeNet-5 training step of dnn's `lenet5-train` workload, written for tfjs (NHWC): conv 5×5
 * pad 2 → ReLU → max-pool 2 → conv 5×5 → ReLU → max-pool 2 → conv 5×5 → ReLU → linear 84 → ReLU →
 * linear 10, softmax cross-entropy, plain SGD. tfjs-core's Node build carries no gradient table, so the
 * backward pass calls the kernels tfjs's own gradients call (Conv2DBackpropInput/Filter, MaxPoolGrad,
 * matmuls, step for ReLU); lenet.test.ts checks it against dnn's step from the same weights.
 */
export interface TfLenet {
  /** Filters [kh, kw, in, out] and dense kernels [in, out], in dnn's parameter order. */
  readonly params: tf.Variable[];
  /** One SGD step on (x [N, 28, 28, 1], int32 labels [N]); returns the loss before the update. */
  step(x: tf.Tensor4D, labels: tf.Tensor1D, lr: number): tf.Scalar;
}

/** dnn's parameter names and shapes ([out, in, kh, kw] and [out, in]), in order. */
export const DNN_LENET_SHAPES: readonly (readonly [string, readonly number[]])[] = [
  ['c1.weight', [6, 1, 5, 5]], ['c1.bias', [6]], ['c3.weight', [16, 6, 5, 5]], ['c3.bias', [16]],
  ['c5.weight', [120, 16, 5, 5]], ['c5.bias', [120]], ['f6.weight', [84, 120]], ['f6.bias', [84]],
  ['output.weight', [10, 84]], ['output.bias', [10]],
];

/** A dnn parameter (PyTorch layout) in tfjs's layout. */
function toTf(values: Float32Array, shape: readonly number[]): tf.Tensor {
  const t = tf.tensor(values, [...shape]);
  if (shape.length === 4) return tf.transpose(t, [2, 3, 1, 0]);
  if (shape.length === 2) return tf.transpose(t);
  return t;
}

/** A LeNet-5 from dnn parameter values (by name), or from small random ones. */
export function tfLenet(values?: Record<string, Float32Array>): TfLenet {
  const params = DNN_LENET_SHAPES.map(([name, shape]) => tf.tidy(() => {
    const n = shape.reduce((a, b) => a * b, 1);
    const v = values?.[name] ?? tf.randomUniform([n], -0.1, 0.1).dataSync() as Float32Array;
    return tf.variable(toTf(v, shape));
  }));
  return { params, step: (x, labels, lr) => step(params, x, labels, lr) };
}

const STRIDE1 = { strides: [1, 1], dataFormat: 'NHWC', dimRoundingMode: undefined } as const;
const POOL = { filterSize: 2, strides: 2, pad: 'valid', dimRoundingMode: undefined } as const;

function step(p: tf.Variable[], x: tf.Tensor4D, labels: tf.Tensor1D, lr: number): tf.Scalar {
  const [w1, b1, w3, b3, w5, b5, w6, b6, w7, b7] = p as [tf.Variable<tf.Rank.R4>, tf.Variable, tf.Variable<tf.Rank.R4>, tf.Variable,
    tf.Variable<tf.Rank.R4>, tf.Variable, tf.Variable<tf.Rank.R2>, tf.Variable, tf.Variable<tf.Rank.R2>, tf.Variable];
  return tf.tidy(() => {
    const N = x.shape[0];
    const conv = (inp: tf.Tensor4D, w: tf.Tensor4D, b: tf.Tensor, pad: number) => tf.add(tf.conv2d(inp, w, 1, pad), b) as tf.Tensor4D;
    const pool = (t: tf.Tensor4D) => tf.maxPool(t, 2, 2, 'valid');
    const c1 = conv(x, w1, b1, 2), r1 = tf.relu(c1), p1 = pool(r1);
    const c3 = conv(p1, w3, b3, 0), r3 = tf.relu(c3), p3 = pool(r3);
    const c5 = conv(p3, w5, b5, 0), h5 = tf.reshape(tf.relu(c5), [N, 120]) as tf.Tensor2D;
    const f6 = tf.add(tf.matMul(h5, w6), b6) as tf.Tensor2D, r6 = tf.relu(f6);
    const logits = tf.add(tf.matMul(r6, w7), b7) as tf.Tensor2D;
    const onehot = tf.oneHot(labels, 10);
    const loss = tf.neg(tf.mean(tf.sum(tf.mul(onehot, tf.logSoftmax(logits)), 1))) as tf.Scalar;

    // backward, layer by layer
    const run = (kernel: string, inputs: tf.NamedTensorMap, attrs: object) =>
      tf.engine().runKernel(kernel, inputs, attrs as tf.NamedAttrMap) as tf.Tensor4D;
    const convGrads = (inp: tf.Tensor4D, w: tf.Tensor4D, dy: tf.Tensor4D, pad: number, needInput: boolean) => ({
      dw: run('Conv2DBackpropFilter', { x: inp, dy }, { ...STRIDE1, pad, filterShape: w.shape }),
      db: tf.sum(dy, [0, 1, 2]),
      dx: needInput ? run('Conv2DBackpropInput', { dy, filter: w }, { ...STRIDE1, pad, inputShape: inp.shape }) : null,
    });
    const dLogits = tf.div(tf.sub(tf.softmax(logits), onehot), N) as tf.Tensor2D;
    const g7 = { dw: tf.matMul(r6, dLogits, true, false), db: tf.sum(dLogits, 0) };
    const df6 = tf.mul(tf.matMul(dLogits, w7, false, true), tf.step(f6)) as tf.Tensor2D;
    const g6 = { dw: tf.matMul(h5, df6, true, false), db: tf.sum(df6, 0) };
    const dc5 = tf.mul(tf.reshape(tf.matMul(df6, w6, false, true), c5.shape), tf.step(c5)) as tf.Tensor4D;
    const g5 = convGrads(p3, w5, dc5, 0, true);
    const dc3 = tf.mul(run('MaxPoolGrad', { dy: g5.dx!, input: r3, output: p3 }, POOL), tf.step(c3)) as tf.Tensor4D;
    const g3 = convGrads(p1, w3, dc3, 0, true);
    const dc1 = tf.mul(run('MaxPoolGrad', { dy: g3.dx!, input: r1, output: p1 }, POOL), tf.step(c1)) as tf.Tensor4D;
    const g1 = convGrads(x, w1, dc1, 2, false);

    const grads = [g1.dw, g1.db, g3.dw, g3.db, g5.dw, g5.db, g6.dw, g6.db, g7.dw, g7.db];
    p.forEach((v, i) => v.assign(tf.sub(v, tf.mul(grads[i]!, lr))));
    return loss;
  });
}
