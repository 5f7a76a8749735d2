import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { sha256Hex } from './checksum';
import { DatasetError, IdxError } from './errors';
import { FASHION_MNIST_FILES, fashionMnist, SYSTEM_FASHION_MNIST_DIR, type ImageSplit } from './fashion-mnist';
import { FASHION_MNIST_CONTENT_SHA256 } from './fetch-fashion-mnist';
import { packageSubsetDir } from './node-io';

const none = { systemDir: null, cacheDir: null } as const;
const temps: string[] = [];
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'dnn-fmnist-'));
  temps.push(d);
  return d;
}
afterAll(async () => {
  await Promise.all(temps.map((d) => rm(d, { recursive: true, force: true })));
});

/** A folder holding a copy of the embedded subset, to stand in for a dir/system/cache copy. */
async function subsetCopy(): Promise<string> {
  const dir = await tempDir();
  const src = await packageSubsetDir();
  for (const name of Object.values(FASHION_MNIST_FILES)) await copyFile(join(src, name), join(dir, name));
  return dir;
}

function classCounts(split: ImageSplit): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const l of split.labels) counts[l]!++;
  return counts;
}

describe('the embedded subset', () => {
  it('loads with 600 train and 100 test images per class', async () => {
    const fm = await fashionMnist({ subset: true });
    expect(fm.source).toBe('subset');
    expect(fm.train.count).toBe(6000);
    expect(fm.test.count).toBe(1000);
    expect([fm.train.rows, fm.train.cols]).toEqual([28, 28]);
    expect(fm.train.images.length).toBe(6000 * 784);
    expect(fm.test.images.length).toBe(1000 * 784);
    expect(classCounts(fm.train)).toEqual(new Array(10).fill(600));
    expect(classCounts(fm.test)).toEqual(new Array(10).fill(100));
  });

  it('holds real images, not blanks', async () => {
    const { train } = await fashionMnist({ subset: true });
    let sum = 0;
    for (const p of train.images) sum += p;
    const mean = sum / train.images.length / 255;
    expect(mean).toBeGreaterThan(0.25); // Fashion-MNIST's pixel mean is 0.286
    expect(mean).toBeLessThan(0.32);
  });

  it('is the fallback when no other place has the files', async () => {
    const fm = await fashionMnist({ ...none, dir: join(tmpdir(), 'dnn-no-such-dir') });
    expect(fm.source).toBe('subset');
    expect(fm.path).toBe(await packageSubsetDir());
  });
});

describe('fashionMnist search order', () => {
  it('takes the given dir first', async () => {
    const dir = await subsetCopy();
    const fm = await fashionMnist({ dir, systemDir: await subsetCopy(), cacheDir: null });
    expect([fm.source, fm.path]).toEqual(['dir', dir]);
  });

  it('then the system dir, then the cache', async () => {
    const system = await subsetCopy();
    const cache = await subsetCopy();
    expect((await fashionMnist({ systemDir: system, cacheDir: cache })).source).toBe('system');
    const fm = await fashionMnist({ systemDir: join(system, 'missing'), cacheDir: cache });
    expect([fm.source, fm.path]).toEqual(['cache', cache]);
  });

  it('reads uncompressed files too', async () => {
    const dir = await tempDir();
    const src = await packageSubsetDir();
    for (const name of Object.values(FASHION_MNIST_FILES)) {
      await writeFile(join(dir, name.replace(/\.gz$/, '')), gunzipSync(await readFile(join(src, name))));
    }
    const fm = await fashionMnist({ ...none, dir });
    expect([fm.source, fm.train.count]).toEqual(['dir', 6000]);
  });

  it('refuses a folder with only some of the files', async () => {
    const dir = await subsetCopy();
    await rm(join(dir, FASHION_MNIST_FILES.testLabels));
    await expect(fashionMnist({ ...none, dir })).rejects.toThrow(DatasetError);
    await expect(fashionMnist({ ...none, dir })).rejects.toThrow(/incomplete: missing t10k-labels-idx1-ubyte\.gz/);
  });

  it('reports a corrupted file by name instead of falling back', async () => {
    const dir = await subsetCopy();
    const path = join(dir, FASHION_MNIST_FILES.trainImages);
    const gz = await readFile(path);
    await writeFile(path, gz.subarray(0, 1000)); // a cut download
    const err = await fashionMnist({ ...none, dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IdxError);
    expect((err as IdxError).message).toMatch(/^train-images-idx3-ubyte\.gz: corrupt gzip data/);
  });

  it('reports image and label counts that disagree', async () => {
    const dir = await subsetCopy();
    await copyFile(join(dir, FASHION_MNIST_FILES.testLabels), join(dir, FASHION_MNIST_FILES.trainLabels));
    await expect(fashionMnist({ ...none, dir })).rejects.toThrow(
      'train-images-idx3-ubyte.gz has 6000 images but train-labels-idx1-ubyte.gz has 1000 labels',
    );
  });
});

// CI installs Debian's dataset-fashion-mnist, so there a missing folder is a failure, not a skip.
const haveSystem = existsSync(SYSTEM_FASHION_MNIST_DIR);
describe('the full data set', () => {
  it('is installed where CI expects it', () => {
    if (process.env.CI) expect(haveSystem, `${SYSTEM_FASHION_MNIST_DIR} (apt-get install dataset-fashion-mnist)`).toBe(true);
  });

  // inflating and hashing ~55 MB takes seconds on a busy 2-core machine: more than the 5 s default
  it.runIf(haveSystem)('loads from /usr/share with 60,000 + 10,000 balanced images', { timeout: 30_000 }, async () => {
    const fm = await fashionMnist({ cacheDir: null });
    expect([fm.source, fm.path]).toEqual(['system', SYSTEM_FASHION_MNIST_DIR]);
    expect(fm.train.count).toBe(60000);
    expect(fm.test.count).toBe(10000);
    expect(classCounts(fm.train)).toEqual(new Array(10).fill(6000));
    expect(classCounts(fm.test)).toEqual(new Array(10).fill(1000));
    // the same content as the official release, whatever the compression
    for (const [key, name] of Object.entries(FASHION_MNIST_FILES) as [keyof typeof FASHION_MNIST_FILES, string][]) {
      const raw = gunzipSync(await readFile(join(SYSTEM_FASHION_MNIST_DIR, name)));
      expect(await sha256Hex(new Uint8Array(raw)), name).toBe(FASHION_MNIST_CONTENT_SHA256[key]);
    }
  });
});
