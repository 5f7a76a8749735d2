import { afterAll, describe, expect, it } from 'vitest';
import { biasActivation, gradients, manualSeed, randn, type Activation, type Tensor } from '@dnn/tensor';
import { parity, testDevice } from './test-utils';
import { gpuDeviceOf } from './webgpu';

const gpu = await testDevice();
afterAll(() => gpuDeviceOf(gpu).destroy());

const ACTS: Activation[] = ['identity', 'relu', 'sigmoid', 'tanh'];

function unfused(x: Tensor, b: Tensor, axis: number, act: Activation): Tensor {
  const pre = x.add(b.reshape(x.shape.map((d, i) => (i === axis ? d : 1))));
  return act === 'identity' ? pre : pre[act]();
}

describe('biasActivation kernel', () => {
  // [N, C, H, W] with H·W a multiple of 4 runs as vec4s; the others one element per thread
  const cases: [number[], number][] = [[[3, 6, 4, 4], 1], [[7, 33], 1], [[33, 2], 0]];

  it('the same bits as the add and the activation kernels one after the other, values and gradients', async () => {
    manualSeed(3);
    for (const act of ACTS) for (const [shape, axis] of cases) {
      const x = randn(shape, { device: gpu, requiresGrad: true }), b = randn([shape[axis]!], { device: gpu, requiresGrad: true });
      const dy = randn(shape, { device: gpu });
      const y1 = biasActivation(x, b, { axis, activation: act }), y2 = unfused(x, b, axis, act);
      const label = `${act} ${JSON.stringify(shape)}`;
      expect(Array.from(await y1.data()), label).toEqual(Array.from(await y2.data()));
      const [gx1, gb1] = gradients(y1, [x, b], [dy]), [gx2, gb2] = gradients(y2, [x, b], [dy]);
      expect(Array.from(await gx1!.data()), label).toEqual(Array.from(await gx2!.data()));
      expect(Array.from(await gb1!.data()), label).toEqual(Array.from(await gb2!.data()));
    }
  });

  it('agrees with the CPU (float32), gradients included', async () => {
    for (const act of ACTS) {
      await parity(gpu, [{ shape: [2, 5, 6, 6] }, { shape: [5] }], (x, b) => {
        const xl = x.detach().setRequiresGrad(), bl = b.detach().setRequiresGrad();
        const y = biasActivation(xl, bl, { activation: act });
        const [gx, gb] = gradients(y.mul(y.detach().onesLike().cumsum(3).sin()).sum(), [xl, bl]);
        return [y.detach(), gx!, gb!];
      }, { rtol: 1e-5, atol: 1e-5 }, act);
    }
  });
});
