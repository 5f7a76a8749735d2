import { describe, expect, it } from 'vitest';
import { Device } from '../device';
import { createCpuBackend } from '../backend/cpu/index';
import { clamp, relu } from './elementwise';
import { tensor } from './creation';
import { all, any } from './reduce';
import { enableGrad } from '../autograd/mode';

// Values from PyTorch 1.13: torch.relu(tensor([nan, -0., 0., 1., -1.])) is [nan, -0., 0., 1., 0.],
// and relu's gradient is grad where the result is not ≤ 0: 1 at NaN, 0 at -0 and 0.
const devices = {
  'TypeScript kernels': () => new Device(createCpuBackend({ kernels: 'ts' }), 'cpu'),
  'WebAssembly kernels': () => new Device(createCpuBackend({ kernels: 'wasm', threads: 1 }), 'cpu'),
};

describe('NaN through relu and clamp, as PyTorch', () => {
  for (const [name, make] of Object.entries(devices)) {
    it(`${name}: relu keeps NaN and -0 (long enough for the vector loop and its tail)`, () => {
      const device = make();
      const values = [NaN, -0, 0, 1, -1, Infinity, -Infinity, NaN, 2.5, -0, NaN];
      const expected = [NaN, '-0', 0, 1, 0, Infinity, 0, NaN, 2.5, '-0', NaN];
      // 4,103 elements: past the size from which the WebAssembly kernels take over, with a 3-element tail
      const n = 373 * values.length;
      const x = tensor(Array.from({ length: n }, (_, i) => values[i % values.length]!), { device });
      const y = [...relu(x).dataSync()].map((v) => (Object.is(v, -0) ? '-0' : v));
      expect(y).toEqual(Array.from({ length: n }, (_, i) => expected[i % expected.length]));
    });
  }

  it('relu gradient is 1 at NaN and 0 at ±0, as PyTorch (threshold_backward on the result)', () => {
    const x = tensor([NaN, -0, 0, 2, -1], { requiresGrad: true });
    enableGrad(() => relu(x).sum().backward());
    expect([...x.grad!.dataSync()]).toEqual([1, 0, 0, 1, 0]);
  });

  it('clamp: a NaN input stays NaN; a NaN tensor bound gives NaN; a NaN number bound is ignored (PyTorch 1.13)', () => {
    expect([...clamp(tensor([NaN, 1, 5]), 0, 2).dataSync()]).toEqual([NaN, 1, 2]);
    expect([...clamp(tensor([1, 3]), tensor([NaN, 0])).dataSync()]).toEqual([NaN, 3]);
    expect([...clamp(tensor([1, 3]), null, tensor([NaN, 0])).dataSync()]).toEqual([NaN, 0]);
    expect([...clamp(tensor([1, 3]), NaN).dataSync()]).toEqual([1, 3]);
  });
});

// PyTorch 1.13: torch.tensor([nan, 0.]).any() is True and torch.tensor([nan, 1.]).all() is True (NaN ≠ 0).
describe('NaN in any and all, as PyTorch: true', () => {
  for (const [name, make] of Object.entries(devices)) {
    it(`${name}: a NaN alone makes any true and leaves all true, over rows and a strided view`, () => {
      const device = make();
      const rows = 4, cols = 1031; // a strided view of this many rows takes the WebAssembly reduction
      const x = tensor(Array.from({ length: rows * cols }, (_, i) => (i % cols === 7 ? NaN : (i / cols | 0) % 2)), { device }).reshape([rows, cols]);
      expect([...any(x, 1).dataSync()]).toEqual([1, 1, 1, 1]);
      expect([...all(x, 1).dataSync()]).toEqual([0, 1, 0, 1]);
      const t = x.transpose(0, 1);
      expect([...any(t, 0).dataSync()]).toEqual([1, 1, 1, 1]);
      expect([...all(t, 0).dataSync()]).toEqual([0, 1, 0, 1]);
    });
  }
});
