import { describe, expect, it } from 'vitest';
import { Device, Generator, ReLU, Sequential, createCpuBackend, gradients, randn, relu, type Tensor } from '@dnn/tensor';
import { Conv2d } from './conv2d';
import { MaxPool2d } from './pooling';

const devices: Record<string, () => Device> = {
  'TypeScript kernels': () => new Device(createCpuBackend({ kernels: 'ts' }), 'cpu-ts'),
  'WebAssembly, 1 thread': () => new Device(createCpuBackend({ kernels: 'wasm', threads: 1 }), 'cpu-1'),
  'WebAssembly, 2 threads': () => new Device(createCpuBackend({ kernels: 'wasm', threads: 2 }), 'cpu-2'),
  'composite fallback': () => new Device({ ...createCpuBackend(), biasActivation: undefined, biasReluBackward: undefined }, 'cpu-composite'),
};

const bits = (t: Tensor | null): number[] => Array.from(t!.dataSync(), Number);

describe('Conv2d + ReLU in a Sequential run as one epilogue, with the pair\'s bits', () => {
  for (const [name, make] of Object.entries(devices)) {
    it(`${name}: LeNet's C1 and C3 give the unfused outputs and gradients bit for bit`, () => {
      const device = make();
      const c1 = new Conv2d(1, 6, 5, { padding: 2, device, generator: new Generator(1) });
      const c3 = new Conv2d(6, 16, 5, { device, generator: new Generator(2) });
      const pool = new MaxPool2d(2);
      const net = new Sequential(c1, new ReLU(), pool, c3, new ReLU());
      const x = randn([4, 1, 28, 28], { device, generator: new Generator(3) });
      const fused = net.forward(x);
      const unfused = relu(c3.forward(pool.forward(relu(c1.forward(x)))));
      expect(bits(fused)).toEqual(bits(unfused));
      const params = net.parameters();
      const gf = gradients(fused.square().sum(), params);
      const gu = gradients(unfused.square().sum(), params);
      gf.forEach((g, i) => expect(bits(g)).toEqual(bits(gu[i]!)));
    });
  }

  it('a layer without bias applies a plain relu', () => {
    const conv = new Conv2d(2, 3, 3, { bias: false, generator: new Generator(4) });
    const x = randn([2, 2, 6, 6], { generator: new Generator(5) });
    expect(bits(new Sequential(conv, new ReLU()).forward(x))).toEqual(bits(relu(conv.forward(x))));
  });
});
