import * as tf from '@tensorflow/tfjs-core';
import { inProcess, withWarmUp, type Builders } from '../timing';
import type { Implementation } from '../types';
import { nodeGpu } from './node-gpu';
import { tfLenet } from './tfjs-lenet';

/**
 * `@tensorflow/tfjs-backend-webgpu` on the adapter dnn's `webgpu` device uses (the same `GPU` entry
 * point), in this thread: GPU work is asynchronous, so no worker is needed to stop a slow cell. Every
 * run ends by reading its outputs back, as dnn's runs on the GPU do, so the times include the work.
 */
export function tfjsWebgpuImplementation(): Implementation {
  return inProcess('tfjs-webgpu', 'webgpu', 1, async () => {
    nodeGpu();
    // tfjs-backend-webgpu registers itself at import time only where navigator.gpu exists
    await import('@tensorflow/tfjs-backend-webgpu');
    if (!(await tf.setBackend('webgpu'))) throw new Error('bench: tfjs-backend-webgpu failed to initialize');
    await tf.ready();
    return withWarmUp(builders());
  });
}

function builders(): Builders {
  /** Reads every output (the GPU has finished), then frees them. */
  const settle = async (outs: tf.Tensor[]) => {
    for (const t of outs) await t.data();
    tf.dispose(outs);
  };
  return {
    matmul: ({ n }) => {
      const a = tf.randomNormal([n, n]), b = tf.randomNormal([n, n]);
      return { run: () => settle([tf.matMul(a, b)]), dispose: () => tf.dispose([a, b]) };
    },
    add: ({ n }) => {
      const a = tf.randomNormal([n]), b = tf.randomNormal([n]);
      return { run: () => settle([tf.add(a, b)]), dispose: () => tf.dispose([a, b]) };
    },
    conv2d: ({ x: [N, C, H, W], w: [O, , kh, kw], pad, backward }) => {
      // tfjs's native layout: NHWC input, [kh, kw, in, out] filter
      const x = tf.randomNormal([N, H, W, C]) as tf.Tensor4D, f = tf.randomNormal([kh, kw, C, O]) as tf.Tensor4D;
      const dy = backward ? tf.randomNormal([N, H + 2 * pad - kh + 1, W + 2 * pad - kw + 1, O]) : null;
      const attrs = { strides: [1, 1], pad, dataFormat: 'NHWC', dimRoundingMode: undefined };
      const run = (kernel: string, inputs: tf.NamedTensorMap, extra: object) =>
        tf.engine().runKernel(kernel, inputs, { ...attrs, ...extra } as unknown as tf.NamedAttrMap) as tf.Tensor;
      return {
        run: () => settle([
          tf.conv2d(x, f, 1, pad),
          ...(dy ? [run('Conv2DBackpropInput', { dy, filter: f }, { inputShape: x.shape }), run('Conv2DBackpropFilter', { x, dy }, { filterShape: f.shape })] : []),
        ]),
        dispose: () => tf.dispose([x, f, ...(dy ? [dy] : [])]),
      };
    },
    'lenet-train': ({ batch, optimizer }) => {
      if (optimizer === 'adamw') return { unsupported: 'the hand-written tfjs LeNet-5 step trains with SGD only' };
      const net = tfLenet();
      const x = tf.randomUniform([batch, 28, 28, 1]) as tf.Tensor4D;
      const y = tf.randomUniform([batch], 0, 10, 'int32') as tf.Tensor1D;
      return { run: () => settle([net.step(x, y, 0.01)]), dispose: () => tf.dispose([x, y, ...net.params]) };
    },
  };
}
