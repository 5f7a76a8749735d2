import { afterAll, describe, expect, it } from 'vitest';
import { ValueError, concat, indexSelect, pad, segmentSum, tensor, zeros } from '@dnn/tensor';
import { EXACT, parity, testDevice, type HostInput } from './test-utils';
import { gpuDeviceOf } from './webgpu';

const gpu = await testDevice();
afterAll(() => gpuDeviceOf(gpu).destroy());

const index = (shape: number[], size: number): HostInput => ({ shape, dtype: 'int32', low: -size, high: size });

describe('gather and scatterAdd against the CPU', () => {
  it('gather along every dim, negative indices counting from the end', async () => {
    await parity(gpu, [{ shape: [7, 33] }, index([7, 5], 33)], (x, i) => x.gather(1, i), EXACT, 'gather dim 1');
    await parity(gpu, [{ shape: [7, 33] }, index([9, 33], 7)], (x, i) => x.gather(0, i), EXACT, 'gather dim 0');
    await parity(gpu, [{ shape: [3, 4, 5] }, index([2, 4, 3], 4)], (x, i) => x.gather(1, i), EXACT, 'gather of a smaller index');
    await parity(gpu, [{ shape: [33, 7] }, index([7, 4], 33)], (x, i) => x.T.gather(1, i), EXACT, 'gather of a transposed view');
    await parity(gpu, [{ shape: [257, 3] }, index([5], 257)], (x, i) => indexSelect(x, 0, i), EXACT, 'indexSelect');
    await parity(gpu, [{ shape: [33], dtype: 'int32' }, index([7], 33)], (x, i) => x.gather(0, i), EXACT, 'int32 gather');
  });

  it('scatterAdd sums colliding sources (float within rounding, int32 exactly)', async () => {
    // 257 sources into 7 targets: every target is hit many times
    await parity(gpu, [{ shape: [3, 7] }, index([3, 257], 7), { shape: [3, 257] }], (b, i, s) => b.scatterAdd(1, i, s),
      { rtol: 1e-5, atol: 1e-5 }, 'float scatterAdd with collisions');
    await parity(gpu, [{ shape: [7, 3], dtype: 'int32' }, index([257, 3], 7), { shape: [257, 3], dtype: 'int32', low: -99, high: 99 }],
      (b, i, s) => b.scatterAdd(0, i, s), EXACT, 'int32 scatterAdd');
    await parity(gpu, [{ shape: [33, 4] }, { shape: [7], dtype: 'int32', low: 0, high: 5 }], (src, ids) => segmentSum(src.slice([{ end: 7 }]), ids, 5),
      { rtol: 1e-6, atol: 1e-6 }, 'segmentSum');
  });

  it('gradients of gather reach the gathered rows (an embedding)', async () => {
    await parity(gpu, [{ shape: [10, 4] }, index([6], 10)], (w, i) => {
      const leaf = w.detach().setRequiresGrad();
      indexSelect(leaf, 0, i).square().sum().backward();
      return leaf.grad!;
    }, { rtol: 1e-6, atol: 1e-6 }, 'embedding gradient');
  });

  it('an out-of-range index is reported by the next read as a ValueError, and the device keeps working', async () => {
    const x = tensor([1, 2, 3], { device: gpu });
    const bad = x.gather(0, tensor([0, 5], { dtype: 'int32', device: gpu }));
    await expect(bad.data()).rejects.toThrow(ValueError);
    const bad2 = zeros([3], { device: gpu }).scatterAdd(0, tensor([-4], { dtype: 'int32', device: gpu }), tensor([1], { device: gpu }));
    await expect(bad2.data()).rejects.toThrow(/^scatterAdd: index -4 is out of range for dim 0 of size 3/);
    expect(Array.from(await x.gather(0, tensor([2, -1], { dtype: 'int32', device: gpu })).data())).toEqual([3, 3]);
  });
});

describe('assemble: pad, concat and the gradient of slicing', () => {
  it('match the CPU for strided sources, steps and fill values', async () => {
    await parity(gpu, [{ shape: [7, 5] }], (x) => pad(x, [1, 2, 3, 0], 'constant', -1.5), EXACT, 'pad');
    await parity(gpu, [{ shape: [7, 5] }], (x) => [pad(x.T, [2, 2]), pad(x, [1, 1, 1, 1], 'reflect')], EXACT, 'pad of views, reflect');
    await parity(gpu, [{ shape: [3, 4] }, { shape: [3, 7] }, { shape: [4, 3] }], (a, b, c) => concat([a, b, c.T], 1), EXACT, 'concat');
    await parity(gpu, [{ shape: [9, 8] }], (x) => {
      const leaf = x.detach().setRequiresGrad();
      leaf.flip(1).slice([{ start: 1, step: 3 }, { start: 1, step: 2 }]).mul(2).sum().backward();
      return leaf.grad!;
    }, EXACT, 'gradient of a strided slice of a flip');
    await parity(gpu, [{ shape: [5], dtype: 'int32' }, { shape: [3], dtype: 'bool' }], (a, b) => [pad(a, [1, 1], 'constant', 7), concat([b, b])], EXACT, 'int32 and bool');
  });
});
