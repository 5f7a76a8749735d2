import { cpu, tensor, type Tensor } from '@dnn/tensor';
import { describe, expect, it } from 'vitest';
import { ImageDataset, TensorDataset, type BatchSource, type Dataset, type Sample } from './dataset';
import { fashionMnist } from './fashion-mnist';
import { DataLoader, type Batch } from './loader';
import { normalize, randomCrop, randomHorizontalFlip } from './transforms';

/** n images of 28x28 where every pixel of image i is i % 256, and label i % 10. */
function images(n: number): ImageDataset {
  const data = new Uint8Array(n * 784);
  for (let i = 0; i < n; i++) data.fill(i % 256, i * 784, (i + 1) * 784);
  return new ImageDataset({ images: data, labels: Uint8Array.from({ length: n }, (_, i) => i % 10), count: n });
}

async function epoch(loader: DataLoader): Promise<Batch[]> {
  const out: Batch[] = [];
  for await (const b of loader) out.push(b);
  return out;
}
const order = (batches: Batch[]): number[] => batches.flatMap((b) => Array.from(b.indices));
const disposeAll = (batches: Batch[]): void => batches.forEach((b) => (b.x.dispose(), b.y.dispose()));

describe('DataLoader', () => {
  it('yields float32 [B,1,28,28] and int32 [B] matching the indexed samples', async () => {
    const loader = new DataLoader(images(10), { batchSize: 4 });
    expect(loader.length).toBe(3);
    const batches = await epoch(loader);
    expect(batches.map((b) => b.x.shape)).toEqual([[4, 1, 28, 28], [4, 1, 28, 28], [2, 1, 28, 28]]);
    expect(batches.map((b) => b.y.shape)).toEqual([[4], [4], [2]]);
    expect(batches[0]!.x.dtype).toBe('float32');
    expect(batches[0]!.y.dtype).toBe('int32');
    for (const b of batches) {
      const x = await b.x.data();
      const y = await b.y.data();
      b.indices.forEach((i, k) => {
        expect(y[k]).toBe(i % 10);
        expect(x[k * 784]).toBe(Math.fround(i / 255));
        expect(x[k * 784 + 783]).toBe(Math.fround(i / 255));
      });
    }
    expect(order(batches)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    disposeAll(batches);
  });

  it('covers every sample once per epoch when shuffling', async () => {
    const loader = new DataLoader(images(103), { batchSize: 10, shuffle: true, seed: 5 });
    for (let e = 0; e < 3; e++) {
      const batches = await epoch(loader);
      expect(order(batches).sort((a, b) => a - b)).toEqual(Array.from({ length: 103 }, (_, i) => i));
      expect(batches.every((b) => b.epoch === e)).toBe(true);
      disposeAll(batches);
    }
  });

  it('same seed gives the same order; the next epoch a different one', async () => {
    const a = new DataLoader(images(50), { batchSize: 8, shuffle: true, seed: 11 });
    const b = new DataLoader(images(50), { batchSize: 8, shuffle: true, seed: 11 });
    const a0 = await epoch(a);
    const b0 = await epoch(b);
    const a1 = await epoch(a);
    expect(order(a0)).toEqual(order(b0));
    expect(order(a1)).not.toEqual(order(a0));
    expect(order(a0)).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
    // resuming at epoch 1 reproduces epoch 1
    const c = new DataLoader(images(50), { batchSize: 8, shuffle: true, seed: 11 });
    c.epoch = 1;
    const c1 = await epoch(c);
    expect(order(c1)).toEqual(order(a1));
    // and the batch contents follow the order
    expect(Array.from(await a1[0]!.y.data())).toEqual(Array.from(a1[0]!.indices, (i) => i % 10));
    [a0, b0, a1, c1].forEach(disposeAll);
  });

  it('drops the short last batch with dropLast', async () => {
    const loader = new DataLoader(images(10), { batchSize: 4, dropLast: true, shuffle: true });
    expect(loader.length).toBe(2);
    const batches = await epoch(loader);
    expect(batches.map((b) => b.x.shape[0])).toEqual([4, 4]);
    expect(new Set(order(batches)).size).toBe(8);
    disposeAll(batches);
  });

  it('folds normalize into an ImageDataset\'s byte table: the same bits as the separate pass, in one', async () => {
    const ds = images(300); // every byte value
    const norm = normalize(0.286, 0.353);
    const fillsMapped: number[] = [];
    const spy = Object.assign(Object.create(ds) as ImageDataset, {
      fillBatchMapped: (...a: Parameters<ImageDataset['fillBatchMapped']>) => (fillsMapped.push(a[0].length), ds.fillBatchMapped(...a)),
    });
    // the same transform without its valueMap: the generic path, fillBatch then the pass over the batch
    const folded = await epoch(new DataLoader(spy, { batchSize: 128, shuffle: true, seed: 3, transform: norm }));
    const separate = await epoch(new DataLoader(ds, { batchSize: 128, shuffle: true, seed: 3, transform: (b, r) => norm(b, r) }));
    expect(fillsMapped).toEqual([128, 128, 44]);
    for (let k = 0; k < folded.length; k++) {
      expect(folded[k]!.indices).toEqual(separate[k]!.indices);
      expect(await folded[k]!.x.data()).toEqual(await separate[k]!.x.data());
      expect(await folded[k]!.y.data()).toEqual(await separate[k]!.y.data());
    }
    const x = await folded[0]!.x.data();
    const i = folded[0]!.indices[0]!;
    expect(x[0]).toBe(Math.fround((Math.fround((i % 256) / 255) - 0.286) * (1 / 0.353)));
    disposeAll(folded);
    disposeAll(separate);
  });

  it('yields nothing for an empty dataset or when dropLast leaves no full batch', async () => {
    expect(await epoch(new DataLoader(images(0), { batchSize: 4 }))).toEqual([]);
    expect(await epoch(new DataLoader(images(3), { batchSize: 4, dropLast: true }))).toEqual([]);
  });

  it('prepares the next batch while the current one is used', async () => {
    const ds = images(12);
    const filled: number[] = [];
    const spy: BatchSource = {
      length: ds.length, sampleShape: ds.sampleShape, targetShape: ds.targetShape, targetDType: ds.targetDType,
      fillBatch: (idx, x, y) => {
        filled.push(idx[0]!);
        ds.fillBatch(idx, x, y);
      },
    };
    const it = new DataLoader(spy, { batchSize: 4 })[Symbol.asyncIterator]();
    const first = await it.next();
    expect(first.done).toBe(false);
    await new Promise((r) => setTimeout(r, 0)); // the consumer awaits something
    expect(filled).toEqual([0, 4]); // batch 1 was built before it was asked for
    await it.return!();
    first.value.x.dispose();
    first.value.y.dispose();
  });

  it('disposes nothing the consumer holds and leaves nothing behind', async () => {
    const device = cpu();
    const before = device.memory().tensors;
    const loader = new DataLoader(images(20), { batchSize: 4, shuffle: true });
    const held: Batch[] = [];
    for await (const b of loader) {
      held.push(b);
      if (held.length === 3) break; // stop early, with a batch prefetched
    }
    expect(held.every((b) => !b.x.disposed && !b.y.disposed)).toBe(true);
    expect(device.memory().tensors).toBe(before + 6); // exactly what was handed out
    expect((await held[0]!.x.data()).length).toBe(4 * 784); // still readable after the loop
    disposeAll(held);
    expect(device.memory().tensors).toBe(before);
  });

  it('applies the transform reproducibly, per epoch, and may change the size', async () => {
    // one ramp image (pixel p = p % 256) so that different crop offsets give different values
    const ramp = new ImageDataset({ images: new Uint8Array(784).map((_, p) => p % 256), labels: Uint8Array.of(0), count: 1 });
    const cropped = async (seed: number, epochNo: number): Promise<string> => {
      const loader = new DataLoader(ramp, { seed, transform: randomCrop(24) });
      loader.epoch = epochNo;
      const [b] = await epoch(loader);
      expect(b!.x.shape).toEqual([1, 1, 24, 24]);
      const v = JSON.stringify(Array.from(await b!.x.data()));
      disposeAll([b!]);
      return v;
    };
    expect(await cropped(1, 0)).toBe(await cropped(1, 0));
    const perEpoch = new Set<string>();
    for (let e = 0; e < 6; e++) perEpoch.add(await cropped(1, e));
    expect(perEpoch.size).toBeGreaterThan(1); // 25 offsets: six epochs all alike would be a bug
  });

  it('flips only a copy: the dataset is unchanged', async () => {
    const ds = images(2);
    const loader = new DataLoader(ds, { batchSize: 2, transform: randomHorizontalFlip(1) });
    disposeAll(await epoch(loader));
    const s = ds.get(1);
    expect((await s.x.data())[0]).toBe(Math.fround(1 / 255));
    s.x.dispose();
    s.y.dispose();
  });

  it('stacks samples of a dataset without the fast path', async () => {
    const xs = [tensor([[1, 2]]), tensor([[3, 4]]), tensor([[5, 6]])];
    const ds: Dataset<Sample> = { length: 3, get: (i) => ({ x: xs[i]!, y: tensor(i * 10, { dtype: 'int32' }) }) };
    const [b0, b1] = await epoch(new DataLoader(ds, { batchSize: 2 }));
    expect(b0!.x.shape).toEqual([2, 1, 2]);
    expect(await b0!.x.array()).toEqual([[[1, 2]], [[3, 4]]]);
    expect(Array.from(await b1!.y.data())).toEqual([20]);
    expect(b1!.y.dtype).toBe('int32');
    expect(xs.every((x) => !x.disposed)).toBe(true); // the dataset's own tensors are left alone
    disposeAll([b0!, b1!]);
  });

  it('reports samples of different shapes', async () => {
    const xs: Tensor[] = [tensor([1, 2]), tensor([1, 2, 3])];
    const ds: Dataset<Sample> = { length: 2, get: (i) => ({ x: xs[i]!, y: tensor(0) }) };
    await expect(epoch(new DataLoader(ds, { batchSize: 2 }))).rejects.toThrow(/sample 1 has x \[3\]/);
  });

  it('batches a TensorDataset with float targets', async () => {
    const ds = new TensorDataset(tensor([[1], [2], [3]]), tensor([[0.5, 1], [1.5, 2], [2.5, 3]]));
    const [b] = await epoch(new DataLoader(ds, { batchSize: 3 }));
    expect(b!.y.dtype).toBe('float32');
    expect(await b!.y.array()).toEqual([[0.5, 1], [1.5, 2], [2.5, 3]]);
    disposeAll([b!]);
  });

  it('rejects a bad batch size', () => {
    expect(() => new DataLoader(images(1), { batchSize: 0 })).toThrow(/positive integer/);
  });

  it('runs an epoch of the embedded subset', async () => {
    const { train } = await fashionMnist({ subset: true });
    const loader = new DataLoader(new ImageDataset(train), { batchSize: 256, shuffle: true, seed: 1 });
    expect(loader.length).toBe(24);
    const counts = new Array<number>(10).fill(0);
    let samples = 0;
    for await (const { x, y } of loader) {
      for (const l of await y.data()) counts[l]!++;
      samples += x.shape[0]!;
      x.dispose();
      y.dispose();
    }
    expect(samples).toBe(6000);
    expect(counts).toEqual(new Array(10).fill(600));
  });
});
