import { describe, it, expect } from 'vitest';
import { crossEntropy } from './losses';
import { Device, cpu } from '../device';
import { tensor } from '../ops/creation';
import { randn } from '../ops/random';
import { Generator } from '../random/generator';
import { enableGrad } from '../autograd/mode';
import { gradients } from '../autograd/api';
import { gradcheck, gradgradcheck } from '../testing/gradcheck';
import type { Tensor } from '../tensor';

/** The CPU backend without the fused kernel: the primitive runs its composite of tensor ops. */
const composite = new Device({ ...cpu().backend, softmaxCrossEntropy: undefined }, 'cpu-composite');

const logits = (device: Device, shape: number[], seed: number, scale = 3): Tensor =>
  randn(shape, { dtype: 'float64', device, generator: new Generator(seed) }).mul(scale);
const targets = (device: Device, values: number[]): Tensor => tensor(Int32Array.from(values), { device });

/** Loss and gradient of crossEntropy on `device`, as float64 arrays. */
function lossAndGrad(device: Device, values: number[], ignoreIndex: number, reduction: 'mean' | 'sum' | 'none', scale = 3): [number[], number[]] {
  const x = logits(device, [values.length, 7], 3, scale).setRequiresGrad();
  const t = targets(device, values);
  return enableGrad(() => {
    const l = crossEntropy(x, t, { ignoreIndex, reduction });
    const [dx] = gradients(l.sum(), [x]);
    return [Array.from(l.dataSync()), Array.from(dx!.dataSync())];
  });
}

describe('fused softmax cross-entropy (loss and gradient from one kernel pass)', () => {
  const TARGETS = [0, 6, 3, 3, -1, 2, 5, 1, 6];
  for (const reduction of ['mean', 'sum', 'none'] as const) {
    it(`equals the composite of tensor ops, reduction ${reduction}, an ignored target, float64 within 1e-12`, () => {
      const [l, g] = lossAndGrad(cpu(), TARGETS, -1, reduction);
      const [lr, gr] = lossAndGrad(composite, TARGETS, -1, reduction);
      l.forEach((v, i) => expect(Math.abs(v - lr[i]!)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(lr[i]!))));
      g.forEach((v, i) => expect(Math.abs(v - gr[i]!)).toBeLessThanOrEqual(1e-12));
      // the ignored row: no loss, no gradient
      if (reduction === 'none') expect(l[4]).toBe(0);
      expect(g.slice(4 * 7, 5 * 7)).toEqual(Array(7).fill(0));
    });
  }

  it('stays finite for logits of ±1e4, as the composite does', () => {
    const [l, g] = lossAndGrad(cpu(), [1, 2, 3], -100, 'none', 1e4);
    const [lr, gr] = lossAndGrad(composite, [1, 2, 3], -100, 'none', 1e4);
    expect(l.every(Number.isFinite)).toBe(true);
    l.forEach((v, i) => expect(v).toBeCloseTo(lr[i]!, 6));
    g.forEach((v, i) => expect(v).toBeCloseTo(gr[i]!, 12));
  });

  it('is the mean over counted targets: NaN when every target is ignored (PyTorch: 0/0)', () => {
    const x = logits(cpu(), [2, 3], 1);
    expect(crossEntropy(x, targets(cpu(), [-100, -100])).item()).toBeNaN();
  });

  it('passes float64 finite-difference checks, first and second order', async () => {
    const t = targets(cpu(), [4, 0, 4, 2, 9]);
    const fn = (x: Tensor) => crossEntropy(x, t, { ignoreIndex: 9 });
    await gradcheck(fn, [logits(cpu(), [5, 5], 7)]);
    await gradgradcheck(fn, [logits(cpu(), [5, 5], 8)]);
  });

  it('names the op and the class count for an out-of-range target', () => {
    expect(() => crossEntropy(logits(cpu(), [2, 3], 1), targets(cpu(), [0, 3]))).toThrow(/target 3 at flat index 1 is out of range for 3 classes/);
  });
});
