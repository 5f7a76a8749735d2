import { afterAll, describe, expect, it } from 'vitest';
import { crossEntropy, manualSeed, optim, randint, randn, tidy, type Tensor } from '@dnn/tensor';
import { lenet5 } from '@dnn/models';
import { testDevice } from './test-utils';
import { gpuDeviceOf, poolStats } from './webgpu';

const gpu = await testDevice();
afterAll(() => gpuDeviceOf(gpu).destroy());

const STEPS = 2000;
const BATCH = 2;

describe('memory over a long LeNet-5 training run on the GPU', () => {
  it(`${STEPS} steps inside tidy: device.memory() is the same at step 100 and step ${STEPS}, and the pool stops creating buffers`, async () => {
    manualSeed(0);
    const net = lenet5({ variant: 'modern', device: gpu });
    const opt = new optim.SGD(net.parameters(), { lr: 0.01, momentum: 0.9 });
    // inputs drawn on the device inside the step, so their buffers are recycled too
    const step = (): Tensor => tidy(() => {
      const x = randn([BATCH, 1, 28, 28], { device: gpu }), y = randint(0, 10, [BATCH], { device: gpu });
      opt.zeroGrad();
      const l = crossEntropy(net.forward(x), y);
      l.backward();
      opt.step();
      return l.detach();
    });
    const live = () => ({ ...gpu.memory(), inUseBytes: poolStats(gpu).inUseBytes });
    let at100 = live(), createdAt100 = 0;
    const losses: number[] = [];
    for (let i = 1; i <= STEPS; i++) {
      const l = step();
      // a read every 100 steps keeps the queue from running far ahead of the GPU
      if (i % 100 === 0) losses.push((await l.data())[0]!);
      l.dispose();
      if (i === 100) {
        at100 = live();
        createdAt100 = poolStats(gpu).created;
      }
    }
    // all that stays: the parameters, their gradients and their momentum buffers
    expect(at100.tensors).toBe(3 * net.parameters().length);
    expect(live()).toEqual(at100);
    expect(poolStats(gpu).created).toBe(createdAt100);
    expect(losses).toHaveLength(STEPS / 100);
    for (const l of losses) expect(Number.isFinite(l)).toBe(true);
  }, 600_000);
});
