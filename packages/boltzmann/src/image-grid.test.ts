import { describe, it, expect } from 'vitest';
import { ShapeError, tensor } from '@dnn/tensor';
import { imageGrid } from './index';

describe('imageGrid', () => {
  it('tiles three 2×2 images into 2 columns with a 1-pixel gap, each scaled to [0, 1]', () => {
    const imgs = tensor([[0, 1, 2, 3], [10, 10, 10, 20], [-1, 1, 1, -1]]);
    const g = imageGrid(imgs, 2, 2, { cols: 2 });
    expect(g.shape).toEqual([5, 5]);
    expect(g.arraySync()).toEqual([
      [0, 1 / 3, 0, 0, 0],
      [2 / 3, 1, 0, 0, 1],
      [0, 0, 0, 0, 0],
      [0, 1, 0, 0, 0],
      [1, 0, 0, 0, 0],
    ].map((r) => r.map((v) => expect.closeTo(v, 6))));
    expect(() => imageGrid(imgs, 3, 3)).toThrow(ShapeError);
  });
});
