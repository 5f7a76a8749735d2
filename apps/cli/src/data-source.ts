import { stat } from 'node:fs/promises';
import {
  DataLoader, FASHION_MNIST_FILES, ImageDataset, compose, fashionMnist, normalize, randomCrop, randomHorizontalFlip,
  type FashionMnist, type FashionMnistSource, type Transform,
} from '@dnn/data';
import { UsageError } from './io';
import type { Device } from '@dnn/tensor';
import { formatCount } from '@dnn/train/node';
import type { DemoData, DemoDataOptions } from './demos/types';

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

/**
 * Fashion-MNIST as a demo's data: the loaders, the description line and the origin a checkpoint
 * records. Refuses, before any training, a training split without images and images whose size is
 * not the model's input (naming both sizes).
 */
export async function fashionMnistData(o: DemoDataOptions, model: { title: string; inputShape: readonly number[] }): Promise<DemoData> {
  const fm = await loadFashionMnist({ dir: o.dir, subset: o.subset }, o.command);
  const where = `${SOURCE_NAMES[fm.source]} at ${fm.path}`;
  if (o.command === 'train' && fm.train.count === 0) {
    throw new Error(`dnn ${o.command}: the training set (${where}) holds no images; nothing to train on`);
  }
  const [channels, height, width] = model.inputShape;
  for (const [name, split] of [['training', fm.train], ['test', fm.test]] as const) {
    if (split.count > 0 && (channels !== 1 || split.rows !== height || split.cols !== width)) {
      throw new Error(
        `dnn ${o.command}: the ${name} images (${where}) are ${split.rows}×${split.cols} grey, ` +
          `but ${model.title} takes [${model.inputShape.join(', ')}] inputs (${height}×${width}${channels === 1 ? ' grey' : `, ${channels} channels`})`,
      );
    }
  }
  const { train, test } = makeLoaders(fm, { batchSize: o.batchSize, seed: o.seed, augment: o.augment, device: o.device });
  return { train, test, trainCount: fm.train.count, description: describeData(fm), origin: { source: fm.source, path: fm.path } };
}
