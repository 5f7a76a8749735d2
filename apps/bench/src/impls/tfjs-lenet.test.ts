import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { cpu, crossEntropy, fromTypedArray, manualSeed, optim, tidy } from '@dnn/tensor';
import { lenet5 } from '@dnn/models';
import { expectClose, hostUniform } from '@dnn/tensor/testing';
import { DNN_LENET_SHAPES, tfLenet } from './tfjs-lenet';

describe('the tfjs LeNet-5 step of the benchmark', () => {
  it('computes the same loss and the same updated weights as dnn from the same weights and batch', async () => {
    await tf.setBackend('cpu');
    manualSeed(3);
    const net = lenet5({ variant: 'modern' });
    const state = net.stateDict();
    expect(Object.keys(state)).toEqual(DNN_LENET_SHAPES.map(([n]) => n));
    const values = Object.fromEntries(Object.entries(state).map(([k, t]) => [k, Float32Array.from(t.dataSync())]));
    const N = 5;
    const pixels = Float32Array.from(hostUniform(N * 784, 7, 0, 1));
    const labels = Int32Array.from([3, 0, 9, 3, 7]);

    const lr = 0.1;
    const opt = new optim.SGD(net.parameters(), { lr });
    const x = fromTypedArray(pixels, [N, 1, 28, 28], { device: cpu() }), y = fromTypedArray(labels, [N]);
    const dnnLoss = tidy(() => {
      const l = crossEntropy(net.forward(x), y);
      l.backward();
      opt.step();
      return l.detach();
    }).item();

    const peer = tfLenet(values);
    // one channel: NCHW and NHWC hold the same numbers
    const tfLoss = tf.tidy(() => peer.step(tf.tensor4d(pixels, [N, 28, 28, 1]), tf.tensor1d(labels, 'int32'), lr).dataSync()[0]!);
    expectClose(tfLoss, dnnLoss, { rtol: 1e-5, atol: 1e-6, label: 'loss' });

    // the updated weights, in tfjs's layout, against the peer's
    const before = tfLenet(values);
    const after = tfLenet(Object.fromEntries(Object.entries(net.stateDict()).map(([k, t]) => [k, Float32Array.from(t.dataSync())])));
    const maxDiff = (a: tf.Variable, b: tf.Variable) => {
      const [u, v] = [a.dataSync() as Float32Array, b.dataSync() as Float32Array];
      return u.reduce((m, w, j) => Math.max(m, Math.abs(w - v[j]!)), 0);
    };
    peer.params.forEach((v, i) => {
      const [name] = DNN_LENET_SHAPES[i]!;
      expect(maxDiff(v, after.params[i]!), `${name} after one step`).toBeLessThan(1e-5);
      // and the step moved it
      expect(maxDiff(v, before.params[i]!), `${name} moved`).toBeGreaterThan(1e-5);
    });
    tf.dispose([...peer.params, ...before.params, ...after.params]);
  });
});
