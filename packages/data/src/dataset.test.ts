import { cpu, tensor } from '@dnn/tensor';
import { describe, expect, it } from 'vitest';
import { ImageDataset, isBatchSource, Subset, TensorDataset } from './dataset';

/** 3 images of 2x2: image i has pixels i*4 .. i*4+3 scaled by 50, labels 7, 8, 9. */
const arrays = {
  images: Uint8Array.from({ length: 12 }, (_, i) => Math.min(255, i * 50)),
  labels: Uint8Array.of(7, 8, 9),
  count: 3,
  rows: 2,
  cols: 2,
};

describe('ImageDataset', () => {
  it('gives float32 [1,rows,cols] in [0,1] and an int32 scalar label', async () => {
    const ds = new ImageDataset(arrays);
    expect(ds.length).toBe(3);
    const { x, y } = ds.get(1);
    expect(x.shape).toEqual([1, 2, 2]);
    expect(x.dtype).toBe('float32');
    expect(Array.from(await x.data())).toEqual([200, 250, 255, 255].map((v) => Math.fround(v / 255)));
    expect(y.shape).toEqual([]);
    expect(y.dtype).toBe('int32');
    expect(y.item()).toBe(8);
    x.dispose();
    y.dispose();
  });

  it('fills a batch without tensors', () => {
    const ds = new ImageDataset(arrays);
    const before = cpu().memory().tensors;
    const x = new Float32Array(8);
    const y = new Int32Array(2);
    ds.fillBatch(Int32Array.of(2, 0), x, y);
    expect(cpu().memory().tensors).toBe(before);
    expect(Array.from(y)).toEqual([9, 7]);
    expect(x[0]).toBe(Math.fround(255 / 255));
    expect(x[4]).toBe(0);
  });

  it('fills a batch through a per-value map: the bits of fillBatch then the map', () => {
    const ds = new ImageDataset(arrays);
    const map = (v: number) => (v - 0.5) * 3;
    const x = new Float32Array(8);
    const y = new Int32Array(2);
    ds.fillBatchMapped(Int32Array.of(1, 2), x, y, map);
    const plain = new Float32Array(8);
    ds.fillBatch(Int32Array.of(1, 2), plain, new Int32Array(2));
    expect(Array.from(x)).toEqual(Array.from(plain, (v) => Math.fround(map(v))));
    expect(Array.from(y)).toEqual([8, 9]);
    // a Subset keeps this path too, remapping indices
    const sub = new Subset(ds, [2, 1]);
    const sx = new Float32Array(8);
    sub.fillBatchMapped!(Int32Array.of(1, 0), sx, new Int32Array(2), map);
    expect(Array.from(sx)).toEqual(Array.from(x));
  });

  it('fills every pixel exactly, read four at a time or one by one', () => {
    // 28x28 images read as words; 3x3 images (9 pixels) and a buffer starting off a word read by byte
    const cases: [number, number, number][] = [[28, 28, 0], [3, 3, 0], [28, 28, 1]];
    for (const [rows, cols, shift] of cases) {
      const count = 5, pixels = rows * cols;
      const backing = new Uint8Array(count * pixels + shift);
      const images = backing.subarray(shift);
      for (let i = 0; i < images.length; i++) images[i] = (i * 37 + 11) % 256;
      const ds = new ImageDataset({ images, labels: Uint8Array.of(0, 1, 2, 3, 4), count, rows, cols });
      const x = new Float32Array(3 * pixels), y = new Int32Array(3);
      const order = [4, 0, 2];
      ds.fillBatch(Int32Array.from(order), x, y);
      const want = order.flatMap((i) => Array.from(images.subarray(i * pixels, (i + 1) * pixels), (v) => Math.fround(v / 255)));
      expect(Array.from(x)).toEqual(want);
      expect(Array.from(y)).toEqual(order);
    }
  });

  it('defaults to 28x28 and checks sizes', () => {
    expect(new ImageDataset({ images: new Uint8Array(784 * 2), labels: new Uint8Array(2), count: 2 }).sampleShape).toEqual([1, 28, 28]);
    expect(() => new ImageDataset({ ...arrays, count: 4 })).toThrow(/not 4 images of 2x2/);
    expect(() => new ImageDataset(arrays).get(3)).toThrow(/index 3 is out of range \[0, 3\)/);
  });
});

describe('TensorDataset', () => {
  const x = tensor([[1, 2], [3, 4], [5, 6]]);
  const y = tensor(Int32Array.of(0, 1, 0), { dtype: 'int32' });

  it('indexes the first dim', async () => {
    const ds = new TensorDataset(x, y);
    expect([ds.length, ds.sampleShape, ds.targetShape, ds.targetDType]).toEqual([3, [2], [], 'int32']);
    const s = ds.get(2);
    expect(await s.x.array()).toEqual([5, 6]);
    expect(s.y.item()).toBe(0);
  });

  it('fills batches from a host snapshot', async () => {
    const ds = new TensorDataset(x, y);
    const bx = new Float32Array(4);
    const by = new Int32Array(2);
    await ds.fillBatch(Int32Array.of(1, 2), bx, by);
    expect(Array.from(bx)).toEqual([3, 4, 5, 6]);
    expect(Array.from(by)).toEqual([1, 0]);
  });

  it('rejects tensors whose first dims differ', () => {
    expect(() => new TensorDataset(x, tensor([1, 2]))).toThrow(/same first dim/);
  });
});

describe('Subset', () => {
  it('remaps indices and keeps the fast path', () => {
    const sub = new Subset(new ImageDataset(arrays), [2, 0]);
    expect(sub.length).toBe(2);
    expect(isBatchSource(sub)).toBe(true);
    const y = new Int32Array(2);
    sub.fillBatch!(Int32Array.of(1, 0), new Float32Array(8), y);
    expect(Array.from(y)).toEqual([7, 9]);
    expect(() => sub.get(2)).toThrow(/out of range/);
    expect(() => new Subset(new ImageDataset(arrays), [3])).toThrow(/out of range/);
  });

  it('has no fast path over a plain dataset', () => {
    const plain = { length: 2, get: (i: number) => i };
    expect(isBatchSource(new Subset(plain, [1]))).toBe(false);
    expect(new Subset(plain, [1]).get(0)).toBe(1);
  });
});
