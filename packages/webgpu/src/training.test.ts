import { afterAll, describe, expect, it } from 'vitest';
import {
  conv2d, cpu, fromTypedArray, maxPool2d, noGrad, tidy, type Device, type Tensor,
} from '@dnn/tensor';
import { expectClose, hostUniform } from '@dnn/tensor/testing';
import { testDevice } from './test-utils';
import { gpuDeviceOf, poolStats } from './webgpu';

const gpu = await testDevice();
afterAll(() => gpuDeviceOf(gpu).destroy());

/** Parameters from fixed host values, identical on every device. */
function param(device: Device, shape: number[], seed: number, scale: number): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return fromTypedArray(Float32Array.from(hostUniform(n, seed, -scale, scale)), shape, { device, requiresGrad: true });
}

function labels(device: Device, n: number, classes: number): Tensor {
  return fromTypedArray(Int32Array.from({ length: n }, (_, i) => (i * 7) % classes), [n, 1], { device });
}

/** Mean negative log-likelihood of the labels under softmax(logits). */
const crossEntropy = (logits: Tensor, y: Tensor): Tensor => logits.logSoftmax(1).gather(1, y).neg().mean();

function mlp(device: Device) {
  const params = [param(device, [20, 33], 1, 0.3), param(device, [33], 2, 0.1), param(device, [33, 10], 3, 0.3), param(device, [10], 4, 0.1)];
  const x = fromTypedArray(Float32Array.from(hostUniform(16 * 20, 5, -1, 1)), [16, 20], { device });
  const y = labels(device, 16, 10);
  const loss = () => {
    const [w1, b1, w2, b2] = params as [Tensor, Tensor, Tensor, Tensor];
    return crossEntropy(x.matmul(w1).add(b1).tanh().matmul(w2).add(b2), y);
  };
  return { params, data: [x, y], loss };
}

function convNet(device: Device) {
  const params = [param(device, [4, 1, 3, 3], 11, 0.5), param(device, [4], 12, 0.1), param(device, [6, 4, 3, 3], 13, 0.3), param(device, [24, 3], 14, 0.3)];
  const x = fromTypedArray(Float32Array.from(hostUniform(4 * 144, 15, 0, 1)), [4, 1, 12, 12], { device });
  const y = labels(device, 4, 3);
  const loss = () => {
    const [w1, b1, w2, fc] = params as [Tensor, Tensor, Tensor, Tensor];
    let h = maxPool2d(conv2d(x, w1, b1, { padding: 1 }).relu(), { kernelSize: 2 });
    h = conv2d(h, w2, null, { stride: 2 }).relu();
    return crossEntropy(h.reshape([4, -1]).matmul(fc), y);
  };
  return { params, data: [x, y], loss };
}

type Model = { params: Tensor[]; data: Tensor[]; loss: () => Tensor };

async function gradsOn(device: Device, make: (d: Device) => Model) {
  const { params, data, loss } = make(device);
  const l = tidy(() => {
    const l = loss();
    l.backward();
    return l;
  });
  const out = { loss: await l.data(), grads: await Promise.all(params.map((p) => p.grad!.data())) };
  // dispose everything, so that later memory counts see no garbage collection of these
  for (const t of [l, ...params, ...data]) t.dispose();
  return out;
}

describe('training: gradients on the GPU equal those on the CPU', () => {
  for (const [name, make] of [['an MLP (matmul, tanh, log-softmax, gather)', mlp], ['a conv net (conv2d, relu, maxPool2d, strided conv, linear)', convNet]] as const) {
    it(name, async () => {
      const [g, c] = [await gradsOn(gpu, make), await gradsOn(cpu(), make)];
      expectClose(g.loss, c.loss, { rtol: 1e-5, atol: 1e-6, label: 'loss' });
      g.grads.forEach((grad, i) => expectClose(grad, c.grads[i]!, { rtol: 1e-4, atol: 1e-6, label: `gradient of parameter ${i}` }));
    });
  }
});

describe('memory', () => {
  it('stays flat over 500 steps of forward, backward and SGD inside tidy, and the pool stops creating buffers', async () => {
    const { params, data, loss } = convNet(gpu);
    const step = () => tidy(() => {
      const l = loss();
      l.backward();
      noGrad(() => params.forEach((p) => p.assign(p.sub(p.grad!.mul(0.05)))));
      params.forEach((p) => p.zeroGrad());
      return l;
    });
    const losses: number[] = [];
    let atStep20 = gpu.memory(), createdAtStep20 = 0;
    for (let i = 1; i <= 500; i++) {
      const l = step();
      if (i % 50 === 0 || i === 1) losses.push((await l.data())[0]!);
      l.dispose();
      if (i === 20) {
        atStep20 = gpu.memory();
        createdAtStep20 = poolStats(gpu).created;
      }
    }
    expect(gpu.memory()).toEqual(atStep20);
    expect(poolStats(gpu).created).toBe(createdAtStep20);
    // and it learned: the loss went down
    expect(losses[losses.length - 1]!).toBeLessThan(losses[0]! * 0.5);
    for (const t of [...params, ...data]) t.dispose();
  });

  it('freed buffers return to the pool and are handed out again', async () => {
    const a = param(gpu, [1000], 21, 1);
    const { created, inUseBytes } = poolStats(gpu);
    a.dispose();
    // 4000 bytes live in the 4096-byte size class
    expect(poolStats(gpu).inUseBytes).toBe(inUseBytes - 4096);
    const b = param(gpu, [1000], 22, 1);
    expect(poolStats(gpu)).toMatchObject({ created, inUseBytes });
    b.dispose();
  });
});
