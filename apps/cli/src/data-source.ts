import { stat } from 'node:fs/promises';
import {
  DataLoader, FASHION_MNIST_FILES, ImageDataset, compose, fashionMnist, normalize, randomCrop, randomHorizontalFlip,
  type FashionMnist, type FashionMnistSource, type Transform,
} from '@dnn/data';
import { UsageError } from './io';
import type { Device } from '@dnn/tensor';
import { formatCount } from './progress';

/** Fashion-MNIST's pixel mean and standard deviation (training set, pixels in [0, 1]). */
export const FASHION_MNIST_MEAN = 0.286;
export const FASHION_MNIST_STD = 0.353;

const SOURCE_NAMES: Record<FashionMnistSource, string> = {
  dir: 'the --data folder',
  system: 'system copy',
  cache: 'user cache',
  subset: 'embedded subset',
};

/**
 * Fashion-MNIST from the system folder, the user cache or the embedded subset (see @dnn/data); with
 * --data, from that folder only: asking for a folder and silently getting other data would mislead.
 */
export async function loadFashionMnist(opts: { dir?: string; subset?: boolean }, command: string): Promise<FashionMnist> {
  if (opts.dir === undefined || opts.subset) return fashionMnist({ subset: opts.subset });
  if (!(await isDirectory(opts.dir))) throw new UsageError(`dnn ${command}: --data ${opts.dir}: no such folder`, command);
  const fm = await fashionMnist({ dir: opts.dir, systemDir: null, cacheDir: null });
  if (fm.source !== 'dir') {
    throw new UsageError(`dnn ${command}: --data ${opts.dir} holds none of the Fashion-MNIST files (${Object.values(FASHION_MNIST_FILES).join(', ')})`, command);
  }
  return fm;
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isDirectory(), () => false);
}

/** The line that says which data a run used: source, folder and counts. */
export function describeData(fm: FashionMnist): string {
  const counts = `${formatCount(fm.train.count)} train / ${formatCount(fm.test.count)} test images`;
  const note = fm.source === 'subset' ? '; a small sample for tests and demos, not comparable with published results' : '';
  return `data: Fashion-MNIST, ${SOURCE_NAMES[fm.source]} (${fm.source}) at ${fm.path}: ${counts}${note}`;
}

export interface LoaderOptions {
  batchSize: number;
  seed: number;
  augment: boolean;
  device?: Device;
}

/** Training loader (shuffled by seed and epoch, optionally augmented) and test loader (in order). */
export function makeLoaders(fm: FashionMnist, o: LoaderOptions): { train: DataLoader; test: DataLoader } {
  const norm = normalize(FASHION_MNIST_MEAN, FASHION_MNIST_STD);
  const trainTransform: Transform = o.augment ? compose(randomCrop(28, 2), randomHorizontalFlip(0.5), norm) : norm;
  return {
    train: new DataLoader(new ImageDataset(fm.train), {
      batchSize: o.batchSize, shuffle: true, seed: o.seed, dropLast: false, transform: trainTransform, device: o.device,
    }),
    test: testLoader(fm, o.device),
  };
}

export function testLoader(fm: FashionMnist, device?: Device): DataLoader {
  return new DataLoader(new ImageDataset(fm.test), {
    batchSize: 500, transform: normalize(FASHION_MNIST_MEAN, FASHION_MNIST_STD), device,
  });
}
