import { afterAll, describe, expect, it } from 'vitest';
import { randn } from '@dnn/tensor';
import { testDevice } from './test-utils';
import { gpuDeviceOf, profileKernels } from './webgpu';
import { profileContext } from './profile';
import type { WebGPUBackend } from './backend';

const gpu = await testDevice();
afterAll(() => gpuDeviceOf(gpu).destroy());

describe('per-kernel profile', () => {
  const work = async () => {
    const a = randn([64, 64], { device: gpu }), b = randn([64, 64], { device: gpu });
    const c = a.matmul(b).add(a).add(b);
    expect((await c.data()).length).toBe(64 * 64);
    for (const t of [a, b, c]) t.dispose();
  };
  const check = (kernels: readonly { kernel: string; calls: number; ms: number }[]) => {
    const calls = (prefix: string, op: string) => kernels.filter((k) => k.kernel.startsWith(prefix) && k.kernel.includes(op)).reduce((n, k) => n + k.calls, 0);
    expect(calls('gemm:', ':matmul:')).toBe(1);
    expect(calls('ew4', ':add:')).toBe(2);
    for (const k of kernels) expect(k.ms).toBeGreaterThanOrEqual(0);
    expect(kernels.every((k, i) => i === 0 || kernels[i - 1]!.ms >= k.ms)).toBe(true);
  };

  it('counts every kernel with its time, from timestamp queries where the adapter has them', async () => {
    const p = await profileKernels(gpu, work);
    expect(p.method).toBe(gpuDeviceOf(gpu).features.has('timestamp-query') ? 'timestamp-query' : 'wall-clock');
    check(p.kernels);
  });

  it('the wall-clock fallback (one drained submission per kernel) counts the same kernels', async () => {
    const p = await profileContext((gpu.backend as WebGPUBackend).context, work, 'wall-clock');
    expect(p.method).toBe('wall-clock');
    check(p.kernels);
  });

  it('batching resumes after a profile: a step of many kernels is one submission', async () => {
    const ctx = (gpu.backend as WebGPUBackend).context;
    const x = randn([1000], { device: gpu });
    await x.data();
    const before = ctx.batch.submissions;
    let y = x;
    for (let i = 0; i < 20; i++) y = y.mul(1.01).add(0.5);
    await y.data();
    // the twenty-odd kernels and the read's copies went in one command buffer
    expect(ctx.batch.submissions - before).toBe(1);
  });
});
