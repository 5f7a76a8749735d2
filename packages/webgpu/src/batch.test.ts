import { afterAll, describe, expect, it } from 'vitest';
import { tensor } from '@dnn/tensor';
import { testDevice } from './test-utils';
import { gpuDeviceOf, poolStats } from './webgpu';
import type { WebGPUBackend } from './backend';

const gpu = await testDevice();
afterAll(() => gpuDeviceOf(gpu).destroy());
const ctx = (gpu.backend as WebGPUBackend).context;

describe('the command batch and the buffer pool', () => {
  it('an upload into a freed buffer that a recorded kernel still reads waits for that kernel', async () => {
    const x = tensor([1, 2, 3, 4], { device: gpu });
    await x.data();
    const y = x.mul(10); // recorded, not yet submitted
    const created = poolStats(gpu).created;
    x.dispose();
    // same size class: the pool hands x's buffer out again, and the upload must not overtake y's kernel
    const z = tensor([7, 7, 7, 7], { device: gpu });
    expect(poolStats(gpu).created).toBe(created);
    expect(Array.from(await y.data())).toEqual([10, 20, 30, 40]);
    expect(Array.from(await z.data())).toEqual([7, 7, 7, 7]);
    y.dispose();
    z.dispose();
  });

  it('kernels recorded in one synchronous run go to the GPU in one submission, without a read', async () => {
    const x = tensor([1, 2, 3], { device: gpu });
    await x.data();
    const before = ctx.batch.submissions;
    const y = x.add(1).mul(2).neg();
    expect(ctx.batch.submissions).toBe(before);
    await Promise.resolve(); // the end of the synchronous run submits the batch
    expect(ctx.batch.submissions).toBe(before + 1);
    expect(Array.from(await y.data())).toEqual([-4, -6, -8]);
    x.dispose();
    y.dispose();
  });
});
