import type { Workload } from './types';
import { GENERATIVE_WORKLOADS } from './generative-workloads';
import { RECURRENT_WORKLOADS } from './workloads-recurrent';
import { GRAPH_WORKLOADS } from './workloads-graph';
import { GEMM_WORKLOADS } from './workloads-gemm';
import { HALF_WORKLOADS } from './workloads-half';

const convFlops = (x: readonly number[], w: readonly number[], pad: number): number => {
  const [N, , H, W] = x as [number, number, number, number];
  const [O, C, kh, kw] = w as [number, number, number, number];
  const Ho = H + 2 * pad - kh + 1, Wo = W + 2 * pad - kw + 1;
  return 2 * N * O * Ho * Wo * C * kh * kw;
};

const lenet = { x: [64, 1, 28, 28], w: [6, 1, 5, 5], pad: 2 } as const;
const resnet = { x: [32, 64, 56, 56], w: [64, 64, 3, 3], pad: 1 } as const;

/** The benchmark table, in print order. Forward+backward counts three convolutions (y, dx, dW). */
export const WORKLOADS: readonly Workload[] = [
  { name: 'matmul-256', description: '256×256 · 256×256', spec: { kind: 'matmul', n: 256 }, work: 2 * 256 ** 3, unit: 'GFLOP/s' },
  { name: 'matmul-1024', description: '1024×1024 · 1024×1024', spec: { kind: 'matmul', n: 1024 }, work: 2 * 1024 ** 3, unit: 'GFLOP/s' },
  ...GEMM_WORKLOADS,
  {
    name: 'conv2d-lenet-fwd', description: 'LeNet-5 conv1: 64×1×28×28, 6 filters 5×5, pad 2',
    spec: { kind: 'conv2d', ...lenet, backward: false }, work: convFlops(lenet.x, lenet.w, lenet.pad), unit: 'GFLOP/s',
  },
  {
    name: 'conv2d-lenet-fwdbwd', description: 'the same, forward + input and weight gradients',
    spec: { kind: 'conv2d', ...lenet, backward: true }, work: 3 * convFlops(lenet.x, lenet.w, lenet.pad), unit: 'GFLOP/s',
  },
  {
    name: 'conv2d-resnet-fwd', description: 'ResNet 3×3 block: 32×64×56×56, 64 filters 3×3, pad 1',
    spec: { kind: 'conv2d', ...resnet, backward: false }, work: convFlops(resnet.x, resnet.w, resnet.pad), unit: 'GFLOP/s',
  },
  {
    name: 'conv2d-resnet-fwdbwd', description: 'the same, forward + input and weight gradients',
    spec: { kind: 'conv2d', ...resnet, backward: true }, work: 3 * convFlops(resnet.x, resnet.w, resnet.pad), unit: 'GFLOP/s',
  },
  // two float32 reads and one write per element
  { name: 'lenet5-train-64', description: 'LeNet-5 (modern) training step, batch 64, SGD', spec: { kind: 'lenet-train', batch: 64 }, work: 64, unit: 'images/s' },
  { name: 'lenet5-train-64-adamw', description: 'the same with AdamW (lr 2e-3, weight decay 0.05), as `dnn train lenet5`', spec: { kind: 'lenet-train', batch: 64, optimizer: 'adamw' }, work: 64, unit: 'images/s' },
  ...GRAPH_WORKLOADS,
  { name: 'add-1M', description: 'element-wise a + b, 2^20 float32', spec: { kind: 'add', n: 1 << 20 }, work: 3 * 4 * (1 << 20), unit: 'GB/s' },
  ...GENERATIVE_WORKLOADS,
  ...RECURRENT_WORKLOADS,
  ...HALF_WORKLOADS,
];
