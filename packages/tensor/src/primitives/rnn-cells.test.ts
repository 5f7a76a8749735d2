import { describe, expect, it } from 'vitest';
import type { Tensor } from '../tensor';
import { fromTypedArray } from '../ops/creation';
import { enableGrad, noGrad } from '../autograd/mode';
import { hostUniform } from '../testing/host-random';
import { apply } from '../autograd/engine';
import { gruCellGrad, lstmCellGrad, rnnCellComposite } from './rnn-cells';

// The CPU kernels against the composite forms that a backend without them runs (and that higher-order
// gradients run), in float64 and float32.
let seed = 11;
const rnd = (shape: number[], dtype: 'float32' | 'float64'): Tensor =>
  fromTypedArray(hostUniform(shape[0]! * shape[1]!, seed++, -3, 3), shape).cast(dtype);

const close = (a: Tensor, b: Tensor, tol: number) => {
  expect(a.shape).toEqual(b.shape);
  const x = a.dataSync(), y = b.dataSync();
  x.forEach((v, i) => expect(Math.abs(Number(v) - Number(y[i]))).toBeLessThan(tol));
};

describe.each([['float64', 1e-12], ['float32', 1e-5]] as const)('fused recurrent cells, %s', (dtype, tol) => {
  it('lstmCell: kernel = composite, fused gradient = composed gradient', () => {
    const gates = rnd([3, 20], dtype), c = rnd([3, 10], dtype).narrow(1, 2, 5), g = rnd([3, 10], dtype);
    const out = apply('lstmCell', [gates, c], {});
    close(out, rnnCellComposite.lstmCell(gates, c), tol);
    const fused = noGrad(() => lstmCellGrad(g, gates, c, out));
    const composed = enableGrad(() => lstmCellGrad(g, gates, c, out));
    fused.forEach((t, i) => close(t, composed[i]!, tol));
  });
  it('gruCell: kernel = composite, fused gradient = composed gradient', () => {
    const gi = rnd([4, 9], dtype), gh = rnd([4, 9], dtype), h = rnd([4, 3], dtype), g = rnd([4, 3], dtype);
    close(apply('gruCell', [gi, gh, h], {}), rnnCellComposite.gruCell(gi, gh, h), tol);
    const fused = noGrad(() => gruCellGrad(g, gi, gh, h));
    const composed = enableGrad(() => gruCellGrad(g, gi, gh, h));
    fused.forEach((t, i) => close(t, composed[i]!, tol));
  });
});
