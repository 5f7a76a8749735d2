import { describe, it, expect } from 'vitest';
import { Device } from '../device';
import { createCpuBackend } from '../backend/cpu/index';
import { keep, tidy } from '../memory';
import { gradients } from './api';
import { tensor } from '../ops/creation';
import type { Tensor } from '../tensor';

// a device of its own, so the counts are this file's alone
const device = new Device(createCpuBackend(), 'tape-memory');
const live = () => device.memory().tensors;
const leaf = (values: number[]) => {
  const t = tensor(values, { dtype: 'float64', device });
  t.requiresGrad = true;
  return t;
};

describe('the tape frees what no live tensor can reach', () => {
  it('a graph that backward never runs through is freed when its tidy ends', () => {
    const w = leaf([0.5, -1, 2]);
    const before = live();
    for (let i = 0; i < 3; i++) {
      tidy(() => {
        w.mul(2).exp().mul(w).sum();
      });
      expect(live()).toBe(before);
    }
  });

  it('a branch that backward never reaches is freed with its outputs', () => {
    const w = leaf([0.5, -1, 2]);
    const before = live();
    for (let i = 0; i < 3; i++) {
      tidy(() => {
        const h = w.mul(w).tanh();
        const unused = h.exp().mul(3); // like hN when the loss reads only the output
        void unused;
        h.sum().backward();
      });
      w.grad!.dispose();
      w.grad = null;
      expect(live()).toBe(before);
    }
  });

  it('a kept output still backpropagates after its tidy ends, then frees its graph when disposed', () => {
    const w = leaf([0.5, -1, 2]);
    const before = live();
    const loss = tidy(() => keep(w.mul(w).exp().sum()));
    expect(live()).toBeGreaterThan(before + 1); // the graph's saved tensors survive the scope
    loss.backward();
    // d/dw sum(exp(w²)) = 2w·exp(w²)
    const expected = [0.5, -1, 2].map((v) => 2 * v * Math.exp(v * v));
    Array.from(w.grad!.dataSync() as Float64Array).forEach((g, i) => expect(g).toBeCloseTo(expected[i]!, 12));
    w.grad!.dispose();
    w.grad = null;
    loss.dispose();
    expect(live()).toBe(before);
  });

  it('retainGraph keeps a freed scope\'s graph usable until the result is disposed', () => {
    const w = leaf([1, 2]);
    const before = live();
    const loss: Tensor = tidy(() => keep(w.mul(w).mul(w).sum()));
    loss.backward(undefined, { retainGraph: true });
    loss.backward();
    // two backward passes accumulate 2 · 3w²
    expect(Array.from(w.grad!.dataSync() as Float64Array)).toEqual([6, 24]);
    w.grad!.dispose();
    w.grad = null;
    loss.dispose();
    expect(live()).toBe(before);
  });

  it('a second-order gradient taken after the first one\'s tidy ends, then everything is freed', () => {
    const w = leaf([0.5, -2]);
    const before = live();
    // dy/dw of y = sum(w³) with createGraph, kept out of the scope that made the graph
    const dw = tidy(() => keep(gradients(w.mul(w).mul(w).sum(), [w], undefined, { createGraph: true })[0]!));
    const [d2] = tidy(() => gradients(dw.sum(), [w])); // d/dw sum(3w²) = 6w
    expect(Array.from(d2!.dataSync() as Float64Array)).toEqual([3, -12]);
    d2!.dispose();
    dw.dispose();
    expect(live()).toBe(before);
  });

  it('a long chain is freed without one stack frame per node', () => {
    const w = leaf([1]);
    const before = live();
    tidy(() => {
      let t = w;
      for (let i = 0; i < 10000; i++) t = t.mul(1);
    });
    expect(live()).toBe(before);
  });
});
