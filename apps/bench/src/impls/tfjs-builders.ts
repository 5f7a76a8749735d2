import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { Builders } from '../timing';
import { tfLenet } from './tfjs-lenet';

const require = createRequire(import.meta.url);

/** The .wasm binaries ship in the package's dist folder; Node loads them from disk. */
function useLocalWasm(): void {
  const dist = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
  setWasmPaths(`${dist}/`);
  // one thread: tfjs already disables wasm threads under Node; this states it
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
}

async function activate(backend: 'cpu' | 'wasm'): Promise<void> {
  if (backend === 'wasm') useLocalWasm();
  if (!(await tf.setBackend(backend))) throw new Error(`bench: tfjs backend '${backend}' failed to initialize`);
  await tf.ready();
}

/** tfjs in its native layout: NHWC input, [kh, kw, in, out] filter. The arithmetic is the same as NCHW. */
function builders(backend: string): Builders {
  return {
    matmul: ({ n }) => {
      const a = tf.randomNormal([n, n]), b = tf.randomNormal([n, n]);
      return { run: () => tf.tidy(() => void tf.matMul(a, b)), dispose: () => tf.dispose([a, b]) };
    },
    add: ({ n }) => {
      const a = tf.randomNormal([n]), b = tf.randomNormal([n]);
      return { run: () => tf.tidy(() => void tf.add(a, b)), dispose: () => tf.dispose([a, b]) };
    },
    conv2d: ({ x: [N, C, H, W], w: [O, , kh, kw], pad, backward }) => {
      const missing = ['Conv2D', ...(backward ? ['Conv2DBackpropInput', 'Conv2DBackpropFilter'] : [])]
        .filter((k) => !tf.getKernel(k, backend));
      if (missing.length) return { unsupported: `tfjs-backend-${backend} has no ${missing.join(', ')} kernel` };
      const x = tf.randomNormal([N, H, W, C]) as tf.Tensor4D, f = tf.randomNormal([kh, kw, C, O]) as tf.Tensor4D;
      const dy = backward ? tf.randomNormal([N, H + 2 * pad - kh + 1, W + 2 * pad - kw + 1, O]) : null;
      const attrs = { strides: [1, 1], pad, dataFormat: 'NHWC' };
      // the two kernels tfjs's own Conv2D gradient runs (its gradient table is not in the Node bundle)
      const grads = (g: tf.Tensor) => [
        tf.engine().runKernel('Conv2DBackpropInput', { dy: g, filter: f }, { ...attrs, inputShape: x.shape }),
        tf.engine().runKernel('Conv2DBackpropFilter', { x, dy: g }, { ...attrs, filterShape: f.shape }),
      ];
      return {
        run: () => tf.tidy(() => {
          tf.conv2d(x, f, 1, pad);
          if (dy) grads(dy);
        }),
        dispose: () => tf.dispose([x, f, ...(dy ? [dy] : [])]),
      };
    },
    'lenet-train': ({ batch, optimizer }) => {
      if (optimizer === 'adamw') return { unsupported: 'the hand-written tfjs LeNet-5 step trains with SGD only' };
      // the same hand-written LeNet-5 step as the WebGPU column; it needs the conv gradient kernels
      const missing = ['Conv2DBackpropInput', 'Conv2DBackpropFilter'].filter((k) => !tf.getKernel(k, backend));
      if (missing.length) return { unsupported: `tfjs-backend-${backend} has no ${missing.join(', ')} kernel, so it cannot train a CNN` };
      const net = tfLenet();
      const x = tf.randomUniform([batch, 28, 28, 1]) as tf.Tensor4D;
      const y = tf.randomUniform([batch], 0, 10, 'int32') as tf.Tensor1D;
      return { run: () => tf.tidy(() => void net.step(x, y, 0.01)), dispose: () => tf.dispose([x, y, ...net.params]) };
    },
  };
}

/** Makes `backend` current in this thread's tfjs engine and returns its builders. */
export async function tfjsBuilders(backend: 'cpu' | 'wasm'): Promise<Builders> {
  await activate(backend);
  return builders(backend);
}
