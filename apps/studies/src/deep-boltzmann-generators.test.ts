import { describe, expect, it } from 'vitest';
import { tensor } from '@dnn/tensor';
import type { GeneratorFit } from '@dnn/generative';
import { fitClassDbms, fitClassDbns } from './deep-boltzmann-generators';

// class 0: the left half of 8 pixels lit, class 1: the right half (4 images each, one pixel flipped in turn)
const D = 8;
const rows: number[][] = Array.from({ length: 8 }, (_, i) => Array.from({ length: D }, (_, j) => {
  const lit = i % 2 === 0 ? j < 4 : j >= 4;
  return (j === (i >> 1) + (i % 2 === 0 ? 4 : 0) ? !lit : lit) ? 1 : 0;
}));
const train = { x: tensor(rows.flat(), { shape: [8, D] }), y: tensor(Int32Array.from(rows.map((_, i) => i % 2)), { dtype: 'int32' as const }) };

/** Mean squared distance between a sample and the training images of class c. */
const distanceTo = (sample: number[], c: number) => {
  const own = rows.filter((_, i) => i % 2 === c);
  return own.reduce((s, r) => s + r.reduce((t, p, j) => t + (p - sample[j]!) ** 2, 0), 0) / own.length;
};

describe.each([['fitClassDbns', fitClassDbns], ['fitClassDbms', fitClassDbms]] as [string, GeneratorFit][])('%s', (_, fit) => {
  it('draws samples closer to their own class than to the other, in the order the labels ask', () => {
    const sample = fit(train, { steps: 200, seed: 0, numClasses: 2 });
    const labels = [1, 0, 0, 1, 1, 0];
    const x = sample(tensor(Int32Array.from(labels), { dtype: 'int32' }));
    expect(x.shape).toEqual([labels.length, D]);
    const v = Array.from(x.dataSync(), Number);
    labels.forEach((c, i) => {
      const s = v.slice(D * i, D * (i + 1));
      expect(distanceTo(s, c)).toBeLessThan(distanceTo(s, 1 - c));
    });
  });
});
