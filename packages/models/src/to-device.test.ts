import { describe, it, expect } from 'vitest';
import { Device, createCpuBackend, randn, manualSeed, crossEntropy, tensor } from '@dnn/tensor';
import { lenet5 } from './lenet5';

describe('moving a model with .to()', () => {
  it('classic LeNet-5 runs forward and backward on a second device, its connection table moved too', () => {
    const other = new Device(createCpuBackend({ kernels: 'ts' }), 'cpu-second');
    manualSeed(3);
    const net = lenet5({ variant: 'classic' });
    const x = randn([2, 1, 28, 28]);
    const before = net.forward(x).dataSync();
    net.to(other);
    const loss = crossEntropy(net.forward(x.to(other)), tensor([1, 7], { dtype: 'int32', device: other }));
    loss.backward();
    expect(net.parameters().every((p) => p.device === other && p.grad !== null)).toBe(true);
    expect(net.namedBuffers().every(([, b]) => b.device === other)).toBe(true);
    const after = net.forward(x.to(other)).dataSync();
    for (let i = 0; i < before.length; i++) expect(after[i]).toBeCloseTo(before[i]!, 4);
    // the table is rebuilt by the constructor, so it is not part of the saved state
    expect(Object.keys(net.stateDict()).some((k) => k.includes('tableIndex'))).toBe(false);
  });
});
