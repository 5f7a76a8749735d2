import { describe, expect, it } from 'vitest';
import { biasActivation, randn, tensor, manualSeed, gradients, ShapeError, ValueError, type Activation, type Tensor } from '../index';

const ACTS: Activation[] = ['identity', 'relu', 'sigmoid', 'tanh'];

/** act(x + bias) as a layer and a separate activation compute it: the add, then the op. */
function unfused(x: Tensor, b: Tensor, axis: number, act: Activation): Tensor {
  const pre = x.add(b.reshape(x.shape.map((d, i) => (i === axis ? d : 1))));
  return act === 'identity' ? pre : pre[act]();
}

describe('biasActivation', () => {
  for (const act of ACTS) {
    it(`${act}: the same bits as the add and the activation op by op, values and gradients (float32)`, async () => {
      manualSeed(7);
      for (const [shape, axis] of [[[4, 3, 5, 5], 1], [[7, 33], 1], [[1, 257], 1], [[6, 2], 0]] as [number[], number][]) {
        const x = randn(shape, { requiresGrad: true }), b = randn([shape[axis]!], { requiresGrad: true });
        const dy = randn(shape);
        const y1 = biasActivation(x, b, { axis, activation: act }), y2 = unfused(x, b, axis, act);
        expect(Array.from(await y1.data())).toEqual(Array.from(await y2.data()));
        const g1 = gradients(y1, [x, b], [dy]), g2 = gradients(y2, [x, b], [dy]);
        for (let k = 0; k < 2; k++) expect(Array.from(await g1[k]!.data())).toEqual(Array.from(await g2[k]!.data()));
      }
    });
  }

  it('axis −1 is the last axis; relu passes NaN and −0 as the op does', async () => {
    const x = randn([3, 4]), b = randn([4]);
    expect(Array.from(await biasActivation(x, b, { axis: -1, activation: 'relu' }).data()))
      .toEqual(Array.from(await unfused(x, b, 1, 'relu').data()));
    const odd = biasActivation(tensor([Number.NaN, -0, -1, 2], { shape: [2, 2] }), tensor([0, -0]), { axis: 1, activation: 'relu' });
    const v = Array.from(await odd.data());
    expect(Number.isNaN(v[0])).toBe(true);
    expect(Object.is(v[1], -0)).toBe(true);
    expect(v.slice(2)).toEqual([0, 2]);
  });

  it('names the shapes it refuses', () => {
    expect(() => biasActivation(randn([2, 3]), randn([2]), { axis: 1 })).toThrow(ShapeError);
    expect(() => biasActivation(randn([2, 3]), randn([3]), { axis: 2 })).toThrow(/axis 2 is out of range for x \[2, ?3\]/);
    expect(() => biasActivation(randn([2, 3]), randn([3]), { axis: 1, activation: 'gelu' as Activation })).toThrow(ValueError);
  });
});
