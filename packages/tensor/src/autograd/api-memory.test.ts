import { describe, it, expect } from 'vitest';
import { cpu, grad, valueAndGrad, tensor } from '../index';

describe('functional gradients release what they create', () => {
  it('valueAndGrad and grad leave only their results alive', () => {
    const x = tensor([0.5, -1, 2], { dtype: 'float64' });
    // one op, so fn itself leaves no intermediates: every extra tensor would be the API's
    const f = (t: ReturnType<typeof tensor>) => t.sum();
    const before = cpu().memory().tensors;
    const [value, [g]] = valueAndGrad(f)(x);
    expect(value.item()).toBe(1.5);
    expect(Array.from(g!.dataSync())).toEqual([1, 1, 1]);
    expect(cpu().memory().tensors - before).toBe(2);
    value.dispose();
    g!.dispose();
    const [g2] = grad(f)(x);
    expect(cpu().memory().tensors - before).toBe(1);
    g2!.dispose();
    expect(cpu().memory().tensors).toBe(before);
  });
});
