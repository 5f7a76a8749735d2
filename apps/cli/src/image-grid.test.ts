import { describe, it, expect } from 'vitest';
import { imageGrid } from './image-grid';

describe('imageGrid', () => {
  it('tiles square images cols per row inside a one-pixel grey border', () => {
    // three 2×2 images, two per row: a 7×7 grid
    const values = [0, 0.25, 0.5, 0.75, 1, 1, 1, 1, 0.1, 0.2, 0.3, 0.4];
    const { pixels, width, height } = imageGrid(values, 3, 2);
    expect([width, height]).toEqual([7, 7]);
    const at = (y: number, x: number) => pixels[y * width + x]!;
    expect([at(1, 1), at(1, 2), at(2, 1), at(2, 2)]).toEqual([0, 0.25, 0.5, 0.75]);
    expect([at(1, 4), at(2, 5)]).toEqual([1, 1]);
    expect([at(4, 1), at(4, 2), at(5, 1), at(5, 2)].map((v) => Math.round(v * 10) / 10)).toEqual([0.1, 0.2, 0.3, 0.4]);
    // borders and the empty fourth tile are grey
    expect([at(0, 0), at(3, 3), at(4, 4), at(6, 6)].every((v) => Math.round(v * 255) === 128)).toBe(true);
  });
});
