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
  // [N, C, H, W] with H·W a multiple of 4 runs as vec4s; other dense inputs index the bias by
  // (i / inner) % C (a Linear's last axis, 3×3 planes); a transposed input takes the strided kernel
  const cases: [number[], number, boolean][] = [[[3, 6, 4, 4], 1, false], [[7, 33], 1, false], [[33, 2], 0, false], [[2, 5, 3, 3], 1, false], [[5, 4], 1, true]];

  it('the same bits as the add and the activation kernels one after the other, values and gradients', async () => {
    manualSeed(3);
    for (const act of ACTS) for (const [shape, axis, transposed] of cases) {
      const x0 = randn(transposed ? [...shape].reverse() : shape, { device: gpu, requiresGrad: true });
      const view = () => (transposed ? x0.mT() : x0), b = randn([shape[axis]!], { device: gpu, requiresGrad: true });
      const dy = randn(shape, { device: gpu });
      const y1 = biasActivation(view(), b, { axis, activation: act }), y2 = unfused(view(), b, axis, act);
      const label = `${act} ${JSON.stringify(shape)}`;
      expect(Array.from(await y1.data()), label).toEqual(Array.from(await y2.data()));
      const [gx1, gb1] = gradients(y1, [x0, b], [dy]), [gx2, gb2] = gradients(y2, [x0, b], [dy]);
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
