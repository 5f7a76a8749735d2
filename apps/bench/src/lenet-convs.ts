/**
 * `bench:lenet-convs`: LeNet-5's two 5×5 convolutions at batch 64 on the CPU device's WebAssembly
 * kernels, each backend call timed alone (operands already in the kernels' memory, as in training):
 * C1 and C3 forward, both weight gradients and C3's input gradient. The calls take turns, and each
 * prints its median and fastest time over the rounds after a warm-up. dnn only: the per-layer PyTorch
 * figures in the notes come from `torch.nn.grad` in a Python loop.
 *
 *   pnpm --filter @dnn/bench bench:lenet-convs [--threads 1] [--rounds 200]
 */
import './relaxed-simd';
import { createCpuBackend } from '@dnn/tensor';
import { contiguousStrides, type Conv2dSpec, type TypedArray, type View } from '@dnn/tensor/backend';
import { median } from './timing';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!(Number.isInteger(v) && v >= 1)) throw new Error(`bench:lenet-convs: --${name} must be a positive integer`);
  return v;
};

function main(): void {
  const threads = arg('threads', 1), rounds = arg('rounds', 200), warmUp = 20;
  const backend = createCpuBackend({ threads });
  const { conv2d, conv2dBackwardInput, conv2dBackwardWeight, writable, free } = backend;
  if (!conv2d || !conv2dBackwardInput || !conv2dBackwardWeight || !writable) throw new Error('bench:lenet-convs: the CPU backend lacks a conv kernel');
  /** A float32 operand of `shape` resident in the kernels' memory, filled with a fixed pattern. */
  const operand = (shape: number[]): View<TypedArray> => {
    const n = shape.reduce((a, b) => a * b, 1);
    const buffer = writable.call(backend, n, 'float32');
    if (!buffer) throw new Error('bench:lenet-convs: no resident memory');
    for (let i = 0; i < n; i++) buffer[i] = Math.sin(i * 12.9898) * 0.5;
    return { buffer, dtype: 'float32', shape, strides: contiguousStrides(shape), offset: 0 };
  };
  const spec = (p: number): Conv2dSpec => ({ stride: [1, 1], padding: [p, p], dilation: [1, 1], groups: 1 });
  const x1 = operand([64, 1, 28, 28]), w1 = operand([6, 1, 5, 5]), dy1 = operand([64, 6, 28, 28]);
  const x3 = operand([64, 6, 14, 14]), w3 = operand([16, 6, 5, 5]), dy3 = operand([64, 16, 10, 10]);
  const calls: [string, () => TypedArray][] = [
    ['C1 forward', () => conv2d.call(backend, x1, w1, spec(2), [64, 6, 28, 28])],
    ['C1 weight gradient', () => conv2dBackwardWeight.call(backend, x1, dy1, spec(2), [6, 1, 5, 5])],
    ['C3 forward', () => conv2d.call(backend, x3, w3, spec(0), [64, 16, 10, 10])],
    ['C3 weight gradient', () => conv2dBackwardWeight.call(backend, x3, dy3, spec(0), [16, 6, 5, 5])],
    ['C3 input gradient', () => conv2dBackwardInput.call(backend, dy3, w3, spec(0), [64, 6, 14, 14])],
  ];
  const times = calls.map((): number[] => []);
  for (let r = 0; r < rounds + warmUp; r++) {
    calls.forEach(([, call], k) => {
      const start = performance.now();
      const out = call();
      const ms = performance.now() - start;
      free.call(backend, out);
      if (r >= warmUp) times[k]!.push(ms);
    });
  }
  console.log(`LeNet-5 convolutions, batch 64, ${threads} thread(s), ${rounds} rounds taking turns (ms):`);
  calls.forEach(([name], k) => console.log(`${name.padEnd(20)} median ${median(times[k]!).toFixed(3)}  fastest ${Math.min(...times[k]!).toFixed(3)}`));
}

main();
