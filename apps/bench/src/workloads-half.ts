import type { Workload } from './types';

/**
 * float16 rows: the float32 matmul-1024 and ResNet-block forward convolution with float16 inputs and
 * outputs (float32 accumulation), for devices that hold float16 (WebGPU with `shader-f16`). Compare
 * each with its float32 row in the same run.
 */
const resnet = { x: [32, 64, 56, 56], w: [64, 64, 3, 3], pad: 1 } as const;

export const HALF_WORKLOADS: readonly Workload[] = [
  { name: 'matmul-1024-f16', description: '1024×1024 · 1024×1024, float16 in and out', spec: { kind: 'matmul-f16', n: 1024 }, work: 2 * 1024 ** 3, unit: 'GFLOP/s' },
  {
    name: 'conv2d-resnet-fwd-f16', description: 'conv2d-resnet-fwd with float16 input, filters and output',
    spec: { kind: 'conv2d-f16', ...resnet }, work: 2 * 32 * 64 * 56 * 56 * 64 * 9, unit: 'GFLOP/s',
  },
];
