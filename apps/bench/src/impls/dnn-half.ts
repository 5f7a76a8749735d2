import { conv2d, matmul, randn, type Device, type Tensor } from '@dnn/tensor';
import type { Builders } from '../timing';

/** dnn's float16 rows (workloads-half.ts): inputs drawn in float32 and cast once, outside the timing. */
export function halfBuilders(device: Device): Builders {
  const half = (shape: readonly number[]): Tensor => {
    const x = randn(shape, { device });
    const h = x.cast('float16');
    x.dispose();
    return h;
  };
  const runOnce = (make: () => Tensor) => async () => {
    const y = make();
    if (!device.backend.syncRead) await y.data();
    y.dispose();
  };
  return {
    'matmul-f16': ({ n }) => {
      const a = half([n, n]), b = half([n, n]);
      return { run: runOnce(() => matmul(a, b)), dispose: () => [a, b].forEach((t) => t.dispose()) };
    },
    'conv2d-f16': ({ x: xs, w: ws, pad }) => {
      const x = half(xs), w = half(ws);
      return { run: runOnce(() => conv2d(x, w, null, { padding: pad })), dispose: () => [x, w].forEach((t) => t.dispose()) };
    },
  };
}
