import { describe, expect, it } from 'vitest';
import { Device } from '../device';
import { createCpuBackend } from '../backend/cpu/index';
import { Generator } from '../random/generator';
import { randn } from '../ops/random';
import { relu } from '../ops/elementwise';
import { gradients } from '../autograd/api';
import type { Tensor } from '../tensor';
import { Sequential } from './containers';
import { Linear } from './linear';
import { ReLU } from './activations';

const devices: Record<string, () => Device> = {
  'TypeScript kernels': () => new Device(createCpuBackend({ kernels: 'ts' }), 'cpu-ts'),
  'WebAssembly, 1 thread': () => new Device(createCpuBackend({ kernels: 'wasm', threads: 1 }), 'cpu-1'),
  'WebAssembly, 2 threads': () => new Device(createCpuBackend({ kernels: 'wasm', threads: 2 }), 'cpu-2'),
  // a backend without the kernel composes the primitive from add and relu
  'composite fallback': () => new Device({ ...createCpuBackend(), biasActivation: undefined, biasReluBackward: undefined }, 'cpu-composite'),
};

const bits = (t: Tensor | null): number[] => Array.from(t!.dataSync(), Number);

// at LeNet's sizes (the WebAssembly kernels take 4096 elements or more), on every CPU configuration
describe('Sequential runs Linear + ReLU as one epilogue on each CPU kernel set, with the pair\'s bits', () => {
  for (const [name, make] of Object.entries(devices)) {
    it(`${name}: outputs and every gradient equal the unfused layers' bit for bit`, () => {
      const device = make();
      const fc1 = new Linear(120, 84, { device, generator: new Generator(1) });
      const fc2 = new Linear(84, 10, { device, generator: new Generator(2) });
      const net = new Sequential(fc1, new ReLU(), fc2);
      const x = randn([64, 120], { device, generator: new Generator(3) });
      const fused = net.forward(x);
      const unfused = fc2.forward(relu(fc1.forward(x)));
      expect(bits(fused)).toEqual(bits(unfused));
      const params = net.parameters();
      const gf = gradients(fused.square().sum(), params);
      const gu = gradients(unfused.square().sum(), params);
      gf.forEach((g, i) => expect(bits(g)).toEqual(bits(gu[i]!)));
    });
  }

});
