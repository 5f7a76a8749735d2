import { describe, it, expect } from 'vitest';
import { randn, manualSeed, Tensor } from '@dnn/tensor';
import { lenet5 } from './lenet5';
import { summarize, formatSummary } from './summary';

describe('LeNet-5', () => {
  it('classic has the published parameter counts: 60,000 trainable plus 840 fixed RBF values', () => {
    const rows = Object.fromEntries(summarize(lenet5({ variant: 'classic' }), [1, 28, 28]).map((r) => [r.name, r]));
    expect(rows.c1!.params).toBe(156);
    expect(rows.s2!.params).toBe(12);
    expect(rows.c3!.params).toBe(1516);
    expect(rows.s4!.params).toBe(32);
    expect(rows.c5!.params).toBe(48120);
    expect(rows.f6!.params).toBe(10164);
    expect(rows.output!.params).toBe(0);
    expect(rows.output!.fixed).toBe(840);
    expect(lenet5({ variant: 'classic' }).numParameters()).toBe(60000);
    expect(rows.c1!.outputShape).toEqual([1, 6, 28, 28]);
    expect(rows.s2!.outputShape).toEqual([1, 6, 14, 14]);
    expect(rows.c3!.outputShape).toEqual([1, 16, 10, 10]);
    expect(rows.s4!.outputShape).toEqual([1, 16, 5, 5]);
    expect(rows.c5!.outputShape).toEqual([1, 120, 1, 1]);
    expect(rows.output!.outputShape).toEqual([1, 10]);
    expect(formatSummary(lenet5({ variant: 'classic' }), [1, 28, 28])).toContain('total parameters: 60,000 (60,000 trainable), plus 840 fixed buffer values');
  });

  it('modern has the standard counts and gives [N,10] logits', () => {
    const net = lenet5({ variant: 'modern' });
    expect(net.numParameters()).toBe(156 + 2416 + 48120 + 10164 + 850);
    manualSeed(0);
    expect(net.forward(randn([3, 1, 28, 28])).shape).toEqual([3, 10]);
  });

  it('classic logits are minus the squared distances to the prototypes', () => {
    const net = lenet5({ variant: 'classic' });
    manualSeed(1);
    const x = randn([2, 1, 28, 28]);
    const logits = net.forward(x).dataSync();
    expect(Array.from(logits).every((v) => v <= 0)).toBe(true);
    const names = net.namedParameters().map(([n]) => n);
    expect(names).toContain('c3.weight');
    expect(net.stateDict()['c3.weight']!.shape).toEqual([60, 5, 5]);
    expect(net.stateDict()['output.prototypes']).toBeInstanceOf(Tensor);
  });
});
