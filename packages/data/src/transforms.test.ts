import { describe, expect, it } from 'vitest';
import { seededRandom, type Random } from './random';
import { compose, normalize, randomCrop, randomErasing, randomHorizontalFlip, valueMapOf, type ImageBatch } from './transforms';

/** A Random that returns the given values in order, and fails when it runs out. */
function scripted(...values: number[]): Random {
  return () => {
    const v = values.shift();
    if (v === undefined) throw new Error('scripted Random ran out');
    return v;
  };
}
const never: Random = () => {
  throw new Error('this transform should not draw');
};
const batch = (shape: number[], values?: number[]): ImageBatch => ({
  shape,
  data: Float32Array.from(values ?? Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i + 1)),
});
const arr = (b: ImageBatch): number[] => Array.from(b.data);

describe('normalize', () => {
  it('subtracts the mean and divides by the std per channel', () => {
    const out = normalize([1, 10], [2, 5])(batch([1, 2, 1, 2], [1, 3, 10, 20]), never);
    expect(arr(out)).toEqual([0, 1, 0, 2]);
  });

  it('takes scalars for every channel', () => {
    expect(arr(normalize(0.5, 0.5)(batch([1, 1, 1, 2], [0, 1]), never))).toEqual([-1, 1]);
  });

  it('rejects a channel count mismatch and a zero std', () => {
    expect(() => normalize([0, 0, 0], 1)(batch([1, 2, 1, 1]), never)).toThrow(/3 values for 2 channels/);
    expect(() => normalize(0, 0)(batch([1, 1, 1, 1]), never)).toThrow(/std/);
  });

  it('offers its per-value function for one mean and std only: the value the pass writes', () => {
    const map = valueMapOf(normalize(0.286, 0.353))!;
    const b = batch([1, 1, 1, 4], [0, 0.25, 0.5, 1]);
    expect(arr(normalize(0.286, 0.353)(b, never))).toEqual([0, 0.25, 0.5, 1].map((v) => Math.fround(map(Math.fround(v)))));
    expect(map(0.5)).toBe((0.5 - 0.286) * (1 / 0.353));
    expect(valueMapOf(normalize([1, 10], [2, 5]))).toBeUndefined();
    expect(valueMapOf(normalize(0, 0))).toBeUndefined(); // still rejected where applied
    expect(valueMapOf(randomHorizontalFlip())).toBeUndefined();
  });
});

describe('randomHorizontalFlip', () => {
  it('flips the images whose draw is below p', () => {
    const b = batch([2, 1, 2, 3]); // image 0: 1..6, image 1: 7..12
    const out = randomHorizontalFlip(0.5)(b, scripted(0.2, 0.9));
    expect(arr(out)).toEqual([3, 2, 1, 6, 5, 4, 7, 8, 9, 10, 11, 12]);
  });

  it('flips every channel of a chosen image', () => {
    const out = randomHorizontalFlip(1)(batch([1, 2, 1, 2]), scripted(0));
    expect(arr(out)).toEqual([2, 1, 4, 3]);
  });
});

describe('randomCrop', () => {
  it('cuts a window at the drawn offset', () => {
    // 3x3 image 1..9, crop 2x2, no padding: offsets in {0,1}; draws 0.9 → top 1, 0.1 → left 0
    const out = randomCrop(2)(batch([1, 1, 3, 3]), scripted(0.9, 0.1));
    expect(out.shape).toEqual([1, 1, 2, 2]);
    expect(arr(out)).toEqual([4, 5, 7, 8]);
  });

  it('fills the padding', () => {
    // 2x2 image padded by 1 to 4x4; crop 2x2 at padded (0,0) takes the corner of padding
    const out = randomCrop(2, 1, -1)(batch([1, 1, 2, 2]), scripted(0, 0));
    expect(arr(out)).toEqual([-1, -1, -1, 1]);
  });

  it('with full-size crop and padding shifts the image', () => {
    // 28x28 crop with padding 4 at padded offset (4,4) is the identity
    const b = batch([1, 1, 28, 28]);
    const out = randomCrop(28, 4)(b, scripted(4 / 9 + 1e-9, 4 / 9 + 1e-9));
    expect(arr(out)).toEqual(arr(b));
  });

  it('draws per image and keeps channels together', () => {
    const out = randomCrop([1, 1])(batch([2, 2, 2, 2]), scripted(0, 0, 0.99, 0.99));
    expect(arr(out)).toEqual([1, 5, 12, 16]);
  });

  it('rejects a crop larger than the padded image', () => {
    expect(() => randomCrop(5, 1)(batch([1, 1, 2, 2]), never)).toThrow(/does not fit/);
  });
});

describe('randomErasing', () => {
  it('erases the rectangle torchvision would', () => {
    // 4x4 image; p draw 0.1 < 0.5; area draw 0 → 16*0.25 = 4; ratio draw 0.5 → aspect 1 → 2x2;
    // top draw 0.5 → floor(0.5*3) = 1; left draw 0 → 0
    const b = batch([1, 2, 4, 4]);
    const out = randomErasing(0.5, [0.25, 0.5], [0.5, 2], 0)(b, scripted(0.1, 0, 0.5, 0.5, 0));
    const plane = [1, 2, 3, 4, 0, 0, 7, 8, 0, 0, 11, 12, 13, 14, 15, 16];
    expect(arr(out)).toEqual([...plane, ...plane.map((v) => (v === 0 ? 0 : v + 16))]);
  });

  it('skips images whose coin is at or above p', () => {
    const b = batch([1, 1, 4, 4]);
    expect(arr(randomErasing(0.5)(b, scripted(0.5)))).toEqual(arr(batch([1, 1, 4, 4])));
  });

  it('gives up after 10 tries at rectangles that do not fit', () => {
    // scale [1,1] makes the rectangle the whole image, which never fits (h < H fails)
    const draws = [0, ...new Array<number>(20).fill(0.5)];
    const b = batch([1, 1, 4, 4]);
    expect(arr(randomErasing(1, [1, 1], [1, 1])(b, scripted(...draws)))).toEqual(arr(batch([1, 1, 4, 4])));
  });
});

describe('compose', () => {
  it('applies in order with one stream and is reproducible by seed', () => {
    const t = compose(randomCrop(28, 4), randomHorizontalFlip(), randomErasing(), normalize(0.2860, 0.3530));
    const src = batch([8, 1, 28, 28]);
    src.data.forEach((_, i) => (src.data[i] = (i % 255) / 255));
    const run = (seed: number): Float32Array => t({ shape: src.shape, data: src.data.slice() }, seededRandom(seed)).data;
    expect(run(1)).toEqual(run(1));
    expect(run(1)).not.toEqual(run(2));
  });

  it('rejects batches that are not [B,C,H,W]', () => {
    expect(() => randomHorizontalFlip()(batch([2, 3]), never)).toThrow(/\[B,C,H,W\]/);
  });
});
