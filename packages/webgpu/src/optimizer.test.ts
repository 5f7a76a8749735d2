import { afterAll, describe, expect, it } from 'vitest';
import { cpu, fromTypedArray, gradients, optim, type Device, type Tensor } from '@dnn/tensor';
import { expectClose, hostUniform } from '@dnn/tensor/testing';
import { testDevice, parity, EXACT } from './test-utils';
import { gpuDeviceOf } from './webgpu';

const gpu = await testDevice();
afterAll(() => gpuDeviceOf(gpu).destroy());

/** Three steps of `make`'s optimizer over two parameters with fixed gradients; the final values. */
async function threeSteps(device: Device, make: (ps: Tensor[]) => optim.Optimizer): Promise<Float32Array[]> {
  const ps = [[37], [5, 8]].map((shape, k) => {
    const n = shape.reduce((a, b) => a * b, 1);
    return fromTypedArray(Float32Array.from(hostUniform(n, 10 + k, -1, 1)), shape, { device, requiresGrad: true });
  });
  const opt = make(ps);
  for (let step = 0; step < 3; step++) {
    ps.forEach((p, k) => {
      p.grad = fromTypedArray(Float32Array.from(hostUniform(p.shape.reduce((a, b) => a * b, 1), 100 * step + k, -2, 2)), p.shape, { device });
    });
    opt.step();
  }
  return Promise.all(ps.map(async (p) => Float32Array.from(await p.data())));
}

describe('fused optimizer steps on the GPU', () => {
  const cases: [string, (ps: Tensor[]) => optim.Optimizer][] = [
    ['SGD', (ps) => new optim.SGD(ps, { lr: 0.1 })],
    ['SGD, momentum, weight decay, dampening', (ps) => new optim.SGD(ps, { lr: 0.1, momentum: 0.9, weightDecay: 0.01, dampening: 0.1 })],
    ['SGD, Nesterov, maximize', (ps) => new optim.SGD(ps, { lr: 0.05, momentum: 0.8, nesterov: true, maximize: true })],
    ['Adam', (ps) => new optim.Adam(ps, { lr: 0.01 })],
    ['Adam, amsgrad, weight decay', (ps) => new optim.Adam(ps, { lr: 0.01, amsgrad: true, weightDecay: 0.1 })],
    ['AdamW', (ps) => new optim.AdamW(ps, { lr: 0.01, weightDecay: 0.1 })],
  ];
  for (const [name, make] of cases) {
    it(`${name}: the parameters after three steps equal the CPU's`, async () => {
      const [g, c] = [await threeSteps(gpu, make), await threeSteps(cpu(), make)];
      g.forEach((v, k) => expectClose({ shape: [v.length], data: v }, { shape: [v.length], data: c[k]! }, { rtol: 2e-6, atol: 1e-7, label: `${name} p${k}: ` }));
    });
  }

  it('relu\'s gradient (the reluBackward kernel) is dy·[x ≰ 0], NaN in x passing dy through', async () => {
    const values = [-1, 0, -0, 2, NaN, 3, -Infinity, Infinity, ...Array.from({ length: 24 }, (_, i) => i - 12)];
    const backend = gpu.backend as { reluBackward?: unknown };
    expect(backend.reluBackward).toBeTypeOf('function');
    await parity(gpu, [{ shape: [values.length] }, { shape: [values.length], values }],
      (dy, x) => gradients(x.setRequiresGrad().relu(), [x], [dy]) as Tensor[], EXACT, 'relu backward');
  });
});
