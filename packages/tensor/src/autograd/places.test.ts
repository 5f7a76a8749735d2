import { describe, it, expect } from 'vitest';
import { cpu, grad, tensor, tidy, stack } from '../index';

// The engine gathers the gradients of many slices of one tensor into one assembled tensor; the values
// must be those of placing and adding each slice's gradient.
describe('gradients of many slices of one tensor', () => {
  const x = () => tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]], { dtype: 'float64', requiresGrad: true });

  it('disjoint steps (a recurrent loop) get their own gradients, in one assembled tensor', () => {
    const a = x();
    // Σ_t (t + 1) · Σ_j a[t, j]²: d/da[t, j] = 2 (t + 1) a[t, j]
    const [g] = grad((v) => stack([0, 1, 2, 3].map((t) => v.select(0, t).square().sum().mul(t + 1))).sum())(a);
    expect(g!.arraySync()).toEqual([[2, 4, 6], [16, 20, 24], [42, 48, 54], [80, 88, 96]]);
  });

  it('overlapping and strided slices add up', () => {
    const a = x();
    const [g] = grad((v) => v.narrow(0, 0, 3).sum().add(v.narrow(0, 1, 3).sum()).add(v.narrow(1, 1, 1).sum().mul(10)).add(v.select(1, 2).sum()))(a);
    expect(g!.arraySync()).toEqual([[1, 11, 2], [2, 12, 3], [2, 12, 3], [1, 11, 2]]);
  });

  it('a narrow of a narrow, and the gradients keep device memory flat', () => {
    const a = x();
    const once = () => {
      a.zeroGrad();
      tidy(() => a.narrow(1, 1, 2).narrow(0, 2, 2).sum().add(a.select(0, 0).sum()).backward());
      expect(a.grad!.arraySync()).toEqual([[1, 1, 1], [0, 0, 0], [0, 1, 1], [0, 1, 1]]);
    };
    once();
    const before = cpu().memory().tensors;
    once();
    once();
    expect(cpu().memory().tensors).toBe(before);
  });
});
