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
import { ReLU, Tanh } from './activations';

const devices: Record<string, () => Device> = {
  'TypeScript kernels': () => new Device(createCpuBackend({ kernels: 'ts' }), 'cpu-ts'),
  'WebAssembly, 1 thread': () => new Device(createCpuBackend({ kernels: 'wasm', threads: 1 }), 'cpu-1'),
  'WebAssembly, 2 threads': () => new Device(createCpuBackend({ kernels: 'wasm', threads: 2 }), 'cpu-2'),
  // a backend without the kernel composes the primitive from add and relu
  'composite fallback': () => new Device({ ...createCpuBackend(), biasActivation: undefined }, 'cpu-composite'),
};

const bits = (t: Tensor | null): number[] => Array.from(t!.dataSync(), Number);

/** Counts forward calls, to see which layers a Sequential ran one by one. */
class Counting extends ReLU {
  calls = 0;
  override forward(x: Tensor): Tensor { this.calls++; return super.forward(x); }
}

describe('Sequential runs Linear + ReLU as one epilogue, with the pair\'s bits', () => {
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

  it('fuses only a layer with forwardActivated followed by a plain ReLU', () => {
    const counting = new Counting();
    const net = new Sequential(new Linear(4, 3), counting, new Linear(3, 2), new Tanh());
    net.forward(randn([2, 4]));
    expect(counting.calls).toBe(1);
  });

  it('keeps a subclass\'s own forward', () => {
    class Doubled extends Linear {
      override forward(x: Tensor): Tensor { return super.forward(x).mul(2); }
    }
    const lin = new Doubled(4, 3, { generator: new Generator(4) });
    const x = randn([2, 4], { generator: new Generator(5) });
    expect(bits(new Sequential(lin, new ReLU()).forward(x))).toEqual(bits(relu(lin.forward(x))));
  });
});
