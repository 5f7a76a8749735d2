import { describe, expect, it } from 'vitest';
import { flatImageTensors } from './image-tensors';

describe('flatImageTensors', () => {
  it('flattens the first images to [0, 1] rows with int32 labels', () => {
    const split = { images: Uint8Array.from([0, 255, 51, 102, 1, 2, 3, 4, 9, 9, 9, 9]), labels: Uint8Array.from([7, 3, 1]), count: 3, rows: 2, cols: 2 };
    const { x, y } = flatImageTensors(split, { limit: 2 });
    expect(x.shape).toEqual([2, 4]);
    expect(Array.from(x.dataSync())).toEqual([0, 1, 0.2, 0.4, 1 / 255, 2 / 255, 3 / 255, 4 / 255].map((v) => Math.fround(v)));
    expect(y.dtype).toBe('int32');
    expect(Array.from(y.dataSync())).toEqual([7, 3]);
    expect(flatImageTensors(split).x.shape).toEqual([3, 4]);
  });
});
